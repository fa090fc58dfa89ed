// filterLinks and parseUrlsFile: which hrefs and file lines become candidate pages.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, EXIT } from "../../src/errors.js";
import { filterLinks, hasNonPageExtension } from "../../src/frontier/links.js";
import { parseUrlsFile, readUrlsFile } from "../../src/frontier/urls-file.js";

const PAGE = "https://www.dailybugle.example/news/city-hall";

describe("filterLinks", () => {
  it("resolves relative links against the page and keeps their order", () => {
    expect(
      filterLinks(["/sport", "world", "../about", "?page=2", "//www.dailybugle.example/x"], PAGE),
    ).toEqual([
      "https://www.dailybugle.example/sport",
      "https://www.dailybugle.example/news/world",
      "https://www.dailybugle.example/about",
      "https://www.dailybugle.example/news/city-hall?page=2",
      "https://www.dailybugle.example/x",
    ]);
  });

  it.each([
    ["mailto:desk@dailybugle.example"],
    ["tel:+15550100"],
    ["javascript:void(0)"],
    [" JavaScript:openMenu()"],
    ["data:text/html,hi"],
    ["blob:https://www.dailybugle.example/1"],
    ["sms:+15550100"],
    ["ftp://files.dailybugle.example/a"],
    ["#comments"],
    [""],
    ["   "],
    ["http://[bad"],
  ])("drops %j", (href) => {
    expect(filterLinks([href], PAGE)).toEqual([]);
  });

  it.each([
    ["/files/annual-report.pdf"],
    ["/img/photo.JPG"],
    ["/downloads/app.zip?v=2"],
    ["https://static.bugle-cdn.example/a.mp4#t=3"],
    ["/feed.xml"],
    ["/fonts/serif.woff2"],
  ])("drops the file link %j", (href) => {
    expect(filterLinks([href], PAGE)).toEqual([]);
  });

  it("keeps pages that merely look like files or have no extension", () => {
    const hrefs = [
      "/article.html",
      "/page.php?id=3",
      "/news/2026.11",
      "/v1.2/",
      "/index.aspx",
      "/about",
    ];
    expect(filterLinks(hrefs, PAGE)).toHaveLength(hrefs.length);
  });

  it("keeps links to other sites (the frontier decides) and drops exact repeats", () => {
    expect(
      filterLinks(["https://x.example/a", "https://x.example/a", "https://x.example/a#b"], PAGE),
    ).toEqual(["https://x.example/a", "https://x.example/a#b"]);
  });

  it("looks only at the last path segment for an extension", () => {
    expect(hasNonPageExtension("/files.pdf/view")).toBe(false);
    expect(hasNonPageExtension("/a/b.tar")).toBe(true);
    expect(hasNonPageExtension("/a/")).toBe(false);
  });
});

describe("parseUrlsFile", () => {
  it("reads one URL per line with comments, blank lines, CRLF and a BOM", () => {
    const text = [
      "\uFEFF# pages to audit",
      "https://www.dailybugle.example/",
      "",
      "   https://www.dailybugle.example/news#latest   # the fragment stays part of the URL",
      "www.dailybugle.example/sport",
      "dailybugle.example:8443/staging",
      "\t# indented comment",
      "http://www.dailybugle.example/a",
    ].join("\r\n");
    expect(parseUrlsFile(text, "urls.txt")).toEqual([
      "https://www.dailybugle.example/",
      "https://www.dailybugle.example/news#latest",
      "https://www.dailybugle.example/sport",
      "https://dailybugle.example:8443/staging",
      "http://www.dailybugle.example/a",
    ]);
  });

  it("returns nothing for an empty or comment-only file", () => {
    expect(parseUrlsFile("", "urls.txt")).toEqual([]);
    expect(parseUrlsFile("# nothing yet\n\n", "urls.txt")).toEqual([]);
  });

  it.each([
    ["ftp://files.example/a", 2, /not a web page \(scheme ftp:\)/],
    ["https://a.example/ https://b.example/", 2, /one URL per line/],
    ["https://", 2, /not a valid URL/],
    ["mailto:desk@dailybugle.example", 2, /not a web page/],
    ["https://bad..example/", 2, /no valid host name|not a valid URL/],
  ])("rejects %j naming file:line", (bad, line, message) => {
    const text = `https://www.dailybugle.example/\n${bad}\nhttps://www.dailybugle.example/ok\n`;
    let caught: unknown;
    try {
      parseUrlsFile(text, "lists/urls.txt");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.file).toBe("lists/urls.txt");
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^lists/urls\\.txt:${line}: `));
    expect(error.message).toMatch(message);
    expect(error.exitCode).toBe(EXIT.usage);
  });
});

describe("readUrlsFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "skimscan-urls-file-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a real file", () => {
    const file = path.join(dir, "urls.txt");
    writeFileSync(file, "# audit\nhttps://www.dailybugle.example/\nwww.dailybugle.example/sport\n");
    expect(readUrlsFile(file)).toEqual([
      "https://www.dailybugle.example/",
      "https://www.dailybugle.example/sport",
    ]);
  });

  it("names a missing file or a directory as a configuration error", () => {
    const missing = path.join(dir, "nope.txt");
    expect(() => readUrlsFile(missing)).toThrow(ConfigError);
    expect(() => readUrlsFile(missing)).toThrow(
      `${missing}: cannot read the URLs file: no such file`,
    );
    expect(() => readUrlsFile(dir)).toThrow(/is a directory, not a file/);
  });

  it("reports a bad line with the file's own path", () => {
    const file = path.join(dir, "bad.txt");
    writeFileSync(file, "https://www.dailybugle.example/\n\nftp://x.example/\n");
    expect(() => readUrlsFile(file)).toThrow(`${file}:3: not a web page (scheme ftp:)`);
  });
});

// HAR parsing (pure) and the streaming reader on real files: exporter shapes modelled field for
// field on DevTools, WebPageTest, Firefox and chrome-har output, and every bad-input case.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { ConfigError } from "../../src/errors.js";
import { harInitiator } from "../../src/har/har-initiator.js";
import { captureFromHars } from "../../src/har/load-hars.js";
import { readHar } from "../../src/har/read-har.js";
import { guessResourceType, namedResourceType } from "../../src/har/resource-type.js";
import { renderJson } from "../../src/report/render-json.js";
import { reportSchemaErrors } from "../helpers/report-schema.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "skimscan-har-unit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function file(content: unknown): string {
  const f = path.join(tmp, `h${++n}.har`);
  writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
  return f;
}
const TOOL = { name: "skimscan", version: "test" };
const T0 = Date.parse("2026-12-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();

interface E {
  url: string;
  ms?: number;
  status?: number;
  mime?: string;
  method?: string;
  reqHeaders?: [string, string][];
  resHeaders?: [string, string][];
  extra?: Record<string, unknown>;
  redirectURL?: string;
  postData?: Record<string, unknown>;
}
function entry(e: E): Record<string, unknown> {
  return {
    startedDateTime: at(e.ms ?? 0),
    time: 10,
    request: {
      method: e.method ?? "GET",
      url: e.url,
      httpVersion: "HTTP/1.1",
      headers: (e.reqHeaders ?? []).map(([name, value]) => ({ name, value })),
      cookies: [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
      ...(e.postData ? { postData: e.postData } : {}),
    },
    response: {
      status: e.status ?? 200,
      statusText: "",
      httpVersion: "HTTP/1.1",
      headers: (e.resHeaders ?? []).map(([name, value]) => ({ name, value })),
      cookies: [],
      content: { size: 42, mimeType: e.mime ?? "text/html" },
      redirectURL: e.redirectURL ?? "",
      headersSize: -1,
      bodySize: 42,
    },
    cache: {},
    timings: { send: 0, wait: 5, receive: 5 },
    ...e.extra,
  };
}
const har = (entries: unknown[], more: Record<string, unknown> = {}) => ({
  log: {
    version: "1.2",
    creator: { name: "WebInspector", version: "537.36" },
    pages: [],
    entries,
    ...more,
  },
});

describe("resource types", () => {
  it("takes the exporter's name, else guesses from MIME type and URL", () => {
    expect(namedResourceType("script")).toBe("Script");
    expect(namedResourceType("ping")).toBe("Ping");
    expect(namedResourceType("nonsense")).toBeUndefined();
    expect(
      guessResourceType({ url: "https://a.example/x", method: "GET", mimeType: "image/gif" }),
    ).toBe("Image");
    expect(guessResourceType({ url: "https://a.example/t.js?v=1", method: "GET" })).toBe("Script");
    expect(guessResourceType({ url: "wss://a.example/s", method: "GET" })).toBe("WebSocket");
  });
});

describe("initiators", () => {
  it("reads DevTools' CDP object with its async stack", () => {
    const i = harInitiator({
      _initiator: {
        type: "script",
        stack: {
          callFrames: [],
          parent: {
            description: "Image",
            callFrames: [
              {
                url: "https://t.example/c.js",
                functionName: "",
                scriptId: "9",
                lineNumber: 1,
                columnNumber: 2,
              },
            ],
          },
        },
      },
    });
    expect(i.type).toBe("script");
    expect(i.stack?.parent?.frames[0]?.url).toBe("https://t.example/c.js");
  });
  it("reads chrome-har's JSON string and WebPageTest's bare URL, and says unknown otherwise", () => {
    expect(
      harInitiator({ _initiator_detail: '{"type":"parser","url":"https://p.example/"}' }),
    ).toEqual({
      type: "parser",
      url: "https://p.example/",
    });
    const wpt = harInitiator({
      _initiator: "https://t.example/tag.js",
      _initiator_line: "12",
      _initiator_type: "script",
    });
    expect(wpt.stack?.frames[0]).toMatchObject({ url: "https://t.example/tag.js", lineNumber: 11 });
    expect(harInitiator({}).type).toBe("unknown");
  });
});

describe("DevTools-shaped HAR: redirects, cookies, chains", () => {
  it("joins redirect hops into one request, each hop keeping its own Set-Cookie", async () => {
    const pageUrl = "https://www.pub.example/";
    const f = file(
      har(
        [
          entry({
            url: pageUrl,
            extra: { _resourceType: "document", _initiator: { type: "other" } },
            resHeaders: [["Set-Cookie", "sid=1; Path=/"]],
          }),
          entry({
            url: "https://cdn.tag.example/tag.js",
            ms: 5,
            mime: "application/javascript",
            extra: { _resourceType: "script", _initiator: { type: "parser", url: pageUrl } },
          }),
          entry({
            url: "https://ads.adx.example/sync?u=1",
            ms: 10,
            status: 302,
            redirectURL: "https://match.broker.example/m?u=1",
            resHeaders: [
              ["set-cookie", "adx=1; Domain=adx.example; Max-Age=3600; SameSite=None; Secure"],
            ],
            extra: {
              _resourceType: "image",
              _initiator: {
                type: "script",
                stack: {
                  callFrames: [
                    {
                      url: "https://cdn.tag.example/tag.js",
                      functionName: "f",
                      scriptId: "3",
                      lineNumber: 0,
                      columnNumber: 0,
                    },
                  ],
                },
              },
            },
          }),
          entry({
            url: "https://match.broker.example/m?u=1",
            ms: 12,
            status: 200,
            mime: "image/gif",
            resHeaders: [["Set-Cookie", "bk=9; Max-Age=86400; SameSite=None; Secure"]],
            extra: { _resourceType: "image", _initiator: { type: "other" } },
          }),
        ],
        { pages: [{ id: "page_1", startedDateTime: at(0), title: pageUrl, pageTimings: {} }] },
      ),
    );
    const capture = await captureFromHars([f], { tool: TOOL, maxBodyBytes: 65536 });
    expect(capture.captureVersion).toBe(2);
    expect(capture.source).toMatchObject({
      kind: "har",
      creator: { name: "WebInspector" },
      files: [f],
    });
    const page = capture.pages[0];
    expect(page?.requests).toHaveLength(3);
    const sync = page?.requests.find((r) => r.url.startsWith("https://match.broker.example/"));
    expect(sync?.redirects).toEqual([
      {
        url: "https://ads.adx.example/sync?u=1",
        status: 302,
        location: "https://match.broker.example/m?u=1",
        setCookies: [expect.stringContaining("adx=1")],
      },
    ]);
    const report = buildReport(capture, {});
    const cookies = report.cookies.map((c) => `${c.name}@${c.domain} by ${c.setByParty}`).sort();
    expect(cookies).toEqual([
      "adx@adx.example by adx.example",
      "bk@match.broker.example by broker.example",
      "sid@www.pub.example by pub.example",
    ]);
    const broker = report.parties.find((p) => p.domain === "broker.example");
    expect(broker?.loadedBy).toEqual([
      [
        pageUrl,
        "https://cdn.tag.example/tag.js",
        "https://ads.adx.example/sync?u=1",
        "https://match.broker.example/m?u=1",
      ],
    ]);
    expect(report.scan.source?.kind).toBe("har");
    const req = report.requests.find((r) => r.host === "cdn.tag.example");
    expect([req?.frame, req?.target]).toEqual(["", "unknown"]);
    expect(report.requests.find((r) => r.url === pageUrl)?.target).toBe("page");
    expect(reportSchemaErrors(JSON.parse(renderJson(report)))).toEqual([]);
  });

  it("warns that a DevTools HAR without any cookie looks sanitized", async () => {
    const f = file(har([entry({ url: "https://www.pub.example/" })]));
    const c = await captureFromHars([f], { tool: TOOL, maxBodyBytes: 65536 });
    expect(c.source?.limits).toContain("header-cookies");
    expect(c.warnings.join("\n")).toMatch(/sanitized DevTools export/);
  });
});

describe("WebPageTest-shaped HAR: two runs, first and repeat view", () => {
  it("makes one report page per run and view, and a party lists every page", async () => {
    const pageUrl = "https://www.pub.example/";
    const pages = [];
    const entries = [];
    for (const run of [1, 2]) {
      for (const cached of [0, 1]) {
        const id = `page_${run}_${cached}_1`;
        const t = (run * 2 + cached) * 10_000;
        pages.push({
          id,
          startedDateTime: at(t),
          title: "Pub",
          _URL: pageUrl,
          _run: run,
          _cached: cached,
        });
        entries.push(
          entry({
            url: pageUrl,
            ms: t,
            extra: {
              pageref: id,
              _run: run,
              _cached: cached,
              _request_type: "Document",
              _initiator: "",
            },
          }),
          entry({
            url: "https://px.track.example/p.gif",
            ms: t + 5,
            mime: "image/gif",
            extra: {
              pageref: id,
              _run: run,
              _cached: cached,
              _initiator: "https://www.pub.example/",
              _initiator_line: 20,
              _initiator_type: "parser",
            },
          }),
        );
      }
    }
    const f = file({
      log: {
        version: "1.1",
        creator: { name: "WebPagetest", version: "21.07" },
        browser: { name: "Chrome", version: "120.0" },
        pages,
        entries,
      },
    });
    const report = buildReport(await captureFromHars([f], { tool: TOOL, maxBodyBytes: 65536 }), {});
    expect(reportSchemaErrors(JSON.parse(renderJson(report)))).toEqual([]);
    expect(report.scan.pages.map((p) => `${p.run}/${p.view}`)).toEqual([
      "1/first",
      "1/repeat",
      "2/first",
      "2/repeat",
    ]);
    expect(report.scan.browser.version).toBe("Chrome/120.0");
    const px = report.parties.find((p) => p.domain === "track.example");
    expect(px?.pages).toHaveLength(1); // same URL four times: pages are URLs
    expect(px?.requests).toBe(4);
    expect(px?.loadedBy).toEqual([[pageUrl, "https://px.track.example/p.gif"]]);
    expect(report.warnings.join("\n")).not.toMatch(/log.version/);
  });
});

describe("Firefox-shaped HAR: no types, no initiators, one Set-Cookie header with newlines", () => {
  it("guesses types, marks chains unknown and reads every cookie line", async () => {
    const f = file({
      log: {
        version: "1.2",
        creator: { name: "Firefox", version: "133.0" },
        browser: { name: "Firefox", version: "133.0" },
        pages: [{ startedDateTime: at(0), id: "page_1", title: "The Pub", pageTimings: {} }],
        entries: [
          entry({ url: "https://www.pub.example/", extra: { pageref: "page_1" } }),
          entry({
            url: "https://px.track.example/p.gif",
            ms: 20,
            mime: "image/gif",
            resHeaders: [
              ["set-cookie", "a=1; Max-Age=999999999; SameSite=None; Secure\nb=2; Path=/"],
            ],
            extra: { pageref: "page_1" },
          }),
        ],
      },
    });
    const report = buildReport(await captureFromHars([f], { tool: TOOL, maxBodyBytes: 65536 }), {});
    expect(report.scan.pages[0]?.url).toBe("https://www.pub.example/");
    const px = report.requests.find((r) => r.host === "px.track.example");
    expect([px?.type, px?.kind, px?.initiators]).toEqual(["Image", "pixel", ["(unknown)"]]);
    expect(report.parties[0]?.loadedBy).toEqual([
      ["https://www.pub.example/", "(unknown)", "https://px.track.example/p.gif"],
    ]);
    expect(report.cookies.map((c) => c.name).sort()).toEqual(["a", "b"]);
    expect(report.scan.source?.limits).toContain("initiators");
    expect(reportSchemaErrors(JSON.parse(renderJson(report)))).toEqual([]);
  });
});

describe("request bodies", () => {
  it("decodes a base64 gzip POST body marked by the exporter and finds the search term in it", async () => {
    const pageUrl = "https://www.pub.example/search?q=harbor+ferry+schedule";
    const body = gzipSync(
      JSON.stringify({ event: "search", term: "harbor ferry schedule" }),
    ).toString("base64");
    const f = file(
      har([
        entry({ url: pageUrl, extra: { _resourceType: "document" } }),
        entry({
          url: "https://collect.track.example/e",
          ms: 30,
          method: "POST",
          reqHeaders: [["Content-Type", "text/plain"]],
          postData: { mimeType: "text/plain", text: body, _encoding: "base64" },
          extra: { _resourceType: "fetch" },
        }),
        entry({
          url: "https://collect.track.example/bad",
          ms: 40,
          method: "POST",
          postData: { mimeType: "text/plain", text: "%%% not base64 %%%", encoding: "base64" },
        }),
      ]),
    );
    const capture = await captureFromHars([f], { tool: TOOL, maxBodyBytes: 65536 });
    expect(capture.warnings.join("\n")).toMatch(/marked base64 but is not base64/);
    const report = buildReport(capture, {});
    const leak = report.findings.find((x) => x.code === "search-term-leak");
    expect(leak?.party).toBe("track.example");
  });
});

describe("bad input: a clear error naming the file (exit 2), or a warning when only some entries are bad", () => {
  const read = (content: unknown) => readHar(file(content), 65536);
  const fails = async (content: unknown, msg: RegExp) => {
    const err = await read(content).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(msg);
    expect((err as Error).message).toContain(tmp);
  };
  it("not JSON", () => fails("<html>oops</html>", /not valid JSON/));
  it("empty", () => fails("", /empty/));
  it("JSON but not a HAR", () => fails({ captureVersion: 2, pages: [] }, /not a HAR/));
  it("truncated", () =>
    fails(
      JSON.stringify(har([entry({ url: "https://a.example/" })])).slice(0, 150),
      /cut short|not valid JSON/,
    ));
  it("no entries", () => fails(har([]), /without entries/));
  it("every entry without startedDateTime", () =>
    fails(
      har([{ request: { url: "https://a.example/" }, response: {} }]),
      /none can be read.*startedDateTime/,
    ));
  it("a missing file", async () => {
    const err = await readHar(path.join(tmp, "nope.har"), 1).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/cannot read the HAR \(ENOENT\)/);
  });
  it("some bad entries: skipped with a warning, the rest analysed", async () => {
    const f = file(
      har([
        entry({ url: "https://www.pub.example/" }),
        { request: { url: "https://x.example/" } },
        entry({ url: "https://px.t.example/p", ms: 5 }),
      ]),
    );
    const c = await captureFromHars([f], { tool: TOOL, maxBodyBytes: 65536 });
    expect(c.pages[0]?.requests).toHaveLength(2);
    expect(c.warnings.join("\n")).toMatch(
      /1 of 3 entries skipped \(entry 2 has no startedDateTime\)/,
    );
  });
  it("a byte order mark and an unknown version are read with a warning", async () => {
    const h = await read(
      `\ufeff${JSON.stringify({ log: { ...har([entry({ url: "https://a.example/" })]).log, version: "0.9" } })}`,
    );
    expect(h.records).toHaveLength(1);
    expect(h.warnings.join()).toMatch(/log.version is "0.9"/);
  });
});

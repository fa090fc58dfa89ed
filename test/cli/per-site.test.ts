// `scan --per-site --output-dir`: each urls-file line its own site, own first party, own report
// and capture; a site that cannot load does not touch the others; the exit code is the worst.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { runCli } from "../helpers/run-cli.js";

let server: FixtureServer;
let tmp: string;

beforeAll(async () => {
  server = await startFixtureServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-per-site-"));
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

const read = async (f: string) => JSON.parse(await readFile(f, "utf8")) as Report;

describe("scan --per-site", () => {
  it("one report and capture per line; ids unique; first party per site; worst exit code", async () => {
    const urls = path.join(tmp, "sites.txt");
    await writeFile(
      urls,
      [
        "https://www.quiet-gazette.example/",
        "# a comment",
        "https://www.crawl-news.test/",
        "https://www.crawl-news.test/about.html",
        "https://www.down.test/",
      ].join("\n"),
    );
    const out = path.join(tmp, "out");
    const r = await runCli(
      [
        "scan",
        "--per-site",
        "--output-dir",
        out,
        "--urls-file",
        urls,
        "--sites-at-once",
        "2",
        // www.down.test is left to real DNS, which does not know it: that site fails.
        "--host-rules",
        `${server.hostRules}, EXCLUDE www.down.test`,
        "--insecure",
        "--dwell",
        "200",
      ],
      { timeoutMs: 120_000 },
    );
    // One site could not be scanned at all: the worst code is 3.
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe("");
    const files = (await readdir(out)).sort();
    const reports = files.filter((f) => f.endsWith(".json"));
    expect(reports).toHaveLength(4);
    expect(files.filter((f) => f.endsWith(".capture.jsonl"))).toHaveLength(4);
    expect(files.filter((f) => f.startsWith("."))).toEqual([]);
    expect(reports).toContain("www.quiet-gazette.example.json");
    expect(reports).toContain("www.down.test.json");
    const crawlNews = reports.filter((f) => /^www\.crawl-news\.test-[0-9a-f]{8}\.json$/.test(f));
    expect(crawlNews).toHaveLength(2);

    const gazette = await read(path.join(out, "www.quiet-gazette.example.json"));
    expect(gazette.scan.startUrls).toEqual(["https://www.quiet-gazette.example/"]);
    expect(gazette.scan.pages).toHaveLength(1);
    expect(gazette.scan.pages[0]?.outcome).toBe("ok");
    expect(gazette.scan.pages[0]?.firstParty).toEqual(["quiet-gazette.example"]);
    const news = await Promise.all(crawlNews.map((f) => read(path.join(out, f))));
    expect(news.map((n) => n.scan.startUrls[0]).sort()).toEqual([
      "https://www.crawl-news.test/",
      "https://www.crawl-news.test/about.html",
    ]);
    for (const n of news) {
      expect(n.scan.pages).toHaveLength(1);
      expect(n.scan.pages[0]?.outcome).toBe("ok");
      // The other site's parties never leak in.
      expect(n.parties.map((p) => p.domain)).not.toContain("quiet-gazette.example");
    }
    const down = await read(path.join(out, "www.down.test.json"));
    expect(down.scan.pages[0]?.outcome).toBe("failed");
  });

  it("bad combinations exit 2 before any browser starts", async () => {
    const noDir = await runCli(["scan", "--per-site", "https://www.quiet-gazette.example/"]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/--per-site needs --output-dir/);
    const withOutput = await runCli([
      "scan",
      "--per-site",
      "--output-dir",
      tmp,
      "-o",
      path.join(tmp, "x.json"),
      "https://www.quiet-gazette.example/",
    ]);
    expect(withOutput.code).toBe(2);
    expect(withOutput.stderr).toMatch(/--output and --format cannot be used with --per-site/);
    const dirAlone = await runCli(["scan", "--output-dir", tmp, "https://a.example/"]);
    expect(dirAlone.code).toBe(2);
  });
});

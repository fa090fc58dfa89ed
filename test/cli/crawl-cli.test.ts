// `skimscan scan` as a crawler, through the built CLI: Ctrl-C mid-crawl writes a partial report and
// exits 130; the streamed JSON Lines capture replays with `skimscan report`; secrets stay out of
// every output; bad crawl flags exit 2 before a browser starts.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { runCli } from "../helpers/run-cli.js";

const SITE = "https://www.crawl-news.test";
let server: FixtureServer;
let tmp: string;
let net: string[];

beforeAll(async () => {
  server = await startFixtureServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-crawl-cli-"));
  net = ["--host-rules", server.hostRules, "--insecure", "--dwell", "200"];
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

describe("interrupting a crawl", () => {
  it("SIGINT mid-crawl: exit 130, a partial report with every page accounted for", async () => {
    const out = path.join(tmp, "partial.json");
    const r = await runCli(
      [
        "scan",
        `${SITE}/?run=sigint`,
        "--depth",
        "2",
        "--concurrency",
        "1",
        "--max-pages",
        "20",
        "-o",
        out,
        ...net,
      ],
      {
        interrupt: {
          when: server.waitForRequest((req) => req.path === "/news/b.html"),
          signal: "SIGINT",
        },
      },
    );
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/SIGINT: stopping/);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.partial).toBe(true);
    const pages = report.scan.pages;
    expect(pages[0]).toMatchObject({ outcome: "ok" });
    // Pages found but never started are listed as skipped because of the interruption.
    const skipped = pages.filter((p) => p.outcome === "skipped");
    expect(skipped.length).toBeGreaterThan(0);
    for (const p of skipped) expect(p.reason).toBe("not visited: the scan was interrupted");
    expect(pages.map((p) => p.url)).toContain(`${SITE}/about.html`);
    // The front page's third parties made it into the partial report.
    expect(report.parties.map((p) => p.domain)).toContain("crawl-ads.test");
  });
});

describe("a crawl's capture and options", () => {
  it("streams a JSON Lines capture that `report` replays; secrets never printed", async () => {
    const capture = path.join(tmp, "crawl.capture.jsonl");
    const json = path.join(tmp, "crawl.json");
    const secret = "hdr-93be11";
    const r = await runCli([
      "scan",
      `${SITE}/?run=capture`,
      "--depth",
      "1",
      "--max-pages",
      "3",
      "--header",
      `X-Preview-Token: ${secret}`,
      "--cookie",
      `preview_session=${secret}-c`,
      "--save-capture",
      capture,
      "-o",
      json,
      ...net,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(secret);
    // Not a TTY: one line per page on stderr, no progress bar.
    expect(r.stderr).toMatch(/info: ok: https:\/\/www\.crawl-news\.test\/news\/a\.html/);
    const lines = (await readFile(capture, "utf8")).trim().split("\n");
    expect(JSON.parse(lines[0] as string)).toMatchObject({ type: "header", captureVersion: 2 });
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ type: "footer", partial: false });
    expect(lines.filter((l) => l.startsWith('{"type":"page"'))).toHaveLength(3 + 2); // 3 visited, 2 beyond --max-pages
    expect(lines.join("\n")).not.toContain(secret);

    const report = JSON.parse(await readFile(json, "utf8")) as Report;
    expect(report.scan.options).toMatchObject({
      depth: 1,
      maxPages: 3,
      session: "shared",
      headers: ["X-Preview-Token: <redacted>"],
      cookies: ["preview_session=<redacted>"],
    });
    expect(JSON.stringify(report)).not.toContain(secret);
    const replay = await runCli(["report", capture, "--format", "json"]);
    expect(replay.code, replay.stderr).toBe(0);
    const again = JSON.parse(replay.stdout) as Report;
    expect(again.parties.map((p) => p.domain)).toEqual(report.parties.map((p) => p.domain));
    expect(again.scan.pages.map((p) => [p.url, p.outcome])).toEqual(
      report.scan.pages.map((p) => [p.url, p.outcome]),
    );
    const ads = report.parties.find((p) => p.domain === "crawl-ads.test");
    expect(ads?.pages.length).toBeGreaterThanOrEqual(2);
  });
});

describe("--urls-file", () => {
  it("visits the file's pages alone, --exclude applied, in file order", async () => {
    const file = path.join(tmp, "urls.txt");
    await writeFile(
      file,
      `# pages to audit\n${SITE}/about.html?run=file\n${SITE}/account/login.html\n\n${SITE}/contact.html?run=file\n`,
    );
    const r = await runCli([
      "scan",
      "--urls-file",
      file,
      "--exclude",
      "/account/**",
      "--format",
      "json",
      "--session",
      "fresh",
      ...net,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.scan.pages.map((p) => [new URL(p.url).pathname, p.outcome, p.reason])).toEqual([
      ["/about.html", "ok", undefined],
      ["/contact.html", "ok", undefined],
      ["/account/login.html", "skipped", "matches an --exclude pattern"],
    ]);
    expect(report.scan.options).toMatchObject({ session: "fresh", exclude: ["/account/**"] });
  });
});

describe("bad crawl flags exit 2 before a browser starts", () => {
  for (const [args, text] of [
    [["--session", "forever"], /--session/],
    [["--include", "https://www.crawl-news.test/news/**"], /--include.*not a URL/],
    [["--depth", "deep"], /--depth/],
    [["--rate", "0"], /--rate/],
    [["--header", "no colon here"], /--header/],
    [["--cookie", "=nameless"], /--cookie/],
    [["--urls-file", "no/such/urls.txt"], /no\/such\/urls\.txt/],
  ] as Array<[string[], RegExp]>) {
    it(`rejects ${args.join(" ")}`, async () => {
      const r = await runCli(["scan", `${SITE}/`, ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(text);
    });
  }

  it("asks for a URL or --urls-file", async () => {
    const r = await runCli(["scan"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at least one URL/);
  });
});

// What a hostile or unlucky user does to the outputs, through the real built CLI: unwritable
// --save-capture and -o paths (exit 2 before any browser), a write that fails only at the end
// (every other output written, the failed one named), two scans sharing one --save-capture, a
// capture cut mid-line, an internal error (exit 3, never 1, the capture still written), huge and
// scheme-like input.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
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
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-out-hardening-"));
  await writeFile(path.join(tmp, "a-file"), "not a folder");
  net = ["--host-rules", server.hostRules, "--insecure", "--dwell", "200"];
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

/** Checked before the browser: a --chrome-path that does not exist is never reached. */
const noBrowser = ["--chrome-path", "/nonexistent/chrome"];

describe("unwritable outputs exit 2 before any browser starts, naming the path", () => {
  it.each([
    ["--save-capture", "under a file", () => path.join(tmp, "a-file", "c.jsonl"), /is a file, not/],
    ["--save-capture", "in /proc", () => "/proc/skimscan-capture.jsonl", /\/proc is not writable/],
    ["-o", "in /proc", () => "/proc/skimscan/report.json", /\/proc is not writable/],
    ["-o", "under a file", () => path.join(tmp, "a-file", "r.json"), /is a file, not a folder/],
  ])("%s %s", async (flag, _where, target, reason) => {
    const ok = path.join(tmp, `never-${flag}.json`);
    const r = await runCli(["scan", `${SITE}/`, flag, target(), "-o", ok, ...noBrowser, ...net]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`cannot write ${flag === "-o" ? "--output" : flag} '${target()}'`);
    expect(r.stderr).toMatch(reason);
    expect(r.stderr).not.toMatch(/browser|chrome/i);
    expect(r.stdout).toBe("");
    expect(await readdir(tmp)).not.toContain(path.basename(ok));
  });

  it("diff -o in /proc: exit 2 naming it, not an internal error", async () => {
    const report = "test/fixtures/reports/dailybugle-report.json";
    const r = await runCli(["diff", report, report, "-o", "/proc/skimscan-diff.md"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("cannot write --output '/proc/skimscan-diff.md'");
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it("compare --reports-dir under a file", async () => {
    const dir = path.join(tmp, "a-file", "reports");
    const r = await runCli(["compare", `${SITE}/`, "--reports-dir", dir, ...noBrowser, ...net]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`cannot write --reports-dir '${dir}'`);
  });
});

describe("a write that fails only at the end", () => {
  it("writes every other output, names the one that failed, exits 2", async () => {
    const dir = path.join(tmp, "end");
    const late = path.join(dir, "later", "report.json");
    const ok = path.join(dir, "report.md");
    const capture = path.join(dir, "capture.jsonl");
    // The folder of the first -o is fine when checked; a file takes its name during the scan.
    const inTheWay = server
      .waitForRequest((req) => req.host === "www.crawl-news.test")
      .then(() => writeFile(path.join(dir, "later"), "in the way"));
    const r = await runCli([
      "scan",
      `${SITE}/about.html?run=late-fail`,
      "-o",
      late,
      "-o",
      ok,
      "--save-capture",
      capture,
      ...net,
    ]);
    await inTheWay;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`could not write the json report to ${late}`));
    expect(r.stderr).toMatch(/not written: .*later\/report\.json/);
    expect(await readFile(ok, "utf8")).toMatch(/^### .* skimscan: policy holds/);
    const lines = (await readFile(capture, "utf8")).trim().split("\n");
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ type: "footer", partial: false });
  });
});

describe("two scans writing the same --save-capture", () => {
  it("never mix lines: each report is built from its own capture, the file is one whole capture", async () => {
    const dir = path.join(tmp, "shared");
    const capture = path.join(dir, "capture.jsonl");
    const scan = (page: string) =>
      runCli(["scan", `${SITE}${page}`, "--save-capture", capture, "--format", "json", ...net]);
    const [a, b] = await Promise.all([scan("/about.html?run=a"), scan("/contact.html?run=b")]);
    for (const [r, page] of [
      [a, "/about.html"],
      [b, "/contact.html"],
    ] as const) {
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      expect(report.scan.pages.map((p) => new URL(p.url).pathname)).toEqual([page]);
    }
    const replay = await runCli(["report", capture, "--format", "json"]);
    expect(replay.code, replay.stderr).toBe(0);
    const replayed = JSON.parse(replay.stdout) as Report;
    expect(replayed.partial).toBe(false);
    expect(replayed.scan.pages).toHaveLength(1);
    expect(["/about.html", "/contact.html"]).toContain(
      new URL(replayed.scan.pages[0]?.url as string).pathname,
    );
    // Each scan's own file was renamed away: nothing is left beside the target.
    expect(await readdir(dir)).toEqual(["capture.jsonl"]);
  });
});

describe("a capture cut in the middle of a line", () => {
  it("replays its complete pages as a partial report", async () => {
    const capture = path.join(tmp, "cut.jsonl");
    const r = await runCli([
      "scan",
      `${SITE}/about.html?run=cut`,
      `${SITE}/contact.html?run=cut`,
      "--save-capture",
      capture,
      "--concurrency",
      "1",
      "--format",
      "json",
      ...net,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = (await readFile(capture, "utf8")).split("\n");
    // header, page, page, footer: killed halfway through the second page's line.
    const second = lines[2] as string;
    await writeFile(capture, `${lines.slice(0, 2).join("\n")}\n${second.slice(0, 200)}`);
    const replay = await runCli(["report", capture, "--format", "json"]);
    expect(replay.code, replay.stderr).toBe(0);
    const report = JSON.parse(replay.stdout) as Report;
    expect(report.partial).toBe(true);
    expect(report.scan.pages.map((p) => new URL(p.url).pathname)).toEqual(["/about.html"]);
  });
});

describe("an internal error", () => {
  it("says so, exits 3 (never 1) and still writes the capture and the report", async () => {
    const capture = path.join(tmp, "bug", "capture.jsonl");
    const json = path.join(tmp, "bug", "report.json");
    // A promise rejected with nobody to catch it, during the scan: what a bug looks like.
    const bug = `data:text/javascript,setTimeout(() => Promise.reject(new Error("injected bug")), 1500)`;
    const r = await runCli(
      ["scan", `${SITE}/about.html?run=bug`, "--save-capture", capture, "-o", json, ...net],
      { nodeArgs: ["--import", bug] },
    );
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/internal error \(please report it\): Error: injected bug/);
    const report = JSON.parse(await readFile(json, "utf8")) as Report;
    expect(report.scan.pages[0]).toMatchObject({ outcome: "ok" });
    expect(await readFile(capture, "utf8")).toMatch(/"type":"footer"/);
  });
});

describe("hostile input", () => {
  it("a 5 MB allowlist value: exit 2, a message of a few hundred characters", async () => {
    const allow = path.join(tmp, "big.yaml");
    await writeFile(allow, `authorized:\n  - domain: ${"a".repeat(5_000_000)}\n`);
    const r = await runCli(["scan", `${SITE}/`, "-a", allow, ...noBrowser]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/big\.yaml:2: .*\(5000000 characters\)/);
    expect(r.stderr.length).toBeLessThan(1000);
  });

  it('"ht!tp://bad url" is refused, not rewritten and scanned', async () => {
    const r = await runCli(["scan", "ht!tp://bad url", ...noBrowser]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'ht!tp:\/\/bad url' is not a web page address/);
  });
});

// Pages that try to break the scanner, through the built CLI (issue 10's hardening): a page in an
// alert/confirm/prompt loop (top document, same-site and cross-site frames) next to a calm page at
// concurrency 2; Ctrl-C on that page; 2,000 iframes; SIGKILL of skimscan itself. Every run ends
// with the exit code of the contract and its report, and leaves no Chromium and no temp folder.
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, utimes } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { runCli } from "../helpers/run-cli.js";

const SITE = "https://www.hostile.test";
let server: FixtureServer;
let tmp: string;
let tmpRoot: string;
let net: string[];

beforeAll(async () => {
  server = await startFixtureServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "hostile-cli-"));
  // The scans' own temp dir, so their profile and capture folders can be counted.
  tmpRoot = await mkdtemp(path.join(os.tmpdir(), "hostile-tmp-"));
  net = ["--host-rules", server.hostRules, "--insecure", "--dwell", "200"];
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
  await rm(tmpRoot, { recursive: true, force: true });
});

/** Chromium processes whose profile lives in our scans' temp dir. */
function chromiumOfOurScans(): string[] {
  let out = "";
  try {
    out = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8", maxBuffer: 1 << 24 });
  } catch {
    return [];
  }
  return out.split("\n").filter((l) => l.includes(`--user-data-dir=${tmpRoot}`));
}

async function waitForNoChromium(ms: number): Promise<string[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = chromiumOfOurScans();
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const env = () => ({ TMPDIR: tmpRoot });

async function assertCleanedUp(): Promise<void> {
  expect(await waitForNoChromium(10_000)).toEqual([]);
  expect(await readdir(tmpRoot)).toEqual([]);
}

describe("a page in a dialog loop", () => {
  it("is captured next to a calm page at concurrency 2, without hanging", async () => {
    const out = path.join(tmp, "dialogs.json");
    const started = Date.now();
    const r = await runCli(
      [
        "scan",
        `${SITE}/dialogs.html`,
        `${SITE}/`,
        "--concurrency",
        "2",
        "--timeout",
        "10000",
        "-o",
        out,
        ...net,
      ],
      { env: env(), timeoutMs: 90_000 },
    );
    expect(r.signal, r.stderr).toBeNull();
    expect([0, 1], r.stderr).toContain(r.code);
    expect(Date.now() - started).toBeLessThan(60_000);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    const byUrl = new Map(report.scan.pages.map((p) => [new URL(p.url).pathname, p]));
    expect(byUrl.get("/")?.outcome).toBe("ok");
    expect(byUrl.get("/dialogs.html")?.outcome).toBe("ok");
    // Every frame's dialogs were answered: both frames loaded and ran.
    const frames = server.received.filter((q) => q.path === "/dialog-frame.html");
    expect(new Set(frames.map((q) => q.host))).toEqual(
      new Set(["www.hostile.test", "frames.hostile-ads.test"]),
    );
    await assertCleanedUp();
  }, 120_000);

  it("Ctrl-C on it exits promptly (130) with the partial report", async () => {
    const out = path.join(tmp, "dialogs-sigint.json");
    const since = server.received.length;
    let sentAt = 0;
    const r = await runCli(
      [
        "scan",
        `${SITE}/dialogs.html`,
        `${SITE}/?after=sigint`,
        "--concurrency",
        "2",
        "--timeout",
        "60000",
        "-o",
        out,
        ...net,
      ],
      {
        env: env(),
        timeoutMs: 90_000,
        interrupt: {
          when: server
            .waitForRequest((q) => q.host === "frames.hostile-ads.test", {
              since,
              timeoutMs: 60_000,
            })
            .then(() => new Promise((resolve) => setTimeout(resolve, 1000)))
            .then(() => {
              sentAt = Date.now();
            }),
          signal: "SIGINT",
        },
      },
    );
    expect(r.code, r.stderr).toBe(130);
    expect(Date.now() - sentAt).toBeLessThan(15_000);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.partial).toBe(true);
    expect(report.scan.pages.map((p) => new URL(p.url).pathname).sort()).toEqual(
      ["/", "/dialogs.html"].sort(),
    );
    await assertCleanedUp();
  }, 120_000);
});

describe("a page with 2,000 iframes", () => {
  it("is captured, the browser closes without an unhandled error, the report is written", async () => {
    const out = path.join(tmp, "iframes.json");
    const r = await runCli(
      ["scan", `${SITE}/iframes.html`, "--timeout", "20000", "-o", out, ...net],
      { env: env(), timeoutMs: 120_000 },
    );
    expect(r.stderr).not.toMatch(/CdpError|Unhandled|at .*\.js:\d+/);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.scan.pages[0]?.outcome).toBe("ok");
    await assertCleanedUp();
  }, 150_000);
});

describe("skimscan killed outright", () => {
  it("SIGKILL mid-scan: no Chromium outlives it", async () => {
    const since = server.received.length;
    const r = await runCli(["scan", `${SITE}/dialogs.html`, "--timeout", "60000", ...net], {
      env: env(),
      timeoutMs: 90_000,
      interrupt: {
        when: server.waitForRequest((q) => q.path === "/dialogs.html", {
          since,
          timeoutMs: 60_000,
        }),
        signal: "SIGKILL",
      },
    });
    expect(r.signal).toBe("SIGKILL");
    expect(await waitForNoChromium(10_000)).toEqual([]);
    // Its folders stay (nothing ran to remove them) ...
    const left = await readdir(tmpRoot);
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((n) => new RegExp(`^skimscan-${r.pid}-(profile|capture)-`).test(n))).toBe(
      true,
    );
    // ... until they are a day old: then the next run removes them.
    const twoDaysAgo = (Date.now() - 2 * 24 * 3600 * 1000) / 1000;
    for (const n of left) await utimes(path.join(tmpRoot, n), twoDaysAgo, twoDaysAgo);
    const next = await runCli(["scan", `${SITE}/`, "--timeout", "20000", ...net], {
      env: env(),
    });
    expect(next.code, next.stderr).toBe(0);
    await assertCleanedUp();
  }, 120_000);
});

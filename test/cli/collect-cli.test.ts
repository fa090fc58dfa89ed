// `skimscan collect` as a real child process: bad input (oversized, malformed, wrong type, a flood)
// answered 4xx and counted, never a crash; kill -9 and a restart keep every acknowledged report;
// SIGINT stops it gracefully with exit 130. Needs the build (dist/).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import { BIN, runCli } from "../helpers/run-cli.js";

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "skimscan-collect-cli-"));
  db = path.join(dir, "reports.db");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts the collector and resolves once it says where it listens. */
function startCollect(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [BIN, "collect", "--port", "0", "--db", db, ...args], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (d) => {
      err += d;
      const m = /collecting CSP reports at (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve({ child, url: m[1], exited });
    });
    child.on("exit", (code) => reject(new Error(`collect exited ${code}: ${err}`)));
  });
}

const report = (n: number) =>
  JSON.stringify({
    "csp-report": {
      "document-uri": `https://www.dailybugle.example/news/${n}?session=abc`,
      "effective-directive": "img-src",
      "blocked-uri": "https://pixel.trackwell.example/t.gif?uid=42",
      disposition: "enforce",
    },
  });

const post = (url: string, body: string, type = "application/csp-report") =>
  fetch(url, { method: "POST", headers: { "Content-Type": type }, body }).then((r) => r.status);

describe("collect under bad input, a flood and kill -9", () => {
  let acknowledged = 0;
  let statuses: number[] = [];
  let floodAccepted = 0;

  it("answers bad input 4xx, stores good input, survives kill -9", async () => {
    // Acknowledged reports, then kill -9: every one of them must be there after a restart.
    const first = await startCollect([]);
    for (let i = 0; i < 5; i++) if ((await post(first.url, report(i))) === 204) acknowledged++;
    first.child.kill("SIGKILL");
    expect(await first.exited).toBeNull();

    const second = await startCollect(["--max-body", "2048", "--rate", "20"]);
    statuses = [
      await post(second.url, "x".repeat(4096)),
      await post(second.url, "{not json"),
      await post(second.url, report(99), "text/plain"),
      await post(second.url, JSON.stringify({ hello: "world" })),
    ];
    expect(statuses).toEqual([413, 400, 415, 400]);
    // A flood from one client: the bucket (20 a minute) runs dry, the rest is refused with 429.
    const flood = await Promise.all(
      Array.from({ length: 30 }, (_, i) => post(second.url, report(100 + i))),
    );
    floodAccepted = flood.filter((s) => s === 204).length;
    acknowledged += floodAccepted;
    expect(flood.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(flood.every((s) => s === 204 || s === 429)).toBe(true);
    // Refusals are counted in memory and written on a timer and at a graceful stop.
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(130);

    const out = await runCli(["collect", "report", "--db", db, "--format", "json"]);
    expect(out.code).toBe(0);
    const summary = JSON.parse(out.stdout);
    expect(summary.reports).toBe(acknowledged);
    expect(summary.rogue[0]).toMatchObject({
      host: "pixel.trackwell.example",
      reports: acknowledged,
    });
    expect(summary.rogue[0].pages.every((p: string) => !p.includes("?"))).toBe(true);
    expect(summary.rejected).toMatchObject({
      "too-large": 1,
      "malformed-json": 1,
      "content-type": 1,
      "not-a-report": 1,
    });
    expect(summary.rejected["rate-limited"]).toBe(30 - floodAccepted);
  }, 60_000);

  it("collect report renders markdown and refuses a bad --since", async () => {
    const md = await runCli([
      "collect",
      "report",
      "--db",
      db,
      "--format",
      "markdown",
      "--since",
      "7d",
    ]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("## Rogue hosts seen by visitors (1)");
    expect(md.stdout).toContain("`pixel.trackwell.example`");
    const bad = await runCli(["collect", "report", "--db", db, "--since", "last tuesday"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--since");
  });
});

// The contract's exit codes and stream separation, by spawning the real CLI.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import { type Report, SCHEMA_VERSION } from "../../src/model/report.js";
import { runCli } from "../helpers/run-cli.js";

const ALLOW = "test/fixtures/allowlists";
let server: FixtureServer;
let tmp: string;
let net: string[];

beforeAll(async () => {
  server = await startFixtureServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-cli-"));
  net = ["--host-rules", server.hostRules, "--insecure", "--dwell", "200"];
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

describe("usage and configuration errors exit 2 before any browser starts", () => {
  it("rejects an unknown flag", async () => {
    const r = await runCli(["scan", "https://a.example/", "--no-such-flag"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--no-such-flag'/);
    expect(r.stdout).toBe("");
  });

  it("rejects a malformed URL, naming it", async () => {
    const r = await runCli(["scan", "https://exa mple/"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("https://exa mple/");
  });

  it("rejects a non-web scheme", async () => {
    const r = await runCli(["scan", "ftp://files.example/"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ftp:/);
  });

  it("rejects a bad --timeout, naming the flag", async () => {
    const r = await runCli(["scan", "https://a.example/", "--timeout", "soon"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout/);
  });

  it("rejects an unknown --format", async () => {
    const r = await runCli(["scan", "https://a.example/", "--format", "pdf"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pdf/);
  });

  it("rejects an --output whose format cannot be told", async () => {
    const r = await runCli(["scan", "https://a.example/", "-o", path.join(tmp, "report.bin")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/report\.bin/);
  });

  it("names a missing allowlist file", async () => {
    const r = await runCli(["scan", "https://a.example/", "-a", `${ALLOW}/nope.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("nope.yaml");
  });

  it.each([
    ["broken-syntax.yaml", /broken-syntax\.yaml:\d+/],
    ["unknown-key.yaml", /unknown-key\.yaml:5.*expiry/s],
    ["bad-date.yaml", /bad-date\.yaml:3.*2027-13-45/s],
  ])("names file and line of an invalid allowlist (%s)", async (file, pattern) => {
    const r = await runCli(["scan", "https://a.example/", "-a", `${ALLOW}/${file}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stdout).toBe("");
  });
});

describe("scans", () => {
  it("exits 0 on a clean site, with the JSON report alone on stdout", async () => {
    const r = await runCli([
      "scan",
      "https://www.quiet-gazette.example/",
      "-a",
      `${ALLOW}/quiet-gazette.yaml`,
      "--format",
      "json",
      ...net,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.schemaVersion).toBe(SCHEMA_VERSION);
    expect(report.summary.rogue).toBe(0);
    expect(report.scan.pages[0]?.outcome).toBe("ok");
    expect(r.stderr).toMatch(/quiet-gazette/); // progress went to stderr
  });

  it("exits 1 when a rogue party is present, and writes every --output first", async () => {
    const json = path.join(tmp, "slow.json");
    const capture = path.join(tmp, "slow.capture.json");
    const r = await runCli([
      "scan",
      "https://www.slow-tribune.example/",
      "-a",
      `${ALLOW}/quiet-gazette.yaml`,
      "--first-party",
      "slow-tribune.example",
      "--timeout",
      "4000",
      "-o",
      json,
      "--save-capture",
      capture,
      ...net,
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe("");
    const report = JSON.parse(await readFile(json, "utf8")) as Report;
    expect(report.parties.find((p) => p.domain === "skimlytics.example")?.status).toBe("rogue");
    // A page that never goes quiet is still ok, marked timed out, with what it did kept.
    expect(report.scan.pages[0]).toMatchObject({ outcome: "ok", timedOut: true });

    // The saved capture replays without a browser to the same verdict, or another one.
    const replay = await runCli([
      "report",
      capture,
      "-a",
      `${ALLOW}/quiet-gazette.yaml`,
      "--first-party",
      "slow-tribune.example",
      "--format",
      "json",
    ]);
    expect(replay.code).toBe(1);
    expect((JSON.parse(replay.stdout) as Report).summary.rogue).toBe(report.summary.rogue);
    const open = await runCli(["report", capture, "--format", "json"]);
    expect(open.code).toBe(0);
    expect((JSON.parse(open.stdout) as Report).summary.unlisted).toBeGreaterThan(0);
  });

  it("exits 3 when every page failed, still printing the report", async () => {
    const r = await runCli([
      "scan",
      "https://unreachable.invalid/",
      "--format",
      "json",
      "--dwell",
      "0",
    ]);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.scan.pages[0]).toMatchObject({ outcome: "failed", failure: "load" });
    expect(report.scan.pages[0]?.reason).toMatch(/NAME_NOT_RESOLVED|resolve/i);
  });

  it("exits 3 when the browser does not exist, naming the path", async () => {
    const r = await runCli([
      "scan",
      "https://www.quiet-gazette.example/",
      "--chrome-path",
      "/nowhere/chrome",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("/nowhere/chrome");
    expect(JSON.parse(r.stdout).scan.pages[0]).toMatchObject({
      outcome: "failed",
      failure: "no-browser",
    });
  });

  it("exits 130 on SIGINT with a partial report written first", async () => {
    const out = path.join(tmp, "interrupted.json");
    const r = await runCli(
      [
        "scan",
        "https://www.slow-tribune.example/",
        "https://www.quiet-gazette.example/",
        "--timeout",
        "60000",
        "-o",
        out,
        ...net,
      ],
      {
        interrupt: {
          // Only a poll of this run: an earlier test loaded the same page.
          when: server.waitForRequest((req) => req.path.startsWith("/live/poll"), {
            since: server.received.length,
          }),
          signal: "SIGINT",
        },
      },
    );
    expect(r.code, r.stderr).toBe(130);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.partial).toBe(true);
  });
});

describe("output", () => {
  it("prints no colour with NO_COLOR, even when forced", async () => {
    const r = await runCli(["report", "test/fixtures/captures/dailybugle-demo.capture.json"], {
      env: { NO_COLOR: "1", FORCE_COLOR: "1" },
    });
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("colours the text report when forced and NO_COLOR is unset", async () => {
    const r = await runCli(["report", "test/fixtures/captures/dailybugle-demo.capture.json"], {
      env: { NO_COLOR: undefined, FORCE_COLOR: "1" },
    });
    expect(r.stdout).toContain("\u001b[");
  });

  it("prints help and version with exit 0", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/scan/);
    const version = await runCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

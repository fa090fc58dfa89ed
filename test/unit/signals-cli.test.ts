// Bad privacy flags are usage errors (exit 2) that name the flag, found before any browser starts.
import { describe, expect, it } from "vitest";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

// A browser path that cannot exist: if a check came too late, the run would fail with exit 3.
const run = (args: string[]) =>
  runCliInProcess([...args, "--chrome-path", "/nonexistent/chromium"]);

const URL = "https://www.news-consent.example/";

describe("privacy flags on the command line", () => {
  it.each([
    [["scan", URL, "--signals", "dnt,fingerprint"], /--signals: unknown signal 'fingerprint'/],
    [["scan", URL, "--consent", "maybe"], /--consent.*maybe/],
    [["scan", URL, "--opt-out-cookie", "optout=1"], /--opt-out-cookie expects NAME=VALUE@domain/],
    [["compare", URL, "--modes", "reject+accept"], /--modes: two consent actions/],
    [["compare", URL, "--modes", "none,sometimes"], /--modes: unknown mode "sometimes"/],
    [["compare", URL, "--modes", "gpc,gpc"], /--modes: mode "gpc" given twice/],
    [["compare", URL, "--opt-out-cookie", "a=b@nodot"], /is not a domain/],
  ])("%j is a usage error", async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("a browser that will not start is exit 3 for compare, with the report still written", async () => {
    const r = await run(["compare", URL, "--modes", "gpc,reject", "--format", "json"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/nonexistent/);
    const report = JSON.parse(r.stdout);
    expect(report.modes.map((m: { name: string }) => m.name)).toEqual(["gpc", "reject"]);
    // The page it was to visit is listed as failed, with the reason.
    expect(report.modes[1].pages.map((p: { outcome: string }) => p.outcome)).toEqual(["failed"]);
    expect(report.modes[1].privacy.consent.action).toBe("reject");
  });

  it("a privacy scan whose browser will not start still writes its report, exit 3", async () => {
    const r = await run(["scan", URL, "--signals", "gpc", "--format", "json"]);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.scan.pages[0].outcome).toBe("failed");
    expect(report.scan.privacy).toMatchObject({ signals: ["gpc"], requests: 0, gpcRequests: 0 });
  });
});

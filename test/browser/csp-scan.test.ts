// scan --csp in real Chromium against the fixture internet: the policy `skimscan csp` writes for the
// demo publisher blocks every rogue party the top document contacts, breaks no authorized one, and
// lists the ad iframe's rogue party as out of reach — asserted from the report (the browser's own
// violation events) and from what the fixture server received. Then a rogue path on an allowed
// host (csp-misses-rogue) and a too-tight policy (csp-breaks-authorized).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Report } from "../../src/model/report.js";
import { FIXTURES_DIR } from "../../src/package-info.js";
import { reportSchemaErrors } from "../helpers/report-schema.js";
import { runCliInProcess } from "../helpers/run-cli-in-process.js";

const BUGLE = "https://www.dailybugle.example/";
const ALLOWLIST = path.join(FIXTURES_DIR, "allowlists", "dailybugle.yaml");
let server: FixtureServer;
let dir: string;

beforeAll(async () => {
  server = await startFixtureServer();
  dir = mkdtempSync(path.join(os.tmpdir(), "skimscan-csp-"));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function scan(url: string, allowlist: string, extra: string[]): Promise<Report> {
  const r = await runCliInProcess([
    "scan",
    url,
    "--allowlist",
    allowlist,
    "--host-rules",
    server.hostRules,
    "--insecure",
    "--dwell",
    "500",
    "--timeout",
    "20000",
    "--format",
    "json",
    "--quiet",
    ...extra,
  ]);
  if (r.code === 3 || r.code === 2) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Report;
}

const hostsOf = (entries: { host: string }[]) => entries.map((e) => e.host).sort();

describe("the generated policy on the demo publisher", () => {
  let before: Report;
  let after: Report;
  let since: number;
  beforeAll(async () => {
    before = await scan(BUGLE, ALLOWLIST, []);
    const reportFile = path.join(dir, "bugle.json");
    writeFileSync(reportFile, JSON.stringify(before));
    const policyFile = path.join(dir, "policy.txt");
    const gen = await runCliInProcess([
      "csp",
      "-a",
      ALLOWLIST,
      "--from",
      reportFile,
      "-o",
      policyFile,
      "-q",
    ]);
    expect(gen.code).toBe(0);
    since = server.received.length;
    after = await scan(BUGLE, ALLOWLIST, ["--csp-file", policyFile]);
  }, 120_000);

  it("stops every rogue party the top document contacted, as the browser reported", () => {
    const inReach = before.requests.filter(
      (r) => r.verdict === "rogue" && r.target === "page" && r.kind !== "iframe",
    );
    expect(inReach.length).toBeGreaterThan(0);
    const stopped = hostsOf(after.csp?.stopped ?? []);
    // Everything rogue the unprotected page reached from the top document is now stopped, unless
    // the script that sent it was itself blocked (then it never happens at all).
    for (const r of inReach) {
      const sentAnyway = after.requests.some((a) => a.url === r.url && a.blockedBy === undefined);
      expect(sentAnyway, r.url).toBe(false);
    }
    expect(stopped).toContain("pixel.trackwell.example");
    expect(after.csp?.violations).toBeGreaterThan(0);
    expect(
      after.requests.filter((r) => r.blockedBy === "csp").every((r) => r.verdict === "rogue"),
    ).toBe(true);
  });

  it("the fixture server never heard from a rogue host of the top document", () => {
    const got = server.received.slice(since).map((r) => r.host);
    for (const host of [
      "pixel.trackwell.example",
      "px.socialreach.example",
      "px.skimlytics.example",
    ])
      expect(got, host).not.toContain(host);
    // The ad iframe runs under its own origin: its rogue sync still happens.
    expect(got).toContain("match.databroker.example");
  });

  it("breaks no authorized request, misses nothing in reach, lists the ad iframe's party as out of reach", () => {
    expect(after.csp?.broken).toEqual([]);
    expect(after.csp?.blockedInline).toEqual([]);
    expect(after.csp?.missed).toEqual([]);
    expect(hostsOf(after.csp?.outOfReach ?? [])).toEqual(["match.databroker.example"]);
    expect(after.csp?.outOfReach[0]?.container).toMatch(
      /^https:\/\/ads\.adserve-exchange\.example\//,
    );
    const authorizedBefore = new Set(
      before.requests.filter((r) => r.verdict === "authorized").map((r) => r.host),
    );
    const authorizedAfter = new Set(
      after.requests.filter((r) => r.verdict === "authorized" && !r.blockedBy).map((r) => r.host),
    );
    expect([...authorizedAfter].sort()).toEqual([...authorizedBefore].sort());
    const codes = after.findings.map((f) => f.code);
    expect(codes).not.toContain("csp-breaks-authorized");
    expect(codes).not.toContain("csp-misses-rogue");
  });

  it("writes a report the JSON Schema accepts, csp section and blockedBy included", () => {
    expect(reportSchemaErrors(after)).toEqual([]);
  });

  it("keeps a blocked request as the party's contact", () => {
    const blocked = after.requests.find((r) => r.host === "pixel.trackwell.example");
    expect(blocked?.blockedBy).toBe("csp");
    expect(after.parties.find((p) => p.domain === "trackwell.example")?.status).toBe("rogue");
  });
});

describe("policies that miss or break", () => {
  it("a rogue pixel on an authorized host's path is csp-misses-rogue", async () => {
    const allowlist = path.join(
      FIXTURES_DIR,
      "..",
      "test",
      "fixtures",
      "allowlists",
      "csp-courier.yaml",
    );
    const policy =
      "default-src 'self'; script-src 'self' https://cdn.sharedpath.example; img-src 'self' https://cdn.sharedpath.example";
    const report = await scan("https://www.csp-courier.example/", allowlist, ["--csp", policy]);
    const missed = report.findings.filter((f) => f.code === "csp-misses-rogue");
    expect(missed).toHaveLength(1);
    expect(missed[0]?.severity).toBe("high");
    expect(missed[0]?.evidence.host).toBe("cdn.sharedpath.example");
    expect(missed[0]?.evidence.examples).toEqual([
      "https://cdn.sharedpath.example/rogue-b/px.gif?site=courier",
    ]);
    expect(report.findings.some((f) => f.code === "csp-breaks-authorized")).toBe(false);
    expect(reportSchemaErrors(report)).toEqual([]);
  }, 60_000);

  it("a worker runs under its own policy: a request it refused is csp-breaks-authorized", async () => {
    // connect-src forgets the reading-time worker's RUM host; the worker's script gets the policy.
    const policy =
      "default-src 'self' 'unsafe-inline' https: wss:; connect-src 'self' https://*.pushwire.example wss://*.pushwire.example https://collect.metricsly.example https://ev.audiencenet.example https://push.notifly.example";
    const since = server.received.length;
    const report = await scan(`${BUGLE}news/council-approves-transit-budget.html`, ALLOWLIST, [
      "--csp",
      policy,
    ]);
    const broken = report.findings.filter((f) => f.code === "csp-breaks-authorized");
    expect(broken.map((f) => [f.evidence.host, f.evidence.directive])).toEqual([
      ["rum.telemetry.example", "connect-src"],
    ]);
    expect(server.received.slice(since).map((r) => r.host)).not.toContain("rum.telemetry.example");
  }, 60_000);

  it("a too-tight policy is csp-breaks-authorized, and --fail-on makes it a gate", async () => {
    const policy = readFileSync(
      path.join(FIXTURES_DIR, "..", "test", "fixtures", "csp", "too-tight.txt"),
      "utf8",
    );
    const file = path.join(dir, "tight.txt");
    writeFileSync(file, policy);
    const report = await scan(BUGLE, ALLOWLIST, [
      "--csp-file",
      file,
      "--csp-report-only",
      "--fail-on",
      "finding:csp-breaks-authorized",
    ]);
    expect(report.csp?.mode).toBe("report-only");
    const broken = report.findings.filter((f) => f.code === "csp-breaks-authorized");
    expect(broken.map((f) => f.evidence.host)).toContain("cdn.metricsly.example");
    expect(broken.every((f) => f.severity === "medium")).toBe(true);
    // Report-only: nothing was blocked, the violations say what would have been.
    expect(report.requests.some((r) => r.blockedBy)).toBe(false);
    expect(report.policy?.violated).toBe(true);
  }, 60_000);
});

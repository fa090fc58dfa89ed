// Issue 12 end to end through the real CLI and real Chromium: two deployments of one fixture
// internet (fixtures/deployments/week-1, week-2). A week later the trusted polyfill URL serves new
// code that skims only for phones, the checkout's headers were weakened and the account page lost
// its CSP. Hashes are checked against `openssl dgst -sha256 -binary | base64`.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import { type FindingCode, isFindingOf, type Report } from "../../src/model/report.js";
import { FIXTURES_DIR } from "../../src/package-info.js";
import { runCli } from "../helpers/run-cli.js";

const DEPLOYMENTS = path.join(FIXTURES_DIR, "deployments");
const CHECKOUT = "https://www.checkout-shop.example/checkout/";
const ACCOUNT = "https://www.checkout-shop.example/account/";
const POLYFILL = "https://cdn.polyfill-like.example/v3/polyfill.min.js";
const SKIM_HOST = "skim.collect-stats.example";

let week1: FixtureServer;
let week2: FixtureServer;
let tmp: string;

function openssl(file: string): string {
  return `sha256-${execFileSync("openssl", ["dgst", "-sha256", "-binary", file]).toString("base64")}`;
}
const polyfillOf = (week: string) =>
  path.join(DEPLOYMENTS, week, "cdn.polyfill-like.example/v3/polyfill.min.js");

beforeAll(async () => {
  week1 = await startFixtureServer({ root: path.join(DEPLOYMENTS, "week-1") });
  week2 = await startFixtureServer({ root: path.join(DEPLOYMENTS, "week-2") });
  tmp = await mkdtemp(path.join(os.tmpdir(), "skimscan-integrity-"));
  await writeFile(
    path.join(tmp, "allowlist.yaml"),
    [
      "firstParty: [checkout-shop.example]",
      "authorized:",
      `  - url: ${POLYFILL}`,
      `    integrity: ${openssl(polyfillOf("week-1"))}`,
      '    justification: "Array.at / Object.hasOwn for old browsers, ticket SEC-41"',
      "  - domain: shop-tools.example",
      "    note: build stamp of the shop platform",
      "",
    ].join("\n"),
  );
});
afterAll(async () => {
  await Promise.all([week1?.close(), week2?.close()]);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function scan(server: FixtureServer, name: string, ...args: string[]) {
  const out = path.join(tmp, `${name}.json`);
  const r = await runCli([
    "scan",
    CHECKOUT,
    ACCOUNT,
    "-a",
    path.join(tmp, "allowlist.yaml"),
    "--critical-pages",
    "/checkout/**",
    "--fail-on",
    "finding:script-changed",
    "--host-rules",
    server.hostRules,
    "--insecure",
    "--dwell",
    "200",
    "-o",
    out,
    ...args,
  ]);
  const report = JSON.parse(await readFile(out, "utf8")) as Report;
  return { ...r, report };
}
const codes = <C extends FindingCode>(r: Report, code: C) => r.findings.filter(isFindingOf(code));
const skimRequests = (r: Report) => r.requests.filter((q) => q.host === SKIM_HOST);

describe("script integrity across two deployments", () => {
  let baseDesktop: string;
  let baseMobile: string;

  it("records hashes as openssl computes them, the headers as sent, and an inventory", async () => {
    const csv = path.join(tmp, "inventory.csv");
    const { code, report } = await scan(week1, "base-desktop", "-o", csv);
    baseDesktop = path.join(tmp, "base-desktop.json");
    expect(code).toBe(0);
    const poly = report.scripts?.find((s) => s.url === POLYFILL && s.page === CHECKOUT);
    expect(poly).toMatchObject({ hash: openssl(polyfillOf("week-1")), verdict: "authorized" });
    const inlineText = 'window.shopConfig = { currency: "EUR", step: "payment" };';
    const inlineFile = path.join(tmp, "inline.js");
    await writeFile(inlineFile, inlineText);
    expect(report.scripts?.some((s) => s.kind === "inline" && s.hash === openssl(inlineFile))).toBe(
      true,
    );
    const stamp = report.scripts?.find((s) => s.url.endsWith("/stamp.js"));
    expect(stamp?.volatile).toBe(true);
    const headers = report.scan.pages.find((p) => p.url === CHECKOUT)?.securityHeaders;
    expect(headers?.["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(report.scan.browser.device?.name).toBe("desktop");
    const rows = parse(await readFile(csv, "utf8"), { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.script === POLYFILL && r.page === CHECKOUT)).toMatchObject({
      status: "authorized",
      justification: "Array.at / Object.hasOwn for old browsers, ticket SEC-41",
      hash: openssl(polyfillOf("week-1")),
    });
  });

  it("the same site again against its baseline gives no finding (volatile script included)", async () => {
    const { code, report } = await scan(week1, "again", "--baseline", baseDesktop);
    expect(code).toBe(0);
    for (const c of ["script-changed", "new-script", "header-changed", "header-removed"] as const)
      expect(codes(report, c), c).toEqual([]);
  });

  it("a mobile baseline of week 1 has no skimmer either", async () => {
    const { report } = await scan(week1, "base-mobile", "--device", "mobile");
    baseMobile = path.join(tmp, "base-mobile.json");
    expect(report.scan.browser.device).toMatchObject({ name: "mobile", mobile: true, touch: true });
    expect(report.scan.browser.userAgent).toMatch(/Android.*Mobile/);
    expect(skimRequests(report)).toEqual([]);
  });

  it("week 2 on desktop: script-changed and the pin broken, weakened headers, but no skimmer", async () => {
    const { code, report } = await scan(week2, "week2-desktop", "--baseline", baseDesktop);
    expect(code).toBe(1);
    const changed = codes(report, "script-changed");
    expect(changed.map((f) => f.evidence.url)).toEqual([POLYFILL]);
    expect(changed[0]?.evidence.after).toEqual([openssl(polyfillOf("week-2"))]);
    expect(report.parties.find((p) => p.domain === "polyfill-like.example")?.status).toBe("rogue");
    expect(report.scripts?.find((s) => s.url === POLYFILL)?.rule).toBe("integrity-mismatch");
    expect(skimRequests(report)).toEqual([]);
    expect(week2.received.some((r) => r.host === SKIM_HOST)).toBe(false);
    const headerFindings = [...codes(report, "header-changed"), ...codes(report, "header-removed")]
      .map((f) => `${f.code} ${f.evidence.page} ${f.evidence.header}`)
      .sort();
    expect(headerFindings).toEqual([
      `header-changed ${CHECKOUT} content-security-policy`,
      `header-changed ${CHECKOUT} strict-transport-security`,
      `header-removed ${ACCOUNT} content-security-policy`,
    ]);
  });

  it("week 2 on mobile: script-changed and the skimmer's requests", async () => {
    const { code, report } = await scan(
      week2,
      "week2-mobile",
      "--device",
      "mobile",
      "--baseline",
      baseMobile,
    );
    expect(code).toBe(1);
    expect(codes(report, "script-changed").map((f) => f.evidence.url)).toEqual([POLYFILL]);
    expect(codes(report, "script-changed")[0]?.evidence.newHosts).toContain(SKIM_HOST);
    expect(skimRequests(report).length).toBeGreaterThan(0);
    expect(skimRequests(report)[0]?.initiators).toContain(POLYFILL);
  });
});

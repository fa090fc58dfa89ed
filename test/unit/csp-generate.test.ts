// skimscan csp on the demo's saved report: authorized and first-party hosts per directive, rogue
// and unlisted never, wildcards only from the allowlist's host patterns, out-of-reach parties named,
// and Google's CSP Evaluator run on the result.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generatePolicy } from "../../src/analyze/csp/generate-policy.js";
import { inlineScriptsOf } from "../../src/analyze/csp/inline-scripts.js";
import { lintPolicy } from "../../src/analyze/csp/lint-policy.js";
import { parsePolicy } from "../../src/analyze/csp/policy.js";
import { type Allowlist, loadAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import type { Report } from "../../src/model/report.js";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../../src/package-info.js";

const report = JSON.parse(
  readFileSync(
    path.join(PACKAGE_ROOT, "test/fixtures/captures/dailybugle-demo.report.json"),
    "utf8",
  ),
) as Report;
let allowlist: Allowlist;
beforeAll(async () => {
  allowlist = (await loadAllowlist(path.join(FIXTURES_DIR, "allowlists/dailybugle.yaml")))
    .allowlist;
});

describe("generatePolicy", () => {
  it("lists what each directive needs, from authorized and first-party requests only", () => {
    const g = generatePolicy([report], { allowlist });
    const p = parsePolicy(g.header);
    expect(p.get("img-src")).toEqual([
      "'self'",
      "https://collect.metricsly.example",
      "https://static.bugle-cdn.example",
      "data:",
      "blob:",
    ]);
    expect(p.get("connect-src")).toEqual([
      "'self'",
      "https://*.pushwire.example",
      "https://collect.metricsly.example",
      "https://ev.audiencenet.example",
      "https://push.notifly.example",
      "https://rum.telemetry.example",
    ]);
    expect(p.get("frame-src")).toEqual(["'self'", "https://ads.adserve-exchange.example"]);
    expect(p.get("object-src")).toEqual(["'none'"]);
    for (const rogue of ["trackwell", "socialreach", "skimlytics", "databroker"])
      expect(g.header).not.toContain(rogue);
  });
  it("a wildcard only where the allowlist has a host pattern", () => {
    const g = generatePolicy([report], { allowlist });
    const wildcards = g.header.split(/\s+/).filter((s) => s.includes("*"));
    expect([...new Set(wildcards)]).toEqual(["https://*.pushwire.example"]);
  });
  it("says which rogue parties are out of reach, and why each source is there", () => {
    const g = generatePolicy([report], { allowlist });
    const out = g.excluded.filter((e) => e.reason === "out-of-reach" && e.verdict === "rogue");
    expect([...new Set(out.map((e) => e.host))]).toEqual(["match.databroker.example"]);
    expect(g.notes.join("\n")).toContain("databroker.example");
    const metricsly = g.directives["img-src"]?.find(
      (s) => s.source === "https://collect.metricsly.example",
    );
    expect(metricsly?.parties).toEqual(["metricsly.example"]);
    expect(metricsly?.why).toBe("domain:metricsly.example");
    expect(metricsly?.pages.length).toBe(4);
  });
  it("without an allowlist nothing third-party gets in", () => {
    const g = generatePolicy(
      [
        {
          ...report,
          requests: report.requests.map((r) =>
            r.verdict === "authorized" ? { ...r, verdict: "unlisted" as const } : r,
          ),
        },
      ],
      {},
    );
    expect(g.header).not.toMatch(/metricsly|pushwire|audiencenet/);
  });
  it("a redirect through an unauthorized host keeps the request out and says so", () => {
    const r = report.requests.find(
      (q) => q.host === "collect.metricsly.example",
    ) as Report["requests"][number];
    const hop = { ...r, redirects: [{ url: "https://sync.unknown.example/r", status: 302 }] };
    const g = generatePolicy([{ ...report, requests: [hop] }], { allowlist });
    expect(g.header).not.toContain("sync.unknown.example");
    expect(g.excluded[0]?.reason).toBe("rogue-hop");
  });
  it("inline scripts: hashes from a capture, else 'unsafe-inline' said out loud; strict-dynamic warns", () => {
    expect(parsePolicy(generatePolicy([report], { allowlist }).header).get("script-src")).toContain(
      "'unsafe-inline'",
    );
    const hashed = generatePolicy([report], {
      allowlist,
      inline: { hashes: ["sha256-abc="], unhashed: 0, dynamic: 0, known: true },
    });
    const script = parsePolicy(hashed.header).get("script-src");
    expect(script).toContain("'sha256-abc='");
    expect(script).not.toContain("'unsafe-inline'");
    const sd = generatePolicy([report], { allowlist, scriptMode: "strict-dynamic" });
    expect(parsePolicy(sd.header).get("script-src")?.slice(0, 2)).toEqual([
      "'nonce-{NONCE}'",
      "'strict-dynamic'",
    ]);
    expect(sd.notes.join(" ")).toMatch(/trusted too/);
  });
  it("report-uri and report-to with the Reporting-Endpoints header", () => {
    const g = generatePolicy([report], { allowlist, reportUri: "https://csp.site.example/r" });
    expect(g.header).toMatch(/report-uri https:\/\/csp\.site\.example\/r; report-to skimscan$/);
    expect(g.reportingEndpoints).toBe('skimscan="https://csp.site.example/r"');
  });
  it("inline scripts of a capture are counted (the v1 demo capture has no hashes)", () => {
    const capture = JSON.parse(
      readFileSync(
        path.join(PACKAGE_ROOT, "test/fixtures/captures/dailybugle-demo.capture.json"),
        "utf8",
      ),
    ) as Capture;
    const inline = inlineScriptsOf([capture]);
    expect(inline.known).toBe(true);
    expect(inline.unhashed).toBeGreaterThan(0);
  });
});

describe("lintPolicy", () => {
  it("runs Google's CSP Evaluator: unsafe-inline is high, a missing object-src is flagged", () => {
    const lint = lintPolicy("script-src 'self' 'unsafe-inline'");
    expect(lint.some((f) => f.severity === "high" && f.value === "'unsafe-inline'")).toBe(true);
    expect(lint.some((f) => f.directive === "object-src")).toBe(true);
  });
});

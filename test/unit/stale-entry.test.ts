// stale-allowlist-entry: authorized entries that matched nothing the scan saw, with their lines.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { reportSchemaErrors } from "../helpers/report-schema.js";
import { makeCapture, makePage, makeRequest, parser } from "./helpers/capture-builder.js";

const HOME = "https://www.pub.example/";
const NEWS = "https://www.pub.example/news/a";

function capture(): Capture {
  const home = makePage(HOME);
  home.requests.push(
    makeRequest("g", "https://www.google-analytics.com/g/collect", { initiator: parser(HOME) }),
    makeRequest("m", "https://cdn.metricsly.example/m.js", { initiator: parser(HOME) }),
  );
  const news = makePage(NEWS);
  news.requests.push(
    makeRequest("w", "https://static.widget.example/sdk/v2.js", { initiator: parser(NEWS) }),
  );
  return makeCapture([home, news]);
}

function staleOf(yaml: string, cap: Capture = capture()) {
  const { allowlist } = parseAllowlist(yaml, "allow.yaml");
  const report = buildReport(cap, { allowlist });
  expect(reportSchemaErrors(report)).toEqual([]);
  return report.findings.filter((f) => f.code === "stale-allowlist-entry");
}

describe("stale-allowlist-entry", () => {
  it("reports each authorized entry that matched nothing, with file, line and note", () => {
    const stale = staleOf(`authorized:
  - metricsly.example
  - gone-vendor.example
  - entity: Google
  - entity: Chartbeat
  - url: https://static.widget.example/sdk/
  - url: https://static.widget.example/old-sdk/
  - domain: left.example
    note: contract PRIV-9
    expires: 2027-01-01
`);
    const byLine = stale.map((f) => [f.evidence.rule, f.evidence.line] as [string, number]);
    expect(byLine.sort((a, b) => a[1] - b[1])).toEqual([
      ["domain:gone-vendor.example", 3],
      ["entity:Chartbeat", 5],
      ["url:https://static.widget.example/old-sdk/", 7],
      ["domain:left.example", 8],
    ]);
    const left = stale.find((f) => f.evidence.rule === "domain:left.example");
    expect(left).toMatchObject({
      severity: "info",
      evidence: {
        file: "allow.yaml",
        note: "contract PRIV-9",
        expires: "2027-01-01",
        pagesScanned: 2,
      },
    });
    expect(left?.party).toBeUndefined();
    expect(left?.id).toMatch(/^stale-allowlist-entry:[0-9a-f]{16}$/);
  });

  it("an entry shadowed by a more specific one is not stale: it still matches", () => {
    expect(
      staleOf("authorized:\n  - metricsly.example\n  - host: cdn.metricsly.example\n"),
    ).toEqual([]);
  });

  it("an entry whose category never occurs is stale; the matching category is not", () => {
    const stale = staleOf(`authorized:
  - entity: Google
    categories: [advertising]
  - entity: Google
    categories: [analytics]
`);
    expect(stale.map((f) => f.evidence.line)).toEqual([2]);
    expect(stale[0]?.evidence.categories).toEqual(["advertising"]);
  });

  it("a pages-scoped entry is judged only on its pages, and not at all when none was scanned", () => {
    const stale = staleOf(`authorized:
  - domain: metricsly.example
    pages: ["/news/**"]
  - domain: metricsly.example
    pages: ["/sports/**"]
  - domain: widget.example
    pages: ["/news/**"]
`);
    expect(stale.map((f) => f.evidence.line)).toEqual([2]);
  });

  it("an expired entry that still matched is an expired approval, not a stale one", () => {
    const { allowlist } = parseAllowlist(
      "authorized:\n  - domain: metricsly.example\n    expires: 2020-01-01\n",
      "allow.yaml",
    );
    const codes = buildReport(capture(), { allowlist }).findings.map((f) => f.code);
    expect(codes).toContain("expired-approval");
    expect(codes).not.toContain("stale-allowlist-entry");
  });

  it("denied entries are never stale, first-party contacts match nothing, failed pages count for nothing", () => {
    expect(staleOf("denied:\n  - never-seen.example\n")).toEqual([]);
    expect(staleOf("authorized:\n  - pub.example\n").map((f) => f.evidence.rule)).toEqual([
      "domain:pub.example",
    ]);
    const cap = capture();
    for (const p of cap.pages) p.outcome = "failed";
    expect(staleOf("authorized:\n  - gone-vendor.example\n", cap)).toEqual([]);
  });

  it("has a stable id: the same entry on another line keeps its fingerprint", () => {
    const a = staleOf("authorized:\n  - gone-vendor.example\n");
    const b = staleOf("authorized:\n  - metricsly.example\n  - gone-vendor.example\n");
    expect(a[0]?.id).toBe(b[0]?.id);
  });
});

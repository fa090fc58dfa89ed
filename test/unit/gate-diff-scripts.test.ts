// `skimscan diff` shows scripts and security headers: added, removed, changed content, headers
// changed in either direction; reports without scripts[] give no script rows.
import { describe, expect, it } from "vitest";
import { diffReports } from "../../src/gate/diff-reports.js";
import type { Report, ReportScript } from "../../src/model/report.js";
import { renderDiff } from "../../src/report/render-diff.js";

const PAGE = "https://www.shop.example/checkout/";
const s = (url: string, hash: string): ReportScript => ({
  page: PAGE,
  url,
  kind: "url",
  frame: PAGE,
  target: "page",
  hash,
  party: new URL(url).hostname.split(".").slice(-2).join("."),
  verdict: "authorized",
  loadedBy: [url],
});
const H1 = `sha256-${"A".repeat(43)}=`;
const H2 = `sha256-${"B".repeat(43)}=`;

function report(
  scripts: ReportScript[] | undefined,
  headers: Record<string, string>,
  at: string,
): Report {
  return {
    scan: { startedAt: at, pages: [{ url: PAGE, securityHeaders: headers }] },
    parties: [],
    findings: [],
    cookies: [],
    ...(scripts ? { scripts } : {}),
  } as unknown as Report;
}

describe("diff of scripts and headers", () => {
  const old = report(
    [s("https://cdn.a.example/a.js", H1), s("https://cdn.gone.example/g.js", H1)],
    { "content-security-policy": "script-src 'self'", "x-frame-options": "DENY" },
    "2026-06-23T00:00:00Z",
  );
  const now = report(
    [s("https://cdn.a.example/a.js", H2), s("https://cdn.new.example/n.js", H1)],
    { "x-frame-options": "DENY", "referrer-policy": "no-referrer" },
    "2026-06-30T00:00:00Z",
  );

  it("lists scripts added, removed and changed, and headers changed", () => {
    const d = diffReports(old, now).scripts;
    expect(d.added.map((x) => x.url)).toEqual(["https://cdn.new.example/n.js"]);
    expect(d.removed.map((x) => x.url)).toEqual(["https://cdn.gone.example/g.js"]);
    expect(d.changed).toEqual([
      { url: "https://cdn.a.example/a.js", party: "a.example", before: [H1], after: [H2] },
    ]);
    expect(d.headers).toEqual([
      { page: PAGE, header: "content-security-policy", before: "script-src 'self'" },
      { page: PAGE, header: "referrer-policy", after: "no-referrer" },
    ]);
    const text = renderDiff(
      {
        old: ["old.json"],
        current: "new.json",
        diff: diffReports(old, now),
        policy: { failOn: [], violated: false, reasons: [], baselines: [] },
      },
      "text",
    );
    expect(text).toContain("Scripts: 1 added, 1 removed, 1 changed content");
    expect(text).toContain("Security headers: 2 changed");
  });

  it("an old report without scripts[] gives no script rows", () => {
    const d = diffReports(report(undefined, {}, "2026-06-23T00:00:00Z"), now).scripts;
    expect([d.added, d.removed, d.changed]).toEqual([[], [], []]);
  });
});

// Leak and piggyback findings in the reports: under each party and in the findings section of the
// text report (piggyback phrased as "who let them in"), and in JSON findings[] with their fields.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isFindingOf, type Report } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import { renderText } from "../../src/report/render-text.js";
import { findingSentence } from "../../src/report/report-view.js";

const report = JSON.parse(
  readFileSync(
    path.join(PACKAGE_ROOT, "test/fixtures/captures/dailybugle-demo.report.json"),
    "utf8",
  ),
) as Report;
const text = renderText(report, { width: 200 });
/** The lines of one party's block in the text report. */
function block(domain: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^ {2}[✗?✓·] /.test(l) && l.includes(` ${domain}`));
  expect(start, domain).toBeGreaterThan(-1);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("    "));
  return lines.slice(start, end);
}

describe("leak findings in the text report", () => {
  it("lists each party's findings under it", () => {
    const sk = block("skimlytics.example").join("\n");
    for (const code of [
      "piggyback (high)",
      "id-sync (high)",
      "search-term-leak (high)",
      "long-lived-cookie (low)",
    ]) {
      expect(sk).toContain(code);
    }
    expect(block("metricsly.example").join("\n")).toMatch(
      /findings: .*search-term-leak \(medium\)/,
    );
  });

  it("names, under the loader, the parties it brought in", () => {
    expect(block("audiencenet.example").join("\n")).toContain(
      "brought in: skimlytics.example (high)",
    );
    expect(block("tagpilot.example").join("\n")).toContain("brought in: socialreach.example (low)");
  });

  it("phrases piggyback in the findings section", () => {
    const section = text.slice(text.indexOf("FINDINGS ("));
    expect(section).toContain(
      "rogue skimlytics.example was loaded by your authorized vendor audiencenet.example via audiencenet.example's script https://cdn.audiencenet.example/sync.js",
    );
    expect(section).toContain(
      "rogue socialreach.example was deployed by your own tag manager tagpilot.example container TP-4F2K9",
    );
  });

  it("has a sentence only for piggyback; others list their evidence", () => {
    const f = report.findings.find((x) => x.code === "id-sync");
    expect(f && findingSentence(f)).toBeUndefined();
  });
});

describe("leak findings in the JSON report", () => {
  it("carry code, severity, party, page and evidence with the request and where in it", () => {
    const leaks = report.findings.filter((f) =>
      ["id-sync", "url-leak", "search-term-leak", "long-lived-cookie", "piggyback"].includes(
        f.code,
      ),
    );
    expect(new Set(leaks.map((f) => f.code)).size).toBe(5);
    for (const f of leaks) {
      expect(f).toMatchObject({
        id: expect.stringMatching(new RegExp(`^${f.code}:[0-9a-f]{16}$`)),
      });
      expect(f.party).toMatch(/\.example$/);
      expect(f.page).toMatch(/^https:\/\/www\.dailybugle\.example\//);
    }
    const sync = leaks.filter(isFindingOf("id-sync")).find((f) => f.party === "databroker.example");
    expect(sync?.evidence.requests).toEqual(
      expect.arrayContaining([expect.objectContaining({ location: "query", key: "uid" })]),
    );
  });
});

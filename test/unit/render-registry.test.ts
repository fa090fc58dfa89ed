// The format registry: every format renders (hand-written reports and one built from a real
// Chromium capture of the demo), extensions map to formats, json is stable.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { loadAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../../src/package-info.js";
import { FORMATS, formatFromExtension, plainStyle, render } from "../../src/report/renderers.js";
import { loadReport } from "../fixtures/reports/load-report.js";
import { unsafeChars } from "../fixtures/reports/unsafe-chars.js";

describe("renderers registry", () => {
  const demo = loadReport("dailybugle-report");

  it.each(FORMATS)(
    "%s renders a non-empty document ending in a newline, without changing the report",
    (format) => {
      const before = JSON.stringify(demo);
      const out = render(format, demo, { style: plainStyle, width: 80 });
      expect(out.length).toBeGreaterThan(200);
      expect(out.endsWith("\n")).toBe(true);
      expect(JSON.stringify(demo)).toBe(before);
    },
  );

  it("json is the report itself, 2-space indented, byte-stable", () => {
    const out = render("json", demo);
    expect(JSON.parse(out)).toEqual(demo);
    expect(out.split("\n")[1]).toBe('  "schemaVersion": 2,');
    expect(render("json", structuredClone(demo))).toBe(out);
  });

  it.each([
    ["report.txt", "text"],
    ["out/report.json", "json"],
    ["report.html", "html"],
    ["REPORT.HTM", "html"],
    ["summary.md", "markdown"],
    ["results.sarif", "sarif"],
    ["results.sarif.json", "sarif"],
    ["junit.xml", "junit"],
    ["tests.junit.xml", "junit"],
    ["report.pdf", undefined],
    ["report", undefined],
  ])("%s → %s", (file, format) => {
    expect(formatFromExtension(file)).toBe(format);
  });
});

describe("every format on a report built from a real capture", async () => {
  const capture = JSON.parse(
    readFileSync(
      path.join(PACKAGE_ROOT, "test/fixtures/captures/dailybugle-demo.capture.json"),
      "utf8",
    ),
  ) as Capture;
  const { allowlist, warnings } = await loadAllowlist(
    path.join(FIXTURES_DIR, "allowlists/dailybugle.yaml"),
  );
  const report = buildReport(capture, { allowlist, warnings });
  const rogue = report.parties.filter((p) => p.status === "rogue").map((p) => p.domain);

  it("text fits 80 columns and names every rogue party with its chain", () => {
    const text = render("text", report, { width: 80 });
    for (const line of text.split("\n")) expect([...line].length, line).toBeLessThanOrEqual(80);
    expect(rogue.length).toBeGreaterThan(0);
    for (const d of rogue) expect(text).toContain(`✗ ${d}`);
    expect(text.match(/loaded by: /g)?.length).toBeGreaterThanOrEqual(rogue.length);
    expect(unsafeChars(text)).toEqual([]);
  });

  it("markdown, sarif, junit and html carry every rogue party", () => {
    const sarif = JSON.parse(render("sarif", report, { sarifLocation: "skimscan.yaml" }));
    const results = sarif.runs[0].results as { ruleId: string; message: { text: string } }[];
    for (const d of rogue) {
      expect(
        results.filter((r) => r.ruleId === "rogue-party" && r.message.text.includes(d)).length,
        d,
      ).toBe(1);
      expect(render("markdown", report)).toContain(`\`${d}\``);
      expect(render("html", report)).toContain(`<code>${d}</code>`);
    }
    const junit = render("junit", report);
    expect(junit.match(/<testcase /g)?.length).toBe(report.scan.pages.length);
    expect(junit).toContain('<failure type="rogue-party"');
  });
});

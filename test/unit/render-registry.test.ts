// The format registry: every format renders, extensions map to formats, json is stable.
import { describe, expect, it } from "vitest";
import { FORMATS, formatFromExtension, plainStyle, render } from "../../src/report/renderers.js";
import { loadReport } from "../fixtures/reports/load-report.js";

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
    expect(out.split("\n")[1]).toBe('  "schemaVersion": 1,');
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

// The README publishes what the checks do: its findings table is the registry's meta (code,
// description, severity rules) row for row, and every threshold of LEAK_THRESHOLDS has its value.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS, severityText } from "../../src/analyze/checks/index.js";
import { LEAK_THRESHOLDS } from "../../src/analyze/leaks/index.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";

const readme = readFileSync(path.join(PACKAGE_ROOT, "README.md"), "utf8");
const findings = readme.slice(readme.indexOf("## Findings"), readme.indexOf("## CI"));

/** The table row the README carries for a threshold (pipes in text escaped as markdown needs). */
function thresholdRow(t: { name: string; value: number | string; meaning: string }): string {
  const cell = (v: unknown) => String(v).replaceAll("|", "\\|");
  return `| ${cell(t.name)} | ${cell(t.value)} | ${cell(t.meaning)} |`;
}

/** The findings table as the registry's meta makes it (the README must carry exactly this). */
function findingsTable(): string {
  const cell = (v: string) => v.replaceAll("|", "\\|");
  return [
    "| code | means | severity |",
    "| --- | --- | --- |",
    ...CHECKS.map(
      ({ meta }) =>
        `| \`${meta.code}\` | ${cell(meta.description)} | ${cell(severityText(meta))} |`,
    ),
  ].join("\n");
}

describe("README findings section", () => {
  it("carries the findings table made from every check's meta", () => {
    const start = findings.indexOf("| code | means | severity |");
    const end = findings.indexOf("\n\n", start);
    const table =
      start < 0 ? "(no findings table)" : findings.slice(start, end < 0 ? undefined : end);
    expect(table, "README.md's findings table differs from the checks' meta").toBe(findingsTable());
  });

  it("publishes every threshold with its current value", () => {
    for (const t of LEAK_THRESHOLDS) expect(findings).toContain(thresholdRow(t));
  });
});

// The README publishes what the leak analysis does: every finding code of the registry with its
// sentence, and every threshold of LEAK_THRESHOLDS with its current value.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../src/analyze/checks/index.js";
import { LEAK_THRESHOLDS } from "../../src/analyze/leaks/index.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";

const readme = readFileSync(path.join(PACKAGE_ROOT, "README.md"), "utf8");
const findings = readme.slice(readme.indexOf("## Findings"), readme.indexOf("## CI"));

/** The table row the README carries for a threshold (pipes in text escaped as markdown needs). */
function thresholdRow(t: { name: string; value: number | string; meaning: string }): string {
  const cell = (v: unknown) => String(v).replaceAll("|", "\\|");
  return `| ${cell(t.name)} | ${cell(t.value)} | ${cell(t.meaning)} |`;
}

describe("README findings section", () => {
  it.each([...new Set(CHECKS.map((c) => c.code))])("explains %s", (code) => {
    expect(findings).toMatch(new RegExp(`^\\| [^\\n]*\`${code}\`[^\\n]*\\| .{20,}`, "m"));
  });

  it("publishes every threshold with its current value", () => {
    for (const t of LEAK_THRESHOLDS) expect(findings).toContain(thresholdRow(t));
  });
});

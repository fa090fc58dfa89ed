// The golden report: the saved demo capture rebuilt into a report must equal the committed one,
// byte for byte. After an intended change, regenerate with UPDATE_GOLDEN=1 and review the diff.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { loadAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { FIXTURES_DIR, PACKAGE_ROOT } from "../../src/package-info.js";

const DIR = path.join(PACKAGE_ROOT, "test/fixtures/captures");
const CAPTURE = path.join(DIR, "dailybugle-demo.capture.json");
const GOLDEN = path.join(DIR, "dailybugle-demo.report.json");

async function rebuild(): Promise<string> {
  const capture = JSON.parse(readFileSync(CAPTURE, "utf8")) as Capture;
  // A path relative to the package, so the golden does not depend on where the checkout lives.
  const file = path.relative(PACKAGE_ROOT, path.join(FIXTURES_DIR, "allowlists/dailybugle.yaml"));
  const { allowlist, warnings } = await loadAllowlist(path.join(PACKAGE_ROOT, file));
  allowlist.file = file;
  const report = buildReport(capture, { allowlist, warnings });
  return `${JSON.stringify(report, null, 2)}\n`;
}

describe("golden report", () => {
  it("rebuilds the committed report from the saved capture", async () => {
    const built = await rebuild();
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, built);
    expect(existsSync(GOLDEN), `${GOLDEN} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
    expect(built).toBe(readFileSync(GOLDEN, "utf8"));
  });

  it("is stable: two rebuilds are identical", async () => {
    expect(await rebuild()).toBe(await rebuild());
  });
});

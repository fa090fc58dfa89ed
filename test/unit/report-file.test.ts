// Reading a report back (--baseline, diff, compare): this version's and version 1 reports load;
// other versions and captures are refused with a message naming the file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadReportFile } from "../../src/cli/report-file.js";
import { ConfigError } from "../../src/errors.js";
import { SCHEMA_VERSION } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "skimscan-report-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = JSON.parse(
  readFileSync(path.join(PACKAGE_ROOT, "test/fixtures/reports/dailybugle-report.json"), "utf8"),
);

function write(name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe("loadReportFile", () => {
  it("reads a report of this version", async () => {
    const r = await loadReportFile(write("now.json", fixture), "--baseline");
    expect(r.schemaVersion).toBe(SCHEMA_VERSION);
    expect(r.parties.length).toBeGreaterThan(0);
  });

  it("reads a version 1 report written by an older skimscan", async () => {
    const v1 = { ...fixture, schemaVersion: 1 };
    for (const p of v1.parties) delete p.tracking;
    const r = await loadReportFile(write("v1.json", v1), "--baseline");
    expect(r.schemaVersion).toBe(1);
    expect(r.parties.map((p) => p.domain)).toEqual(
      fixture.parties.map((p: { domain: string }) => p.domain),
    );
  });

  it("refuses an unknown version and a capture, naming the file", async () => {
    const future = write("v3.json", { ...fixture, schemaVersion: 3 });
    await expect(loadReportFile(future, "--baseline")).rejects.toThrow(ConfigError);
    await expect(loadReportFile(future, "--baseline")).rejects.toThrow(
      /v3\.json.*schemaVersion 1 or 2/s,
    );
    const capture = write("capture.json", { captureVersion: 2, pages: [] });
    await expect(loadReportFile(capture, "--baseline")).rejects.toThrow(
      /capture is not a report|not a skimscan JSON report/,
    );
  });
});

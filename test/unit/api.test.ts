// The programmatic API runs the same engine as the CLI on a saved real capture.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  analyze,
  type Capture,
  parseAllowlist,
  parseFailOn,
  render,
  scan,
  UsageError,
} from "../../src/index.js";

const capture = JSON.parse(
  readFileSync("test/fixtures/captures/dailybugle-demo.capture.json", "utf8"),
) as Capture;
const { allowlist } = parseAllowlist(
  readFileSync("fixtures/allowlists/dailybugle.yaml", "utf8"),
  "dailybugle.yaml",
);

describe("programmatic API", () => {
  it("analyze() judges a capture against an allowlist", () => {
    const report = analyze(capture, { allowlist });
    const rogue = report.parties.filter((p) => p.status === "rogue").map((p) => p.domain);
    expect(rogue).toContain("skimlytics.example");
    expect(rogue).not.toContain("metricsly.example");
    expect(report.policy).toBeUndefined();
  });

  it("analyze() applies the CI gate when asked", () => {
    const report = analyze(capture, {
      allowlist,
      gate: { failOn: parseFailOn(["rogue"]), baselines: [], minPages: 1 },
    });
    expect(report.policy?.violated).toBe(true);
  });

  it("render() produces every format from the same report", () => {
    const report = analyze(capture, { allowlist });
    expect(JSON.parse(render(report, "json")).schemaVersion).toBe(2);
    expect(render(report)).toContain("skimlytics.example");
    expect(render(report, "html")).toMatch(/^<!doctype html>/i);
  });

  it("scan() rejects an address that is not an http(s) page before any browser starts", async () => {
    for (const bad of ["not a url", "ftp://files.example/"]) {
      const err = await scan(["https://www.example.com/", bad], {
        chromePath: "/opt/no-such-browser/chrome",
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).message).toContain(`'${bad}'`);
      expect((err as UsageError).exitCode).toBe(2);
    }
  });
});

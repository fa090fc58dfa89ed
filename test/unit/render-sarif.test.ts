// SARIF 2.1.0 output, validated against the official OASIS schema (sarif-2.1.0-rtm.5, shipped by
// the @microsoft/jest-sarif dev dependency): rules, one result per rogue party and per finding,
// fingerprints, and locations that are repository files, never web URLs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/model/report.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import { artifactUri, renderSarif } from "../../src/report/render-sarif.js";
import { loadReport } from "../fixtures/reports/load-report.js";
import { unsafeChars } from "../fixtures/reports/unsafe-chars.js";

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  partialFingerprints: Record<string, string>;
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: SarifResult[] }[];
}

/**
 * The schema is draft-04 ("id", not "$id"); it uses no keyword whose meaning changed since, so it
 * is compiled as draft-07 after renaming its top-level id. Formats are checked with small
 * validators because ajv-formats is not installed.
 */
function sarifValidator() {
  const require = createRequire(import.meta.url);
  const file = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  expect(schema.title).toMatch(/SARIF\) Version 2\.1\.0/);
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // One pattern of the schema (language tags) is not valid with the u flag Ajv uses by default.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat("uri", (s: string) => URL.canParse(s));
  ajv.addFormat("uri-reference", (s: string) => URL.canParse(s, "file:///repo/") && !/\s/.test(s));
  ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)) && s.includes("T"));
  return ajv.compile(schema);
}
const validate = sarifValidator();

function valid(text: string): SarifLog {
  const log = JSON.parse(text) as SarifLog;
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5))).toEqual([]);
  expect(ok).toBe(true);
  return log;
}

describe("sarif report", () => {
  const demo = loadReport("dailybugle-report");
  const log = valid(renderSarif(demo));
  const run = log.runs[0] as SarifLog["runs"][number];

  it("validates and describes every rule it uses", () => {
    expect(log.version).toBe("2.1.0");
    expect(run.tool.driver.name).toBe("skimscan");
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids[0]).toBe("rogue-party");
    expect(ids).toEqual([...new Set(["rogue-party", ...demo.findings.map((f) => f.code).sort()])]);
    for (const r of run.results) expect(ids[r.ruleIndex]).toBe(r.ruleId);
    const rules = run.tool.driver.rules as unknown as {
      id: string;
      properties: Record<string, string>;
    }[];
    const score = Object.fromEntries(rules.map((r) => [r.id, r.properties["security-severity"]]));
    expect(score).toMatchObject({
      "rogue-party": "7.5",
      "id-sync": "7.5",
      "long-lived-cookie": "2.0",
    });
  });

  it("has one result per rogue party and per finding, fingerprinted by stable ids", () => {
    const fingerprints = run.results.map((r) => r.partialFingerprints["skimscanFindingId/v1"]);
    // The report has a rogue-party finding per rogue party, so each party appears once, by its id.
    expect(fingerprints.sort()).toEqual(demo.findings.map((f) => f.id).sort());
    const rogue = run.results.filter((r) => r.ruleId === "rogue-party");
    expect(rogue.length).toBe(demo.summary.rogue);
    expect(rogue.every((r) => r.level === "error")).toBe(true);
    const levels = Object.fromEntries(run.results.map((r) => [r.ruleId, r.level]));
    expect(levels).toMatchObject({
      "id-sync": "error",
      "search-term-leak": "warning",
      "long-lived-cookie": "note",
    });
  });

  it("builds a rogue-party result from the party when no finding covers it", () => {
    const bare = structuredClone(demo);
    bare.findings = bare.findings.filter((f) => f.code !== "rogue-party");
    const results = valid(renderSarif(bare)).runs[0]?.results ?? [];
    const rogue = results.filter((r) => r.ruleId === "rogue-party");
    expect(rogue.map((r) => r.partialFingerprints["skimscanFindingId/v1"]).sort()).toEqual(
      demo.parties
        .filter((p) => p.status === "rogue")
        .map((p) => `rogue-party:${p.domain}`)
        .sort(),
    );
    expect(results.length).toBe(rogue.length + bare.findings.length);
  });

  it("points every result at the allowlist file and names the page in the message", () => {
    for (const r of run.results) {
      expect(r.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
        "fixtures/allowlists/dailybugle.yaml",
      );
    }
    const trackwell = run.results.find(
      (r) => r.ruleId === "rogue-party" && r.message.text.includes("trackwell.example"),
    );
    expect(trackwell?.message.text).toContain("pixel.trackwell.example");
    expect(trackwell?.message.text).toContain("https://www.dailybugle.example/");
    const other = valid(renderSarif(demo, { sarifLocation: "./config/skimscan allow.yaml" }));
    const uri = other.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri;
    expect(uri).toBe("config/skimscan%20allow.yaml");
  });

  it("never uses a web URL as a location", () => {
    expect(artifactUri("https://www.dailybugle.example/")).toBe("skimscan.yaml");
    expect(artifactUri("C:\\site\\allow.yaml")).toBe("file:///C:/site/allow.yaml");
    expect(artifactUri("/ci/work/skimscan.yaml")).toBe("file:///ci/work/skimscan.yaml");
    expect(artifactUri("./skimscan.yaml")).toBe("skimscan.yaml");
    const noAllowlist = structuredClone(demo);
    delete noAllowlist.scan.options.allowlist;
    const uri = valid(renderSarif(noAllowlist)).runs[0]?.results[0]?.locations[0]?.physicalLocation
      .artifactLocation.uri;
    expect(uri).toBe("skimscan.yaml");
  });

  it("stays valid and free of control characters with hostile strings", () => {
    const text = renderSarif(loadReport("hostile-report"));
    const hostile = valid(text);
    expect(hostile.runs[0]?.results.length).toBe(3);
    for (const r of hostile.runs[0]?.results ?? []) expect(unsafeChars(r.message.text)).toEqual([]);
  });

  it("uses a schema check that rejects broken logs", () => {
    const broken = JSON.parse(renderSarif(demo));
    broken.runs[0].results[0].level = "fatal";
    delete broken.runs[0].results[1].message;
    broken.runs[0].results[2].locations[0].physicalLocation.artifactLocation.uri = "not a uri";
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain("/runs/0/results/0/level");
    expect(paths.some((p) => p.startsWith("/runs/0/results/1"))).toBe(true);
    expect(paths.some((p) => p.startsWith("/runs/0/results/2/locations"))).toBe(true);
  });

  it("validates for the golden report of the real demo capture", () => {
    const golden = JSON.parse(
      readFileSync(
        path.join(PACKAGE_ROOT, "test/fixtures/captures/dailybugle-demo.report.json"),
        "utf8",
      ),
    ) as Report;
    const results = valid(renderSarif(golden)).runs[0]?.results ?? [];
    const rogue = golden.parties.filter((p) => p.status === "rogue");
    expect(results.filter((r) => r.ruleId === "rogue-party").length).toBe(rogue.length);
    expect(results.length).toBeGreaterThanOrEqual(golden.findings.length);
  });

  it("is an empty but valid run when nothing is wrong", () => {
    const clean = structuredClone(demo);
    clean.parties = clean.parties.filter((p) => p.status !== "rogue");
    clean.findings = [];
    const empty = valid(renderSarif(clean));
    expect(empty.runs[0]?.results).toEqual([]);
    expect(empty.runs[0]?.tool.driver.rules).toEqual([]);
  });
});

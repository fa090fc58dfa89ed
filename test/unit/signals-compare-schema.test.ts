// The compare report's JSON Schema (schema/compare.schema.json): a built report validates, and the
// keys it promises are the keys the code writes (broken or drifted output is rejected).
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import { renderCompare } from "../../src/report/render-compare.js";
import { buildCompare, type CompareReport, parseMode } from "../../src/signals/compare.js";
import { cookie, finding, party, report } from "../helpers/report-builder.js";

const schema = JSON.parse(
  readFileSync(path.join(PACKAGE_ROOT, "schema/compare.schema.json"), "utf8"),
) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** A compare report of the "rejected" shape, rebuilt for each test so mutations stay local. */
function sampleCompare(): CompareReport {
  const withPrivacy = report({
    parties: [party("pushy.example", "rogue"), party("pub.example", "first-party")],
    cookies: [cookie("pa_uid", "px.pushy.example")],
    findings: [finding("ignores-gpc", "pushy.example"), finding("rogue-party", "pushy.example")],
  });
  withPrivacy.scan.privacy = {
    signals: ["gpc"],
    requests: 3,
    dntRequests: 0,
    gpcRequests: 3,
    navigator: [{ doNotTrack: null, globalPrivacyControl: true, pages: 1 }],
    consent: {
      action: "reject",
      choiceMade: true,
      afterPages: ["https://www.pub.example/a"],
      bannerShownAgain: [],
    },
  };
  return buildCompare(
    [
      {
        mode: parseMode("none"),
        report: report({ parties: [party("pushy.example", "unlisted")] }),
      },
      { mode: parseMode("reject+gpc"), report: withPrivacy },
    ],
    {
      startedAt: "2026-11-29T10:00:00Z",
      finishedAt: "2026-11-29T10:01:00Z",
      startUrls: ["https://www.pub.example/"],
    },
  );
}

const errors = (data: unknown) => {
  validate(data);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
};

describe("compare report JSON Schema", () => {
  it("accepts what buildCompare writes and what --format json prints", () => {
    const c = sampleCompare();
    expect(errors(c)).toEqual([]);
    expect(errors(JSON.parse(renderCompare(c, "json")))).toEqual([]);
  });

  it.each([
    [
      "a missing version",
      (c: CompareReport) => delete (c as Partial<CompareReport>).compareVersion,
      "required",
    ],
    [
      "another version",
      (c: CompareReport) => ((c as { compareVersion: number }).compareVersion = 2),
      "const",
    ],
    [
      "an unknown mode name",
      (c: CompareReport) => ((c.parties[0] as { modes: string[] }).modes = ["maybe"]),
      "pattern",
    ],
    [
      "a first-party row",
      (c: CompareReport) => ((c.parties[0] as { status: string }).status = "first-party"),
      "enum",
    ],
    [
      "a non-privacy finding",
      (c: CompareReport) => ((c.findings[0] as { code: string }).code = "rogue-party"),
      "enum",
    ],
    [
      "an unknown key",
      (c: CompareReport) => ((c as unknown as Record<string, unknown>).extra = 1),
      "additionalProperties",
    ],
  ])("rejects %s", (_, mutate, keyword) => {
    const c = sampleCompare();
    mutate(c);
    expect(errors(c).some((e) => e.endsWith(keyword))).toBe(true);
  });
});

// The CI gate: --fail-on conditions, baselines as a union of runs, --min-pages.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { applyPolicy, parseFailOn } from "../../src/gate/policy.js";
import { finding, party, report } from "../helpers/report-builder.js";

const gate = (
  r: ReturnType<typeof report>,
  failOn: string[],
  baselines: ReturnType<typeof report>[] = [],
  minPages = 1,
) =>
  applyPolicy(r, {
    failOn: parseFailOn(failOn),
    baselines: baselines.map((b, i) => ({ file: `base${i}.json`, report: b })),
    minPages,
  }).policy;

describe("parseFailOn", () => {
  it("defaults to rogue", () => expect(parseFailOn([])).toEqual([{ kind: "rogue" }]));
  it("parses every condition", () =>
    expect(parseFailOn(["new-rogue", "unlisted", "finding:id-sync", "rogue"])).toEqual([
      { kind: "new-rogue" },
      { kind: "unlisted" },
      { kind: "finding", code: "id-sync" },
      { kind: "rogue" },
    ]));
  it.each(["rogues", "finding:", "finding:ID SYNC", "", "all"])("rejects %j", (v) =>
    expect(() => parseFailOn([v])).toThrow(UsageError),
  );
  it("rejects none combined with others", () =>
    expect(() => parseFailOn(["none", "rogue"])).toThrow(/none/));
});

describe("applyPolicy", () => {
  const clean = report({ parties: [party("metricsly.example", "authorized")] });
  const withRogue = report({
    parties: [party("metricsly.example", "authorized"), party("skimlytics.example", "rogue", 2)],
  });

  it("rogue fails on any rogue party and names it", () => {
    expect(gate(clean, ["rogue"])?.violated).toBe(false);
    const p = gate(withRogue, ["rogue"]);
    expect(p?.violated).toBe(true);
    expect(p?.reasons).toEqual(["rogue party skimlytics.example on 2 pages"]);
  });

  it("none never fails", () => expect(gate(withRogue, ["none"])?.violated).toBe(false));

  it("unlisted fails on unlisted and rogue parties, not authorized ones", () => {
    expect(gate(clean, ["unlisted"])?.violated).toBe(false);
    expect(
      gate(report({ parties: [party("x.example", "unlisted")] }), ["unlisted"])?.violated,
    ).toBe(true);
    expect(gate(withRogue, ["unlisted"])?.violated).toBe(true);
  });

  it("new-rogue needs a baseline", () =>
    expect(() => gate(withRogue, ["new-rogue"])).toThrow(/--baseline/));

  it("new-rogue: same run twice passes, an added rogue pixel fails and is the only new one", () => {
    expect(gate(withRogue, ["new-rogue"], [withRogue])?.violated).toBe(false);
    const next = report({ parties: [...withRogue.parties, party("newpixel.example", "rogue")] });
    const judged = applyPolicy(next, {
      failOn: parseFailOn(["new-rogue"]),
      baselines: [{ file: "b.json", report: withRogue }],
      minPages: 1,
    });
    expect(judged.policy?.reasons).toEqual(["new rogue party newpixel.example on 1 page"]);
    expect(judged.parties.filter((p) => p.new).map((p) => p.domain)).toEqual(["newpixel.example"]);
  });

  it("new-rogue counts a party that was authorized before and is rogue now", () => {
    const before = report({ parties: [party("skimlytics.example", "authorized", 2)] });
    expect(gate(withRogue, ["new-rogue"], [before])?.reasons).toEqual([
      "new rogue party skimlytics.example on 2 pages",
    ]);
  });

  it("several baselines count as one known set (ad rotation)", () => {
    const a = report({ parties: [party("ads-a.example", "rogue")] });
    const b = report({ parties: [party("ads-b.example", "rogue")] });
    const now = report({
      parties: [party("ads-a.example", "rogue"), party("ads-b.example", "rogue")],
    });
    expect(gate(now, ["new-rogue"], [a])?.violated).toBe(true);
    expect(gate(now, ["new-rogue"], [a, b])?.violated).toBe(false);
  });

  it("--min-pages ignores a new party seen on fewer pages", () => {
    const now = report({
      parties: [party("flicker.example", "rogue", 1), party("steady.example", "rogue", 3)],
    });
    const p = gate(now, ["new-rogue"], [report()], 2);
    expect(p?.reasons).toEqual(["new rogue party steady.example on 3 pages"]);
    expect(p?.minPages).toBe(2);
  });

  it("finding:<code> counts every such finding, or only new ones with a baseline", () => {
    const old = report({ findings: [finding("id-sync", "a.example")] });
    const now = report({
      findings: [
        finding("id-sync", "a.example"),
        finding("id-sync", "b.example"),
        finding("url-leak", "c.example"),
      ],
    });
    expect(gate(now, ["finding:id-sync"])?.reasons).toHaveLength(2);
    expect(gate(now, ["finding:id-sync"], [old])?.reasons).toEqual([
      "new finding id-sync (b.example)",
    ]);
    expect(gate(now, ["finding:pii-leak"])?.violated).toBe(false);
  });

  it("records the conditions and baselines it used", () => {
    const p = gate(withRogue, ["new-rogue", "finding:id-sync"], [clean]);
    expect(p?.failOn).toEqual(["new-rogue", "finding:id-sync"]);
    expect(p?.baselines).toEqual(["base0.json"]);
  });
});

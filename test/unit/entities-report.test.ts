// What reports carry from the company map and the filter lists: entity, category, their source
// and parent on parties; the matching rule on requests; counts and known-tracker findings.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { bundledEntityMap, combineEntityMaps } from "../../src/analyze/entities/entity-map.js";
import { parseUserEntities } from "../../src/analyze/entities/user-entities.js";
import { compileFilterLists } from "../../src/analyze/filter-lists/filter-list.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import type { Capture } from "../../src/model/capture.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import { makeCapture, makePage, makeRequest, parser } from "./helpers/capture-builder.js";

const PAGE = "https://www.publisher.example/news/a";
const FIX = path.join(PACKAGE_ROOT, "test/fixtures");
const img = { resourceType: "Image", image: { width: 1, height: 1 }, bodyBytes: 43 };

function capture(): Capture {
  const page = makePage(PAGE);
  page.requests.push(
    makeRequest("ga", "https://www.google-analytics.com/g/collect?tid=G-1", {
      resourceType: "Ping",
      initiator: parser(PAGE),
    }),
    makeRequest("li", "https://px.ads.linkedin.com/collect", { ...img, initiator: parser(PAGE) }),
    makeRequest("ad1", "https://ads.adnetwork.example/b.gif", { ...img, initiator: parser(PAGE) }),
    makeRequest("ad2", "https://ads.adnetwork.example/c.gif", { ...img, initiator: parser(PAGE) }),
    makeRequest("rt", "https://tracker.rogue.test/p.gif", { ...img, initiator: parser(PAGE) }),
    makeRequest("ok", "https://tracker.rogue.test/allowed/x.gif", {
      ...img,
      initiator: parser(PAGE),
    }),
    makeRequest("n", "https://cdn.nobody.example/a.js", { initiator: parser(PAGE) }),
  );
  return makeCapture([page]);
}

const lists = compileFilterLists(
  ["privacy-mini.txt", "ads-mini.txt"].map((f) => ({
    name: `lists/${f}`,
    text: readFileSync(path.join(FIX, "filter-lists", f), "utf8"),
  })),
);

describe("company knowledge in every report, with no flag", () => {
  const report = buildReport(capture(), {});
  const party = (d: string) => report.parties.find((p) => p.domain === d);

  it("names company, category and source from the bundled map", () => {
    expect(party("google-analytics.com")).toMatchObject({
      entity: "Google",
      category: "analytics",
      entitySource: "third-party-web",
    });
  });

  it("groups a brand under its parent company (overlay)", () => {
    expect(party("linkedin.com")).toMatchObject({
      entity: "LinkedIn",
      parentEntity: "Microsoft",
      category: "advertising",
      entitySource: "third-party-web+skimscan-overlay",
    });
  });

  it("leaves unknown parties without entity fields", () => {
    const p = party("nobody.example");
    expect(p).toBeDefined();
    expect(p?.entity).toBeUndefined();
    expect(p?.entitySource).toBeUndefined();
  });

  it("has no filter fields without --filter-list", () => {
    expect(report.requests.some((r) => r.filterMatch)).toBe(false);
    expect(report.parties.some((p) => p.filterMatches !== undefined)).toBe(false);
  });
});

describe("a user's company map wins over the bundled one", () => {
  const file = path.join(FIX, "entities", "ddg-entity-map.json");
  const user = parseUserEntities(readFileSync(file, "utf8"), file);
  const entities = combineEntityMaps(user, bundledEntityMap());
  const { allowlist } = parseAllowlist("authorized:\n  - entity: Adnetwork\n", "a.yaml");
  const report = buildReport(capture(), { entities, allowlist });

  it("names the user's company, with the file as source, and applies entity entries", () => {
    expect(report.parties.find((p) => p.domain === "adnetwork.example")).toMatchObject({
      entity: "Adnetwork",
      category: "unknown",
      entitySource: file,
      status: "authorized",
      rules: ["entity:Adnetwork"],
    });
  });

  it("keeps bundled knowledge for hosts the user's map does not know", () => {
    expect(report.parties.find((p) => p.domain === "google-analytics.com")?.entity).toBe("Google");
    expect(report.warnings.filter((w) => w.includes("entity:Adnetwork"))).toEqual([]);
  });
});

describe("filter lists as evidence", () => {
  const { allowlist } = parseAllowlist(
    "firstParty: [publisher.example]\nauthorized:\n  - google-analytics.com\n  - linkedin.com\n",
    "a.yaml",
  );
  const report = buildReport(capture(), { allowlist, filters: lists });
  const req = (id: string) => report.requests.find((r) => r.url.includes(id));

  it("marks each matching request with the rule and its list", () => {
    expect(req("ads.adnetwork.example/b.gif")?.filterMatch).toEqual({
      rule: "||ads.adnetwork.example^",
      list: "lists/ads-mini.txt",
    });
    expect(req("tracker.rogue.test/p.gif")?.filterMatch).toEqual({
      rule: "||tracker.rogue.test^$third-party",
      list: "lists/privacy-mini.txt",
    });
    expect(req("google-analytics.com")?.filterMatch).toEqual({
      rule: "/collect?tid=$ping,xmlhttprequest",
      list: "lists/privacy-mini.txt",
    });
  });

  it("honours exceptions and leaves unmatched requests bare", () => {
    expect(req("tracker.rogue.test/allowed")?.filterMatch).toBeUndefined();
    expect(req("cdn.nobody.example")?.filterMatch).toBeUndefined();
  });

  it("counts matches per party (0 when none) and records rule counts in the options", () => {
    const count = (d: string) => report.parties.find((p) => p.domain === d)?.filterMatches;
    expect(count("adnetwork.example")).toBe(2);
    expect(count("rogue.test")).toBe(1);
    expect(count("nobody.example")).toBe(0);
    expect(report.scan.options.filterListRules).toEqual(lists.ruleCounts);
  });

  it("raises known-tracker for rogue parties (low), never for authorized ones", () => {
    const kt = report.findings.filter((f) => f.code === "known-tracker");
    expect(kt.map((f) => [f.party, f.severity]).sort()).toEqual([
      ["adnetwork.example", "low"],
      ["rogue.test", "low"],
    ]);
    expect(kt.find((f) => f.party === "adnetwork.example")?.evidence).toMatchObject({
      rules: [{ rule: "||ads.adnetwork.example^", list: "lists/ads-mini.txt" }],
      distinctRules: 1,
      lists: ["lists/ads-mini.txt"],
      matchedRequests: 2,
      requests: 2,
    });
  });

  it("raises known-tracker at info severity for unlisted parties (no allowlist)", () => {
    const bare = buildReport(capture(), { filters: lists });
    const kt = bare.findings.filter((f) => f.code === "known-tracker");
    expect(new Set(kt.map((f) => f.severity))).toEqual(new Set(["info"]));
    expect(kt.map((f) => f.party).sort()).toEqual([
      "adnetwork.example",
      "google-analytics.com",
      "rogue.test",
    ]);
  });

  it("validates against the report's JSON Schema", () => {
    const schema = JSON.parse(
      readFileSync(path.join(PACKAGE_ROOT, "schema/report.schema.json"), "utf8"),
    );
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
    const validate = ajv.compile(schema);
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(
      true,
    );
  });
});

// One company, several names: case, legal form and the overlay's aliases; vendors the bundled
// third-party-web data lacks (PostHog, Snowplow's hosted collectors) come from the overlay.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analyze/build-report.js";
import { entityEntryWarnings, knowsEntity } from "../../src/analyze/entities/allowlist-entities.js";
import { bundledEntityMap } from "../../src/analyze/entities/entity-map.js";
import { sameEntity } from "../../src/analyze/entities/entity-name.js";
import { ALIASES } from "../../src/analyze/entities/overlay.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import { makeCapture, makePage, makeRequest, parser } from "./helpers/capture-builder.js";

const PAGE = "https://www.publisher.example/";

describe("sameEntity", () => {
  it("ignores case, spacing and a trailing legal form", () => {
    expect(sameEntity("google", "Google")).toBe(true);
    expect(sameEntity(" Criteo  SA", "criteo")).toBe(true);
    expect(sameEntity("Quantcast Corp.", "Quantcast")).toBe(true);
    expect(sameEntity("Acme GmbH", "Acme")).toBe(true);
  });
  it("follows the overlay's aliases", () => {
    expect(sameEntity("jsDelivr", "JSDelivr CDN")).toBe(true);
    expect(sameEntity("Facebook", "meta")).toBe(true);
    expect(sameEntity("X Corp", "Twitter")).toBe(true);
  });
  it("keeps different companies apart", () => {
    expect(sameEntity("Google", "Googlee")).toBe(false);
    expect(sameEntity("Meta", "Metamask")).toBe(false);
    expect(sameEntity("Co", "Cox")).toBe(false);
  });
});

describe("the bundled map", () => {
  const map = bundledEntityMap();
  it("knows every alias's company", () => {
    for (const [alias, { entity }] of Object.entries(ALIASES)) {
      expect(knowsEntity(map, entity), `${alias} → ${entity}`).toBe(true);
      expect(knowsEntity(map, alias), alias).toBe(true);
    }
  });
  it("knows PostHog and Snowplow's hosted collectors", () => {
    expect(map.lookup("us.i.posthog.com")).toMatchObject({
      entity: "PostHog",
      category: "analytics",
    });
    expect(map.lookup("eu-assets.i.posthog.com")?.entity).toBe("PostHog");
    expect(map.lookup("acme-prod1.collector.snplow.net")).toMatchObject({
      entity: "Snowplow",
      category: "analytics",
    });
    // third-party-web's own Snowplow host still wins with its own data.
    expect(map.lookup("d32hwlnfiv2gyn.cloudfront.net")?.entity).toBe("Snowplow");
  });
  it("groups Cloudflare's CDN under Cloudflare", () => {
    expect(map.lookup("cdnjs.cloudflare.com")?.entity).toBe("Cloudflare");
  });
});

describe("entity entries in an allowlist", () => {
  const allowlist = parseAllowlist(
    "authorized:\n  - entity: jsDelivr\n  - entity: posthog\n  - entity: Gogle\n",
    "allow.yml",
  ).allowlist;
  it("authorize through aliases and case, and still warn on an unknown name", () => {
    const page = makePage(PAGE);
    page.requests.push(
      makeRequest("js", "https://cdn.jsdelivr.net/npm/lib@1/x.js", { initiator: parser(PAGE) }),
      makeRequest("ph", "https://us.i.posthog.com/e/", {
        resourceType: "XHR",
        initiator: parser(PAGE),
      }),
      makeRequest("g", "https://www.google-analytics.com/g/collect", {
        resourceType: "Ping",
        initiator: parser(PAGE),
      }),
    );
    const report = buildReport(makeCapture([page]), { allowlist });
    const status = (d: string) => report.parties.find((p) => p.domain === d)?.status;
    expect(status("jsdelivr.net")).toBe("authorized");
    expect(status("posthog.com")).toBe("authorized");
    expect(status("google-analytics.com")).not.toBe("authorized");
    const warnings = entityEntryWarnings(allowlist, bundledEntityMap());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("names a company the company map does not know");
    expect(warnings[0]).toContain('"Google"');
  });
});

// explainContact: which entry decides, the state of every other entry naming the host, and why.
import { describe, expect, it } from "vitest";
import type { MatchScope } from "../../src/analyze/allowlist-match.js";
import { bundledEntityMap } from "../../src/analyze/entities/entity-map.js";
import { explainContact } from "../../src/analyze/explain-contact.js";
import { parseAllowlist } from "../../src/config/allowlist.js";
import { hostOf, partyOf } from "../../src/domain/party.js";

const map = bundledEntityMap();
const { allowlist } = parseAllowlist(
  `firstParty: [publisher.example]
authorized:
  - entity: Microsoft
    categories: [analytics]
  - domain: linkedin.com
    expires: 2026-01-01
  - host: px.ads.linkedin.com
    pages: ["/news/**"]
  - entity: Google
  - domain: doubleclick.net
  - url: https://www.googletagmanager.com/gtm.js
denied:
  - host: stats.g.doubleclick.net
`,
  "allow.yaml",
);

function explain(url: string, over: Partial<MatchScope> = {}) {
  const host = hostOf(url);
  return explainContact(
    { url, host, party: partyOf(host) },
    {
      firstParty: new Set(allowlist.firstParty),
      pagePath: "/",
      day: "2026-06-30",
      lookup: (h) => map.lookup(h),
      ...over,
    },
    allowlist,
    map,
  );
}

describe("explainContact", () => {
  it("names the deciding entry and each other entry's reason", () => {
    const x = explain("https://px.ads.linkedin.com/collect", { pagePath: "/news/a" });
    expect(x).toMatchObject({
      verdict: "authorized",
      rule: "host:px.ads.linkedin.com",
      line: 7,
      party: "linkedin.com",
    });
    expect(x.entries.map((e) => [e.rule, e.state])).toEqual([
      ["host:px.ads.linkedin.com", "decides"],
      ["domain:linkedin.com", "expired"],
      ["entity:Microsoft", "category-mismatch"],
    ]);
    expect(x.company).toMatchObject({
      info: { entity: "LinkedIn", parent: "Microsoft", category: "advertising" },
      matched: "ads.linkedin.com",
      scope: "domain",
    });
  });

  it("outside the pages scope, with the only other approval expired: rogue, and says why", () => {
    const x = explain("https://px.ads.linkedin.com/collect", { pagePath: "/sports/a" });
    expect(x.verdict).toBe("rogue");
    expect(x.rule).toBeUndefined();
    expect(x.entries.find((e) => e.rule === "host:px.ads.linkedin.com")?.state).toBe(
      "outside-pages",
    );
    expect(x.reason).toContain("expired");
  });

  it("the most specific live entry decides; the others are less specific", () => {
    const x = explain("https://ad.doubleclick.net/x");
    expect(x.rule).toBe("domain:doubleclick.net");
    expect(x.entries.map((e) => [e.rule, e.state])).toEqual([
      ["domain:doubleclick.net", "decides"],
      ["entity:Google", "less-specific"],
    ]);
    expect(x.reason).toContain("most specific of 2");
    const gtm = explain("https://www.googletagmanager.com/gtm.js?id=GTM-1");
    expect(gtm.rule).toBe("url:https://www.googletagmanager.com/gtm.js");
  });

  it("denied wins, and the authorized entries say they were overridden", () => {
    const x = explain("https://stats.g.doubleclick.net/p");
    expect(x).toMatchObject({ verdict: "rogue", rule: "denied:host:stats.g.doubleclick.net" });
    expect(x.entries.map((e) => [e.list, e.state])).toEqual([
      ["denied", "decides"],
      ["authorized", "overridden-by-denied"],
      ["authorized", "overridden-by-denied"],
    ]);
    expect(x.reason).toContain("denied wins");
  });

  it("a parent company entry covers a brand in its category", () => {
    expect(explain("https://www.clarity.ms/tag/x")).toMatchObject({
      verdict: "authorized",
      rule: "entity:Microsoft",
      company: { info: { entity: "Microsoft", category: "analytics" } },
    });
  });

  it("first party is never judged by entries; unknown hosts have no company", () => {
    const fp = explain("https://cdn.publisher.example/a.js");
    expect(fp).toMatchObject({ verdict: "first-party", firstParty: true, entries: [] });
    const unknown = explain("https://x.unknown-vendor.example/");
    expect(unknown.company).toBeUndefined();
    expect(unknown.reason).toBe("rogue: no authorized entry matches");
  });

  it("without an allowlist: unlisted, still with the company map's answer", () => {
    const x = explainContact(
      {
        url: "https://www.google-analytics.com/",
        host: "www.google-analytics.com",
        party: "google-analytics.com",
      },
      { firstParty: new Set(), pagePath: "/", day: "2026-06-30", lookup: (h) => map.lookup(h) },
      undefined,
      map,
    );
    expect(x).toMatchObject({ verdict: "unlisted", company: { info: { entity: "Google" } } });
  });
});

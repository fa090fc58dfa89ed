import { describe, expect, it } from "vitest";
import {
  type EntityLookup,
  judgeContact,
  type MatchScope,
  scanDay,
} from "../../src/analyze/allowlist-match.js";
import { hostOf, partyOf } from "../../src/analyze/party.js";
import { matchPath } from "../../src/analyze/path-glob.js";
import { type Allowlist, parseAllowlist } from "../../src/config/allowlist.js";

function allow(yaml: string): Allowlist {
  return parseAllowlist(yaml, "allow.yaml").allowlist;
}

function scope(over: Partial<MatchScope> = {}): MatchScope {
  return { firstParty: new Set(["publisher.example"]), pagePath: "/", day: "2026-06-30", ...over };
}

function judge(url: string, list: Allowlist | undefined, s: MatchScope = scope()) {
  const host = hostOf(url);
  return judgeContact({ url, host, party: partyOf(host) }, s, list);
}

describe("host matching (verdict and deciding rule)", () => {
  const list = allow(`
authorized:
  - metricsly.example
  - "*.cdn.partner.example"
  - pixel.partner.example
  - foo.github.io
  - d111111abcdef8.cloudfront.net
  - 203.0.113.7
  - vendor.co.uk
  - url: https://static.widget.example/sdk/
`);
  it.each([
    ["https://metricsly.example/t.js", "authorized", "domain:metricsly.example"],
    ["https://collect.metricsly.example/p", "authorized", "domain:metricsly.example"],
    ["https://a.b.metricsly.example/p", "authorized", "domain:metricsly.example"],
    ["https://COLLECT.Metricsly.Example./p", "authorized", "domain:metricsly.example"],
    ["https://metricsly.example:8443/p", "authorized", "domain:metricsly.example"],
    ["https://notmetricsly.example/p", "rogue", undefined],
    ["https://metricsly.example.evil.example/p", "rogue", undefined],
    ["https://img.cdn.partner.example/a.gif", "authorized", "host:*.cdn.partner.example"],
    ["https://x.y.cdn.partner.example/a.gif", "authorized", "host:*.cdn.partner.example"],
    ["https://cdn.partner.example/a.gif", "rogue", undefined],
    ["https://pixel.partner.example/p", "authorized", "host:pixel.partner.example"],
    ["https://www.partner.example/p", "rogue", undefined],
    ["https://sub.pixel.partner.example/p", "rogue", undefined],
    ["https://foo.github.io/x.js", "authorized", "domain:foo.github.io"],
    ["https://bar.github.io/x.js", "rogue", undefined],
    [
      "https://d111111abcdef8.cloudfront.net/x.js",
      "authorized",
      "domain:d111111abcdef8.cloudfront.net",
    ],
    ["https://d999999abcdef8.cloudfront.net/x.js", "rogue", undefined],
    ["https://203.0.113.7/p", "authorized", "host:203.0.113.7"],
    ["https://203.0.113.8/p", "rogue", undefined],
    ["https://www.vendor.co.uk/p", "authorized", "domain:vendor.co.uk"],
    ["https://other.co.uk/p", "rogue", undefined],
    [
      "https://static.widget.example/sdk/v2.js",
      "authorized",
      "url:https://static.widget.example/sdk/",
    ],
    ["https://static.widget.example/other.js", "rogue", undefined],
    ["https://www.publisher.example/x", "first-party", undefined],
    ["https://publisher.example/x", "first-party", undefined],
  ])("%s → %s", (url, verdict, rule) => {
    const j = judge(url, list);
    expect(j.verdict).toBe(verdict);
    expect(j.rule).toBe(rule);
  });

  it("without an allowlist every third party is unlisted", () => {
    expect(judge("https://metricsly.example/t.js", undefined).verdict).toBe("unlisted");
    expect(judge("https://www.publisher.example/", undefined).verdict).toBe("first-party");
  });
});

describe("denied and specificity", () => {
  it("denied wins over authorized, and the rule says so", () => {
    const list = allow("authorized:\n  - partner.example\ndenied:\n  - track.partner.example\n");
    expect(judge("https://track.partner.example/p", list)).toMatchObject({
      verdict: "rogue",
      rule: "denied:host:track.partner.example",
    });
    expect(judge("https://cdn.partner.example/p", list).rule).toBe("domain:partner.example");
  });

  it("denied wins even over a more specific authorized URL", () => {
    const list = allow(
      "authorized:\n  - url: https://x.bad.example/ok/\ndenied:\n  - bad.example\n",
    );
    expect(judge("https://x.bad.example/ok/a.js", list).rule).toBe("denied:domain:bad.example");
  });

  it("the most specific authorized entry decides: url > host > pattern > domain", () => {
    const list = allow(`
authorized:
  - partner.example
  - "*.partner.example"
  - cdn.partner.example
  - url: https://cdn.partner.example/lib/
`);
    expect(judge("https://cdn.partner.example/lib/a.js", list).rule).toBe(
      "url:https://cdn.partner.example/lib/",
    );
    expect(judge("https://cdn.partner.example/other.js", list).rule).toBe(
      "host:cdn.partner.example",
    );
    expect(judge("https://img.partner.example/a.gif", list).rule).toBe("host:*.partner.example");
    expect(judge("https://partner.example/", list).rule).toBe("domain:partner.example");
  });
});

describe("expiry against the scan's start day", () => {
  const list = allow("authorized:\n  - domain: vendor.example\n    expires: 2026-06-30\n");
  it("authorizes on the day itself", () => {
    expect(judge("https://vendor.example/p", list, scope({ day: "2026-06-30" })).verdict).toBe(
      "authorized",
    );
  });
  it("authorizes before the day", () => {
    expect(judge("https://vendor.example/p", list, scope({ day: "2025-12-31" })).verdict).toBe(
      "authorized",
    );
  });
  it("no longer authorizes the day after, and reports the expired entry", () => {
    const j = judge("https://vendor.example/p", list, scope({ day: "2026-07-01" }));
    expect(j.verdict).toBe("rogue");
    expect(j.expired.map((e) => e.rule)).toEqual(["domain:vendor.example"]);
  });
  it("a live entry covers what an expired one also matches", () => {
    const both = allow(
      "authorized:\n  - domain: v.example\n    expires: 2020-01-01\n  - host: cdn.v.example\n",
    );
    const j = judge("https://cdn.v.example/p", both, scope({ day: "2026-07-01" }));
    expect(j).toMatchObject({ verdict: "authorized", rule: "host:cdn.v.example", expired: [] });
  });
  it("an expired denial no longer denies", () => {
    const l = allow(
      "authorized:\n  - v.example\ndenied:\n  - domain: v.example\n    expires: 2020-01-01\n",
    );
    expect(judge("https://v.example/p", l).verdict).toBe("authorized");
  });
  it("the scan day is the UTC day of startedAt", () => {
    expect(scanDay("2026-06-30T23:59:59.999Z")).toBe("2026-06-30");
    expect(scanDay("2026-07-01T01:30:00+02:00")).toBe("2026-06-30");
  });
});

describe("pages globs and the entity lookup", () => {
  it("an entry with pages applies only on matching publisher pages", () => {
    const list = allow(
      'authorized:\n  - domain: quiz.example\n    pages: ["/games/**", "/quiz-*.html"]\n',
    );
    expect(
      judge("https://quiz.example/q.js", list, scope({ pagePath: "/games/a/b" })).verdict,
    ).toBe("authorized");
    expect(
      judge("https://quiz.example/q.js", list, scope({ pagePath: "/quiz-12.html" })).verdict,
    ).toBe("authorized");
    expect(judge("https://quiz.example/q.js", list, scope({ pagePath: "/news/a" })).verdict).toBe(
      "rogue",
    );
  });

  it("entity entries match nothing without a lookup, and take effect with one", () => {
    const list = allow("authorized:\n  - entity: Metricsly Inc\n    categories: [analytics]\n");
    expect(judge("https://metricsly.example/t.js", list).verdict).toBe("rogue");
    const lookup: EntityLookup = (host) =>
      host.endsWith("metricsly.example")
        ? { entity: "Metricsly Inc", category: "analytics" }
        : host.endsWith("adsly.example")
          ? { entity: "Metricsly Inc", category: "ads" }
          : undefined;
    expect(judge("https://metricsly.example/t.js", list, scope({ lookup }))).toMatchObject({
      verdict: "authorized",
      rule: "entity:Metricsly Inc",
    });
    expect(judge("https://adsly.example/t.js", list, scope({ lookup })).verdict).toBe("rogue");
  });
});

describe("path glob", () => {
  it.each([
    ["/news/*", "/news/a", true],
    ["/news/*", "/news/a/b", false],
    ["/news/**", "/news/a/b", true],
    ["/news/**/amp", "/news/amp", true],
    ["/news/**/amp", "/news/2026/06/amp", true],
    ["/a.html", "/aXhtml", false],
    ["/", "/", true],
    ["/**", "/anything/at/all", true],
  ])("%s on %s → %s", (glob, path, hit) => {
    expect(matchPath(glob, path)).toBe(hit);
  });
});

describe("entity lookup with parent groups", () => {
  it("an entity entry naming the parent group covers its brands", () => {
    const list = allow("authorized:\n  - entity: Microsoft\n");
    const lookup: EntityLookup = (host) =>
      host.endsWith("linkedin.example")
        ? { entity: "LinkedIn", parent: "Microsoft", category: "ads" }
        : undefined;
    expect(judge("https://px.linkedin.example/p", list, scope({ lookup }))).toMatchObject({
      verdict: "authorized",
      rule: "entity:Microsoft",
    });
  });
});

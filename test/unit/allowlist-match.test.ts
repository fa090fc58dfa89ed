import { describe, expect, it } from "vitest";
import {
  type EntityLookup,
  judgeContact,
  type MatchScope,
  scanDay,
} from "../../src/analyze/allowlist-match.js";
import { bundledEntityMap } from "../../src/analyze/entities/entity-map.js";
import { type Allowlist, parseAllowlist } from "../../src/config/allowlist.js";
import { hostOf, partyOf } from "../../src/domain/party.js";
import { matchPath } from "../../src/domain/path-glob.js";

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
    // One dialect with --include/--exclude: a trailing /** covers the folder itself.
    ["/news/**", "/news", true],
    ["/news/*.html", "/news/a.html", true],
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

describe("entity entries: the brand before its group", () => {
  const map = bundledEntityMap();
  const lookup: EntityLookup = (h) => map.lookup(h);
  it.each([
    ["authorized:\n  - entity: Microsoft\n  - entity: LinkedIn\n"],
    ["authorized:\n  - entity: LinkedIn\n  - entity: Microsoft\n"],
  ])("an entry naming LinkedIn decides for LinkedIn hosts, whatever the order (%#)", (yaml) => {
    const list = allow(yaml);
    expect(judge("https://px.ads.linkedin.com/c", list, scope({ lookup })).rule).toBe(
      "entity:LinkedIn",
    );
    expect(judge("https://www.clarity.ms/t", list, scope({ lookup })).rule).toBe(
      "entity:Microsoft",
    );
  });
});

describe("classification table: the company map, suffixes, addresses and precedence", () => {
  const map = bundledEntityMap();
  const list = allow(`
firstParty: [publisher.example, publisher-cdn.co.uk]
authorized:
  - metricsly.example
  - "*.cdn.partner.example"
  - pixel.partner.example
  - foo.github.io
  - d111111abcdef8.cloudfront.net
  - mysite.blogspot.com
  - vendor.co.uk
  - shop.vendor.com.au
  - 203.0.113.7
  - "[2001:db8::1]"
  - localhost
  - bücher.example
  - url: https://static.widget.example/sdk/
  - entity: Google
    expires: 2026-06-30
  - domain: youtube.com
  - entity: microsoft
    categories: [analytics]
  - domain: linkedin.com
    pages: ["/news/**"]
  - entity: Chartbeat
  - domain: facebook.net
  - entity: OneTrust
    categories: [consent]
    pages: ["/"]
denied:
  - googlesyndication.com
  - track.metricsly.example
  - entity: Meta
  - host: ping.chartbeat.net
`);
  const at = (over: Partial<MatchScope> = {}) =>
    scope({
      firstParty: new Set(list.firstParty),
      lookup: (h) => map.lookup(h),
      ...over,
    });
  type Row = [url: string, verdict: string, rule: string | undefined, over?: Partial<MatchScope>];
  const after = { day: "2026-07-01" };
  const news = { pagePath: "/news/2026/story.html" };
  const rows: Row[] = [
    // registrable domains: the domain itself, subdomains, case, trailing dots, ports
    ["https://metricsly.example/t.js", "authorized", "domain:metricsly.example"],
    ["https://cdn.metricsly.example/t.js", "authorized", "domain:metricsly.example"],
    ["https://a.b.c.metricsly.example/t.js", "authorized", "domain:metricsly.example"],
    ["https://CDN.METRICSLY.EXAMPLE/t.js", "authorized", "domain:metricsly.example"],
    ["https://cdn.metricsly.example./t.js", "authorized", "domain:metricsly.example"],
    ["https://cdn.metricsly.example:444/t.js", "authorized", "domain:metricsly.example"],
    ["http://cdn.metricsly.example:80/t.js", "authorized", "domain:metricsly.example"],
    ["wss://live.metricsly.example/socket", "authorized", "domain:metricsly.example"],
    ["https://metricsly.example.attacker.example/t.js", "rogue", undefined],
    ["https://xmetricsly.example/t.js", "rogue", undefined],
    ["https://metricsly.examples/t.js", "rogue", undefined],
    // denied over authorized, at any specificity
    ["https://track.metricsly.example/p", "rogue", "denied:host:track.metricsly.example"],
    ["https://TRACK.metricsly.example./p", "rogue", "denied:host:track.metricsly.example"],
    ["https://sub.track.metricsly.example/p", "authorized", "domain:metricsly.example"],
    // wildcard patterns: subdomains only, never the base, never a look-alike
    ["https://img.cdn.partner.example/a.gif", "authorized", "host:*.cdn.partner.example"],
    ["https://a.b.cdn.partner.example/a.gif", "authorized", "host:*.cdn.partner.example"],
    ["https://IMG.CDN.partner.example./a.gif", "authorized", "host:*.cdn.partner.example"],
    ["https://cdn.partner.example/a.gif", "rogue", undefined],
    ["https://xcdn.partner.example/a.gif", "rogue", undefined],
    ["https://img.cdn.partner.example.evil.example/a.gif", "rogue", undefined],
    // an exact host covers that host only
    ["https://pixel.partner.example/p", "authorized", "host:pixel.partner.example"],
    ["https://pixel.partner.example:8443/p", "authorized", "host:pixel.partner.example"],
    ["https://a.pixel.partner.example/p", "rogue", undefined],
    ["https://partner.example/p", "rogue", undefined],
    // private suffixes: one customer is not another
    ["https://foo.github.io/x.js", "authorized", "domain:foo.github.io"],
    ["https://www.foo.github.io/x.js", "authorized", "domain:foo.github.io"],
    ["https://bar.github.io/x.js", "rogue", undefined],
    ["https://github.io/x.js", "rogue", undefined],
    [
      "https://d111111abcdef8.cloudfront.net/x.js",
      "authorized",
      "domain:d111111abcdef8.cloudfront.net",
    ],
    ["https://d222222abcdef8.cloudfront.net/x.js", "rogue", undefined],
    ["https://mysite.blogspot.com/feed", "authorized", "domain:mysite.blogspot.com"],
    ["https://othersite.blogspot.com/feed", "rogue", undefined],
    // co.uk-style public suffixes
    ["https://vendor.co.uk/p", "authorized", "domain:vendor.co.uk"],
    ["https://www.vendor.co.uk/p", "authorized", "domain:vendor.co.uk"],
    ["https://other.co.uk/p", "rogue", undefined],
    ["https://shop.vendor.com.au/p", "authorized", "host:shop.vendor.com.au"],
    ["https://www.vendor.com.au/p", "rogue", undefined],
    ["https://cdn.publisher-cdn.co.uk/a.css", "first-party", undefined],
    ["https://other-cdn.co.uk/a.css", "rogue", undefined],
    // IPv4, IPv6, localhost
    ["https://203.0.113.7/p", "authorized", "host:203.0.113.7"],
    ["https://203.0.113.7:8443/p", "authorized", "host:203.0.113.7"],
    ["https://203.0.113.70/p", "rogue", undefined],
    ["https://203.0.113.7.nip.example/p", "rogue", undefined],
    ["https://[2001:db8::1]/p", "authorized", "host:2001:db8::1"],
    ["https://[2001:DB8::1]:8443/p", "authorized", "host:2001:db8::1"],
    ["https://[2001:db8::2]/p", "rogue", undefined],
    ["http://localhost:3000/x", "authorized", "domain:localhost"],
    ["http://LOCALHOST./x", "authorized", "domain:localhost"],
    // punycode and Unicode hosts are one host
    ["https://bücher.example/x", "authorized", "domain:xn--bcher-kva.example"],
    ["https://shop.xn--bcher-kva.example/x", "authorized", "domain:xn--bcher-kva.example"],
    ["https://SHOP.BÜCHER.example/x", "authorized", "domain:xn--bcher-kva.example"],
    ["https://bucher.example/x", "rogue", undefined],
    // url prefixes: the most specific kind
    [
      "https://static.widget.example/sdk/v2.js",
      "authorized",
      "url:https://static.widget.example/sdk/",
    ],
    ["https://static.widget.example/sdk/", "authorized", "url:https://static.widget.example/sdk/"],
    ["https://static.widget.example/sdkx.js", "rogue", undefined],
    ["https://static.widget.example/other/sdk/v2.js", "rogue", undefined],
    ["http://static.widget.example/sdk/v2.js", "rogue", undefined],
    // entity entries through the company map, expiring on the day itself
    ["https://www.google-analytics.com/g/collect", "authorized", "entity:Google"],
    ["https://www.googletagmanager.com/gtm.js", "authorized", "entity:Google"],
    ["https://fonts.gstatic.com/s/a.woff2", "authorized", "entity:Google"],
    ["https://stats.g.doubleclick.net/p", "authorized", "entity:Google"],
    ["https://www.google-analytics.com/g/collect", "rogue", undefined, after],
    ["https://stats.g.doubleclick.net/p", "rogue", undefined, after],
    [
      "https://www.google-analytics.com/g/collect",
      "authorized",
      "entity:Google",
      { day: "2026-01-01" },
    ],
    // denied domain beats an entity entry naming its owner
    ["https://pagead2.googlesyndication.com/p", "rogue", "denied:domain:googlesyndication.com"],
    ["https://tpc.googlesyndication.com/p", "rogue", "denied:domain:googlesyndication.com", after],
    // entity vs domain: the domain entry is more specific and outlives the entity's expiry
    ["https://www.youtube.com/embed/x", "authorized", "domain:youtube.com"],
    ["https://www.youtube.com/embed/x", "authorized", "domain:youtube.com", after],
    ["https://i.ytimg.com/vi/x.jpg", "authorized", "entity:Google"],
    // a parent company's entry covers its brands, narrowed by category
    ["https://www.clarity.ms/tag/x", "authorized", "entity:microsoft"],
    ["https://c.clarity.ms/c.gif", "authorized", "entity:microsoft"],
    ["https://bat.bing.com/action/0", "rogue", undefined],
    ["https://px.ads.linkedin.com/collect", "rogue", undefined],
    // pages: scope on the publisher's side
    ["https://px.ads.linkedin.com/collect", "authorized", "domain:linkedin.com", news],
    ["https://snap.licdn.com/li.lms-analytics/insight.min.js", "rogue", undefined, news],
    ["https://www.linkedin.com/x", "rogue", undefined, { pagePath: "/sports/a" }],
    ["https://www.linkedin.com/x", "authorized", "domain:linkedin.com", { pagePath: "/news/" }],
    ["https://cdn.cookielaw.org/otSDKStub.js", "authorized", "entity:OneTrust"],
    ["https://cdn.cookielaw.org/otSDKStub.js", "rogue", undefined, news],
    // an entity entry and a denied host of the same company
    ["https://static.chartbeat.com/js/chartbeat.js", "authorized", "entity:Chartbeat"],
    ["https://ping.chartbeat.net/ping", "rogue", "denied:host:ping.chartbeat.net"],
    // a denied entity wins over an authorized domain of its own
    ["https://connect.facebook.net/en_US/fbevents.js", "rogue", "denied:entity:Meta"],
    ["https://www.instagram.com/embed.js", "rogue", "denied:entity:Meta"],
    // unknown companies: nothing to match an entity entry with
    ["https://tracker.unknown-vendor.example/p", "rogue", undefined],
    ["https://xyz123.cloudfront.net/p", "rogue", undefined],
    // first party: the page's own domain and the allowlist's
    ["https://www.publisher.example/", "first-party", undefined],
    ["https://publisher.example./a.js", "first-party", undefined],
    ["https://IMG.Publisher.Example:8443/a.png", "first-party", undefined],
    ["https://publisher.example.evil.example/", "rogue", undefined],
  ];
  it.each(rows)("%s → %s (%s)", (url, verdict, rule, over) => {
    const j = judge(url, list, at(over));
    expect({ verdict: j.verdict, rule: j.rule }).toEqual({ verdict, rule });
  });
});

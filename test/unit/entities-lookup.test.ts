// Table-driven checks of the bundled company map: brands under parents, categories, host forms.
import { describe, expect, it } from "vitest";
import { normalizeHost } from "../../src/analyze/entities/domain-index.js";
import {
  bundledEntityMap,
  type EntityInfo,
  entityMatches,
} from "../../src/analyze/entities/entity-map.js";
import { CATEGORIES } from "../../src/domain/categories.js";

type Case = [input: string, entity: string | undefined, category?: string, parent?: string];

const CASES: Case[] = [
  // Google: analytics, ads, tag manager, video, fonts, APIs
  ["google-analytics.com", "Google", "analytics"],
  ["www.google-analytics.com", "Google", "analytics"],
  ["region1.google-analytics.com", "Google", "analytics"],
  ["ssl.google-analytics.com", "Google", "analytics"],
  ["doubleclick.net", "Google", "advertising"],
  ["stats.g.doubleclick.net", "Google", "advertising"],
  ["securepubads.g.doubleclick.net", "Google", "advertising"],
  ["2mdn.net", "Google", "advertising"],
  ["s0.2mdn.net", "Google", "advertising"],
  ["pagead2.googlesyndication.com", "Google", "advertising"],
  ["www.googleadservices.com", "Google", "advertising"],
  ["www.googletagservices.com", "Google", "advertising"],
  ["googletagmanager.com", "Google", "tag-manager"],
  ["www.googletagmanager.com", "Google", "tag-manager"],
  ["www.youtube.com", "Google", "video"],
  ["youtube.com", "Google", "video"],
  ["i.ytimg.com", "Google", "video"],
  ["www.youtube-nocookie.com", "Google", "video"],
  ["fonts.googleapis.com", "Google", "cdn"],
  ["fonts.gstatic.com", "Google", "cdn"],
  ["ajax.googleapis.com", "Google", "cdn"],
  ["maps.googleapis.com", "Google", "utility"],
  ["some-new-api.googleapis.com", "Google", "utility"],
  ["www.google.com", "Google"],
  ["accounts.google.com", "Google", "utility"],
  ["whatever.google.com", "Google", "utility"],
  ["www.recaptcha.net", "Google", "utility"],
  ["blogger.com", "Google", "cdn"],
  ["firestore.googleapis.com", "Google", "utility"],
  // Microsoft and the brands it owns
  ["bing.com", "Microsoft", "advertising"],
  ["bat.bing.com", "Microsoft", "advertising"],
  ["clarity.ms", "Microsoft", "analytics"],
  ["www.clarity.ms", "Microsoft", "analytics"],
  ["c.clarity.ms", "Microsoft", "analytics"],
  ["px.ads.linkedin.com", "LinkedIn", "advertising", "Microsoft"],
  ["snap.licdn.com", "LinkedIn", "advertising", "Microsoft"],
  ["platform.linkedin.com", "LinkedIn", "social", "Microsoft"],
  ["linkedin.com", "LinkedIn", "social", "Microsoft"],
  ["static.linkedin.com", "LinkedIn", "social", "Microsoft"],
  ["ib.adnxs.com", "Xandr", "advertising", "Microsoft"],
  ["github.com", "GitHub", "utility", "Microsoft"],
  // Meta
  ["connect.facebook.net", "Meta", "social"],
  ["www.facebook.com", "Meta", "social"],
  ["facebook.com", "Meta", "social"],
  ["www.instagram.com", "Meta", "social"],
  ["scontent.cdninstagram.com", "Meta", "social"],
  ["www.threads.net", "Meta", "social"],
  ["wa.me", "Meta", "social"],
  // Amazon
  ["s.amazon-adsystem.com", "Amazon", "advertising"],
  ["aax.amazon-adsystem.com", "Amazon", "advertising"],
  ["player.twitch.tv", "Twitch", "video", "Amazon"],
  // Others well known to publishers
  ["static.hotjar.com", "Hotjar", "analytics"],
  ["cdn.cookielaw.org", "OneTrust", "consent"],
  ["consent.cookiebot.com", "Cookiebot", "consent"],
  ["widget.intercom.io", "Intercom", "customer-success"],
  ["cdn.taboola.com", "Taboola", "advertising"],
  ["static.criteo.net", "Criteo", "advertising"],
  ["sc-static.net", "Snapchat", "advertising"],
  ["platform.twitter.com", "Twitter", "social"],
  ["x.com", "Twitter", "social"],
  ["cdn.jsdelivr.net", "JSDelivr CDN", "cdn"],
  ["s.pinimg.com", "Pinterest", "social"],
  ["s7.addthis.com", "AddThis", "social", "Oracle"],
  ["mc.yandex.ru", "Yandex", "analytics"],
  ["ads.yahoo.com", "Yahoo", "advertising"],
  ["www.aol.com", "Yahoo", "advertising"],
  ["tr.snapchat.com", "Snapchat", "advertising"],
  ["app.usercentrics.eu", "Usercentrics CMP", "consent"],
  ["sdk.privacy-center.org", "Didomi", "consent"],
  // co.uk-style public suffixes
  ["adservice.google.co.uk", "Google", "advertising"],
  ["www.expedia.co.uk", "Expedia", "content"],
  ["www.aol.co.uk", "Yahoo", "advertising"],
  ["shop.example.co.uk", undefined],
  // Shared platforms: the platform is not the owner of its customers' hosts
  ["d1a2b3c4d5e6f7.cloudfront.net", undefined],
  ["cloudfront.net", "Amazon", "utility"],
  ["someone.github.io", undefined],
  ["someblog.blogspot.com", undefined],
  ["my-app.herokuapp.com", undefined],
  ["shop.net.pl", undefined],
  ["images.akamaihd.net", undefined],
  ["fbcdn-photos-e-a.akamaihd.net", "Meta", "social"],
  // Unknown hosts, IPs, localhost, nonsense
  ["unknown.example", undefined],
  ["tracker.rogue.test", undefined],
  ["publisher.example", undefined],
  ["127.0.0.1", undefined],
  ["[::1]", undefined],
  ["localhost", undefined],
  ["", undefined],
  ["com", undefined],
  ["google-analytics.com.evil.example", undefined],
  ["notgoogle-analytics.com", undefined],
  ["analytics.example", undefined],
  // Case, trailing dots, ports, URLs, IDN
  ["GOOGLE-ANALYTICS.COM", "Google", "analytics"],
  ["Www.Google-Analytics.Com", "Google", "analytics"],
  ["google-analytics.com.", "Google", "analytics"],
  ["www.google-analytics.com..", "Google", "analytics"],
  ["www.google-analytics.com:443", "Google", "analytics"],
  ["BAT.BING.COM.:8443", "Microsoft", "advertising"],
  ["https://www.google-analytics.com/g/collect?v=2", "Google", "analytics"],
  ["https://BAT.bing.com:443/action/0?ti=1", "Microsoft", "advertising"],
  ["  doubleclick.net  ", "Google", "advertising"],
  ["*.doubleclick.net", "Google", "advertising"],
  ["bücher.example", undefined],
];

describe("bundledEntityMap().lookup", () => {
  const map = bundledEntityMap();
  it.each(CASES)("%s → %s %s", (input, entity, category, parent) => {
    const info = map.lookup(input);
    if (entity === undefined) {
      expect(info).toBeUndefined();
      return;
    }
    expect(info?.entity).toBe(entity);
    if (category) expect(info?.category).toBe(category);
    expect(info?.parent).toBe(parent);
    expect(CATEGORIES).toContain(info?.category);
    expect(info?.source).toMatch(/third-party-web|skimscan-overlay/);
  });

  it("says where its knowledge came from", () => {
    expect(map.lookup("www.google-analytics.com")?.source).toBe("third-party-web");
    expect(map.lookup("bat.bing.com")?.source).toBe("third-party-web+skimscan-overlay");
    expect(map.lookup("foo.google.com")?.source).toBe("skimscan-overlay");
    expect(map.lookup("www.google-analytics.com")?.product).toBe("Google Analytics");
  });

  it("prefers the most specific entry", () => {
    // linkedin.com (overlay, social) vs ads.linkedin.com (third-party-web, advertising)
    expect(map.lookup("ads.linkedin.com")?.category).toBe("advertising");
    expect(map.lookup("www.linkedin.com")?.category).toBe("advertising");
    expect(map.lookup("linkedin.com")?.category).toBe("social");
    // google.com fallback vs third-party-web's named hosts
    expect(map.lookup("adservice.google.com")?.category).toBe("advertising");
  });

  it("explains which entry decided", () => {
    expect(map.explain("bat.bing.com")).toMatchObject({ matched: "bing.com", scope: "domain" });
    expect(map.explain("BAT.BING.COM.:443")?.info).toEqual(map.lookup("bat.bing.com"));
    expect(map.explain("www.linkedin.com")).toMatchObject({
      matched: "www.linkedin.com",
      scope: "host",
      info: { entity: "LinkedIn", product: "LinkedIn Ads" },
    });
    expect(map.explain("cloudfront.net")).toMatchObject({
      matched: "cloudfront.net",
      scope: "host",
    });
    expect(map.explain("abc.cloudfront.net")).toBeUndefined();
    expect(map.explain("127.0.0.1")).toBeUndefined();
  });

  it("is built once and shared", () => {
    expect(bundledEntityMap()).toBe(map);
  });
});

describe("domainsOf and entities", () => {
  const map = bundledEntityMap();
  it("groups brands under their parent company", () => {
    const microsoft = map.domainsOf("Microsoft");
    for (const d of ["bing.com", "clarity.ms", "licdn.com", "linkedin.com", "github.com"]) {
      expect(microsoft).toContain(d);
    }
    const meta = map.domainsOf("meta");
    for (const d of ["facebook.net", "instagram.com", "whatsapp.com"]) expect(meta).toContain(d);
    const google = map.domainsOf("GOOGLE");
    for (const d of ["doubleclick.net", "youtube.com", "google-analytics.com"]) {
      expect(google).toContain(d);
    }
    expect(google).not.toContain("facebook.net");
  });

  it("returns [] for an unknown entity and lists known ones", () => {
    expect(map.domainsOf("No Such Company Ltd")).toEqual([]);
    const names = map.entities();
    expect(names.length).toBeGreaterThan(1000);
    for (const n of ["Google", "Meta", "Microsoft", "LinkedIn", "Amazon"])
      expect(names).toContain(n);
    expect(names).not.toContain("Facebook");
    expect(names).not.toContain("Bing Ads");
  });

  it("every domain it lists looks up to that entity", () => {
    for (const d of map.domainsOf("Microsoft")) {
      const info = map.lookup(d) as EntityInfo;
      expect(entityMatches(info, "Microsoft"), d).toBe(true);
    }
  });
});

describe("entityMatches", () => {
  const linkedin: EntityInfo = {
    entity: "LinkedIn",
    parent: "Microsoft",
    category: "advertising",
    source: "x",
  };
  it.each([
    ["LinkedIn", true],
    ["linkedin", true],
    [" Microsoft ", true],
    ["Meta", false],
    ["Linked", false],
  ] as const)("%s → %s", (name, expected) => {
    expect(entityMatches(linkedin, name)).toBe(expected);
  });
});

describe("normalizeHost", () => {
  it.each([
    ["Example.COM", "example.com"],
    ["example.com.", "example.com"],
    ["example.com:8080", "example.com"],
    ["https://user@Example.com:8443/path?q#f", "example.com"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["2001:db8::1", "2001:db8::1"],
    ["BÜCHER.example", "xn--bcher-kva.example"],
    ["example.com/path", "example.com"],
    ["*.example.com", "example.com"],
    ["not a url://", ""],
  ])("%s → %s", (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });
});

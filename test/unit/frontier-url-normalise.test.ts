// URL normalisation: the spellings of one page fold into one URL, different pages stay apart.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_IGNORED_PARAMS,
  normaliseUrl,
  pageKey,
  paramMatcher,
} from "../../src/frontier/url-normalise.js";

const opts = { ignoredParams: DEFAULT_IGNORED_PARAMS };

describe("normaliseUrl", () => {
  it.each([
    ["drops the fragment", "https://pub.example/a#comments", "https://pub.example/a"],
    ["lower-cases scheme and host", "HTTPS://WWW.Pub.Example/News", "https://www.pub.example/News"],
    ["drops :443 on https", "https://pub.example:443/a", "https://pub.example/a"],
    ["drops :80 on http", "http://pub.example:80/a", "http://pub.example/a"],
    ["keeps a non-default port", "https://pub.example:8443/a", "https://pub.example:8443/a"],
    ["keeps :80 on https", "https://pub.example:80/a", "https://pub.example:80/a"],
    ["punycodes an IDN host", "https://bücher.example/ö", "https://xn--bcher-kva.example/%C3%B6"],
    ["drops a trailing dot of the host", "https://pub.example./a", "https://pub.example/a"],
    ["resolves dot segments", "https://pub.example/a/./b/../c", "https://pub.example/a/c"],
    ["adds the root path", "https://pub.example", "https://pub.example/"],
    [
      "upper-cases escapes",
      "https://pub.example/caf%c3%a9?q=%c3%a9",
      "https://pub.example/caf%C3%A9?q=%C3%A9",
    ],
    [
      "drops utm_* and keeps others",
      "https://p.example/a?utm_source=x&id=3&utm_medium=y",
      "https://p.example/a?id=3",
    ],
    [
      "drops the query when only trackers",
      "https://p.example/a?gclid=1&fbclid=2&_ga=3",
      "https://p.example/a",
    ],
    [
      "keeps the parameter order",
      "https://p.example/s?z=1&a=2&m=3",
      "https://p.example/s?z=1&a=2&m=3",
    ],
    [
      "matches tracker names case-insensitively",
      "https://p.example/?UTM_Source=a&Msclkid=b",
      "https://p.example/",
    ],
    [
      "keeps repeated parameters",
      "https://p.example/?tag=a&tag=b",
      "https://p.example/?tag=a&tag=b",
    ],
    ["keeps valueless parameters", "https://p.example/?amp&x=", "https://p.example/?amp&x="],
    ["drops an empty query", "https://p.example/a?", "https://p.example/a"],
    ["drops empty pairs", "https://p.example/a?&&id=1&", "https://p.example/a?id=1"],
    [
      "decodes an encoded tracker name",
      "https://p.example/a?utm%5Fsource=x&id=1",
      "https://p.example/a?id=1",
    ],
    [
      "does not touch a parameter that only starts like one",
      "https://p.example/?gclid_keep=1",
      "https://p.example/?gclid_keep=1",
    ],
    ["keeps the trailing slash as written", "https://p.example/news/", "https://p.example/news/"],
    ["trims whitespace", "  https://p.example/a \n", "https://p.example/a"],
  ])("%s", (_name, input, expected) => {
    expect(normaliseUrl(input, opts)).toBe(expected);
  });

  it.each([
    ["mailto:ed@pub.example"],
    ["javascript:void(0)"],
    ["tel:+441234"],
    ["ftp://pub.example/file"],
    ["data:text/html,hi"],
    ["/relative/path"],
    ["not a url"],
    ["https://"],
    [""],
  ])("rejects %j", (input) => {
    expect(normaliseUrl(input, opts)).toBeUndefined();
  });

  it("uses the configured list, not the default, when given one", () => {
    const custom = { ignoredParams: ["session*", "ref"] };
    expect(normaliseUrl("https://p.example/?sessionid=9&ref=tw&utm_source=x", custom)).toBe(
      "https://p.example/?utm_source=x",
    );
    expect(normaliseUrl("https://p.example/?utm_source=x&gclid=1", { ignoredParams: [] })).toBe(
      "https://p.example/?utm_source=x&gclid=1",
    );
  });
});

describe("pageKey", () => {
  it.each([
    ["https://p.example/news/", "https://p.example/news"],
    ["https://p.example/news", "https://p.example/news"],
    ["https://p.example/news/?page=2", "https://p.example/news?page=2"],
    ["https://p.example/", "https://p.example/"],
    ["https://p.example/a/b/", "https://p.example/a/b"],
    ["https://p.example/?next=/x/", "https://p.example/?next=/x/"],
  ])("%s → %s", (input, expected) => {
    expect(pageKey(input)).toBe(expected);
  });

  it("folds /news and /news/ into one page but keeps /news and /News apart", () => {
    const a = pageKey(normaliseUrl("https://p.example/news/#top", opts) as string);
    const b = pageKey(normaliseUrl("https://P.example:443/news?utm_campaign=x", opts) as string);
    const c = pageKey(normaliseUrl("https://p.example/News", opts) as string);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});

describe("paramMatcher", () => {
  it("supports * anywhere and exact names", () => {
    const m = paramMatcher(["utm_*", "*_hsenc", "x*y", "gclid"]);
    expect(["utm_", "utm_term", "a_hsenc", "xy", "x123y", "GCLID"].every(m)).toBe(true);
    expect(["utm", "gclid2", "xyz", "hsenc"].some(m)).toBe(false);
  });

  it("treats regex characters in names literally", () => {
    const m = paramMatcher(["a.b", "c+d*"]);
    expect(m("a.b")).toBe(true);
    expect(m("axb")).toBe(false);
    expect(m("c+dee")).toBe(true);
    expect(m("ccd")).toBe(false);
  });
});

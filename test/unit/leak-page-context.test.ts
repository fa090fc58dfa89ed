// url-leak and search-term-leak: the page's URL, query and search terms reaching third parties.
import { describe, expect, it } from "vitest";
import { detectSearchTermLeak } from "../../src/analyze/leaks/search-term-leak.js";
import { detectUrlLeak } from "../../src/analyze/leaks/url-leak.js";
import { body, judged, page, req } from "../fixtures/leaks/build.js";

const SEARCH = "https://www.query-gazette.example/search?q=mortgage+rates+2027";

function searchPage() {
  return page(SEARCH, {
    requests: [
      req(`https://collect.metricsly.example/p.gif?dl=${encodeURIComponent(SEARCH)}&t=pv`),
      req("https://collect.metricsly.example/b", {
        method: "POST",
        body: body(JSON.stringify({ dl: SEARCH, ev: "search" }), "text/plain"),
      }),
      req("https://px.kwsell.example/k.gif?kw=mortgage%20rates%202027"),
      req("https://cdn.fonts.example/f.css", {
        requestHeaders: { referer: "https://www.query-gazette.example/" },
      }),
      req("https://www.query-gazette.example/api/results?q=mortgage+rates+2027"),
    ],
  });
}

describe("search-term-leak", () => {
  it("names the term, the parameter and every party that received it", () => {
    const drafts = detectSearchTermLeak(
      judged([searchPage()], { verdicts: { "kwsell.example": "rogue" } }),
    );
    expect(drafts.map((d) => [d.party, d.severity, d.evidence.term, d.evidence.param])).toEqual([
      ["kwsell.example", "high", "mortgage rates 2027", "q"],
      ["metricsly.example", "medium", "mortgage rates 2027", "q"],
    ]);
    const metricsly = drafts.find((d) => d.party === "metricsly.example");
    expect(metricsly?.evidence.requests).toMatchObject([
      { location: "query", key: "dl", as: "page-url" },
      { location: "body", key: "dl", encoding: ["json"], as: "page-url" },
    ]);
  });

  it("accepts a configured parameter list and ignores short, numeric and unrelated values", () => {
    const p = page("https://www.pub.example/find?text=ab&page=2&kw=sofa", {
      requests: [req("https://t.vendor.example/x?a=ab&p=2&c=sofa&q=sofa")],
    });
    expect(detectSearchTermLeak(judged([p]))).toEqual([]);
    const drafts = detectSearchTermLeak(judged([p]), { searchParams: ["kw"] });
    // "sofa" is short: only the field named like a search field counts, not "c".
    expect(
      drafts.map((d) => [d.party, (d.evidence.requests as { key: string }[]).map((r) => r.key)]),
    ).toEqual([["vendor.example", ["q"]]]);
  });
});

describe("url-leak", () => {
  it("reports the full page URL with its query, once per receiver", () => {
    const drafts = detectUrlLeak(judged([searchPage()]));
    expect(drafts.map((d) => [d.party, d.severity, d.evidence.leaked, d.evidence.params])).toEqual([
      ["metricsly.example", "low", "url", ["q"]],
    ]);
    expect(drafts[0]?.evidence.sightings).toBe(2);
  });

  it("reports a Referer that carries the query, and a bare query string", () => {
    const url = "https://www.shop.example/cart?coupon=SPRING26&ref=mail";
    const p = page(url, {
      requests: [
        req("https://px.rogue.example/p.gif", { requestHeaders: { referer: url } }),
        req(`https://t.other.example/c?qs=${encodeURIComponent("coupon=SPRING26&ref=mail")}`),
        req("https://t.third.example/c?coupon=SPRING26"),
      ],
    });
    const drafts = detectUrlLeak(judged([p], { verdicts: { "rogue.example": "rogue" } }));
    expect(drafts.map((d) => [d.party, d.severity, d.evidence.leaked])).toEqual([
      ["other.example", "low", "query"],
      ["rogue.example", "medium", "url"],
    ]);
    expect(drafts[1]?.evidence.requests).toMatchObject([{ location: "referer" }]);
  });

  it("does not take a form that shares a field with the page for its query", () => {
    const p = page("https://www.pub.example/list?page=2", {
      requests: [
        req("https://t.vendor.example/c", {
          method: "POST",
          body: body("page=2&ev=view&cid=abc", "application/x-www-form-urlencoded"),
        }),
      ],
    });
    expect(detectUrlLeak(judged([p]))).toEqual([]);
  });

  it("is silent for URLs without a query, origin-only referrers and first-party requests", () => {
    const p = page("https://www.pub.example/article/1", {
      requests: [
        req(
          `https://t.vendor.example/c?dl=${encodeURIComponent("https://www.pub.example/article/1")}`,
        ),
      ],
    });
    const q = page(
      "https://www.pub.example/a?x=1",
      {
        requests: [
          req("https://t.vendor.example/c", {
            requestHeaders: { referer: "https://www.pub.example/" },
          }),
          req(`https://img.pub.example/i?u=${encodeURIComponent("https://www.pub.example/a?x=1")}`),
        ],
      },
      "p2",
    );
    expect(detectUrlLeak(judged([p, q]))).toEqual([]);
  });
});

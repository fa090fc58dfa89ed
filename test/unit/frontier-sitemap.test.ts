// Sitemaps: urlset and index parsing, junk tolerance, gzip, robots.txt discovery, the bounded walk.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeMaybeGzip, discoverSitemaps, parseSitemap } from "../../src/frontier/sitemap.js";
import { robotsTxtUrl, sitemapRoots, walkSitemaps } from "../../src/frontier/sitemap-walk.js";
import { PACKAGE_ROOT } from "../../src/package-info.js";

const DIR = path.join(PACKAGE_ROOT, "test", "fixtures", "sitemaps");
const bytes = (name: string) => readFileSync(path.join(DIR, name));
const text = (name: string) => bytes(name).toString("utf8");
const BASE = "https://www.dailybugle.example";

describe("parseSitemap", () => {
  it("reads a sitemap index: child sitemaps, trimmed and resolved, no page URLs", () => {
    const r = parseSitemap(text("sitemap-index.xml"), `${BASE}/sitemap.xml`);
    expect(r).toEqual({
      urls: [],
      sitemaps: [
        `${BASE}/sitemaps/news.xml`,
        `${BASE}/sitemaps/sections.xml.gz`,
        `${BASE}/sitemaps/relative.xml`,
      ],
    });
  });

  it("reads only page locs of a urlset: not image, video or hreflang URLs", () => {
    const r = parseSitemap(text("news.xml"), `${BASE}/sitemaps/news.xml`);
    expect(r.error).toBeUndefined();
    expect(r.sitemaps).toEqual([]);
    expect(r.urls).toEqual([
      `${BASE}/news/city-hall-vote`,
      `${BASE}/search?q=bridges&sort=new`, // CDATA
      `${BASE}/sport?team=a&page=2`, // &amp;
      `${BASE}/caf%C3%A9-%E4%B8%AD`, // numeric entities, then URL-encoded
      `${BASE}/opinion/`, // whitespace around the value
    ]);
  });

  it("ignores namespace prefixes and tag case", () => {
    const r = parseSitemap(text("prefixed.xml"), BASE);
    expect(r.urls).toEqual([`${BASE}/a`, `${BASE}/b`]);
  });

  it("returns what a broken sitemap held, with an error, without throwing", () => {
    const r = parseSitemap(text("broken.xml"), BASE);
    expect(r.urls).toEqual([`${BASE}/good-1`, `${BASE}/good-2`]);
    expect(r.error).toMatch(/truncated/);
    expect(r.error).toMatch(/1 <loc> value\(s\) not an http\(s\) URL/);
  });

  it("reads a plain-text sitemap, one URL per line", () => {
    const r = parseSitemap(text("plain.txt"), BASE);
    expect(r.urls).toEqual([`${BASE}/plain-1`, `${BASE}/plain-2`]);
    expect(r.error).toBeUndefined();
  });

  it("reads an RSS feed's item links, not the channel's or the self link", () => {
    const r = parseSitemap(text("feed.rss"), `${BASE}/feed.rss`);
    expect(r).toEqual({
      urls: [`${BASE}/news/city-hall-vote?utm_source=rss`, `${BASE}/news/bridges`],
      sitemaps: [],
    });
  });

  it("reads an Atom feed's alternate entry links, not enclosures or the feed's own links", () => {
    const r = parseSitemap(text("feed.atom"), `${BASE}/opinion/feed.atom`);
    expect(r).toEqual({
      urls: [`${BASE}/opinion/local-news`, `${BASE}/opinion/relative?a=1&b=2`],
      sitemaps: [],
    });
  });

  it("says an HTML error page is not a sitemap", () => {
    const r = parseSitemap(text("not-a-sitemap.html"), BASE);
    expect(r.urls).toEqual([]);
    expect(r.error).toMatch(/not a sitemap: the root element is <html>/);
  });

  it.each([
    ["empty", ""],
    ["binary junk", "\u0000\u0001\u0002"],
    ["a lone bracket", "<"],
    ["unclosed comment", "<urlset><!-- oops <url><loc>https://x.example/</loc></url>"],
    [
      "stray closing tags",
      "</url></loc><urlset></sitemap><url><loc>https://x.example/a</loc></url></urlset>",
    ],
    ["unclosed CDATA", "<urlset><url><loc><![CDATA[https://x.example/a"],
  ])("never throws on %s", (_name, input) => {
    const r = parseSitemap(input, BASE);
    expect(Array.isArray(r.urls)).toBe(true);
    expect(r.error).toBeTruthy();
  });

  it("reads junk full of unclosed tags in linear time", () => {
    // Quadratic scanning took over a second for 60 KB of this; 600 KB must take well under that.
    const started = performance.now();
    for (const junk of ["<a ".repeat(200_000), "<?x ".repeat(150_000), "<!x ".repeat(150_000)]) {
      expect(parseSitemap(junk, BASE).urls).toEqual([]);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("skips a DOCTYPE with an internal subset", () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE urlset [ <!ENTITY site "x"> ]><urlset><url><loc>https://x.example/a</loc></url></urlset>';
    expect(parseSitemap(xml, BASE)).toEqual({ urls: ["https://x.example/a"], sitemaps: [] });
  });

  it("keeps the good URL next to stray closing tags", () => {
    const r = parseSitemap(
      "</url></loc><urlset></sitemap><url><loc>https://x.example/a</loc></url></urlset>",
      BASE,
    );
    expect(r.urls).toEqual(["https://x.example/a"]);
  });

  it("does not take a <loc> outside <url> or <sitemap>", () => {
    const r = parseSitemap("<urlset><loc>https://x.example/a</loc></urlset>", BASE);
    expect(r.urls).toEqual([]);
  });

  it("reads a self-closing element without losing its siblings", () => {
    const r = parseSitemap(
      "<urlset><url/><url><loc>https://x.example/b</loc></url></urlset>",
      BASE,
    );
    expect(r).toEqual({ urls: ["https://x.example/b"], sitemaps: [] });
  });
});

describe("decodeMaybeGzip", () => {
  it("inflates a gzip file by its magic bytes", () => {
    const xml = decodeMaybeGzip(bytes("sections.xml.gz"));
    expect(parseSitemap(xml, BASE).urls).toEqual([
      `${BASE}/world`,
      `${BASE}/business`,
      `${BASE}/culture`,
    ]);
  });

  it("passes plain UTF-8 through and drops a BOM", () => {
    expect(decodeMaybeGzip(Buffer.from("\uFEFF<urlset>é</urlset>"))).toBe("<urlset>é</urlset>");
  });

  it("returns what a truncated gzip held, which the parser reports as truncated", () => {
    const urls = Array.from({ length: 400 }, (_, i) => `<url><loc>${BASE}/p/${i}</loc></url>`);
    const gz = gzipSync(`<urlset>${urls.join("")}</urlset>`);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    const r = parseSitemap(decodeMaybeGzip(cut), BASE);
    expect(r.urls.length).toBeGreaterThan(0);
    expect(r.urls.length).toBeLessThan(400);
    expect(r.urls[0]).toBe(`${BASE}/p/0`);
    expect(r.error).toMatch(/truncated/);
  });

  it("throws a clear error for gzip magic followed by garbage", () => {
    const junk = Buffer.from([0x1f, 0x8b, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]);
    expect(() => decodeMaybeGzip(junk)).toThrow(/not a valid gzip file/);
  });
});

describe("discoverSitemaps", () => {
  it("finds Sitemap lines in any case, resolves them and drops repeats", () => {
    const robots = [
      "User-agent: *",
      "Disallow: /account/",
      "Sitemap: https://www.dailybugle.example/sitemap.xml",
      "  sitemap:/news-sitemap.xml   # relative, not per spec but seen",
      "SITEMAP: https://www.dailybugle.example/sitemap.xml",
      "Sitemap:",
      "Sitemap: ftp://elsewhere.example/s.xml",
    ].join("\r\n");
    expect(discoverSitemaps(robots, `${BASE}/robots.txt`)).toEqual([
      `${BASE}/sitemap.xml`,
      `${BASE}/news-sitemap.xml`,
    ]);
  });

  it("returns nothing for a robots.txt without sitemaps", () => {
    expect(discoverSitemaps("User-agent: *\nDisallow:\n")).toEqual([]);
  });
});

describe("walkSitemaps", () => {
  // The fixture folder plays the site's /sitemap.xml and /sitemaps/*; anything else is a 404.
  const files: Record<string, string> = {
    [`${BASE}/sitemap.xml`]: "sitemap-index.xml",
    [`${BASE}/sitemaps/news.xml`]: "news.xml",
    [`${BASE}/sitemaps/sections.xml.gz`]: "sections.xml.gz",
  };
  const fetched: string[] = [];
  const fetchSitemap = async (url: string) => {
    fetched.push(url);
    const name = files[url];
    if (!name) throw new Error("HTTP 404");
    return bytes(name);
  };

  it("follows an index to its sitemaps, gzip included, and records the one that failed", async () => {
    const r = await walkSitemaps([`${BASE}/sitemap.xml`], fetchSitemap);
    expect(r.read).toEqual([
      `${BASE}/sitemap.xml`,
      `${BASE}/sitemaps/news.xml`,
      `${BASE}/sitemaps/sections.xml.gz`,
      `${BASE}/sitemaps/relative.xml`,
    ]);
    expect(r.urls).toHaveLength(8);
    expect(r.urls.slice(0, 2)).toEqual([
      `${BASE}/news/city-hall-vote`,
      `${BASE}/search?q=bridges&sort=new`,
    ]);
    expect(r.urls.slice(5)).toEqual([`${BASE}/world`, `${BASE}/business`, `${BASE}/culture`]);
    expect(r.errors).toEqual([{ sitemap: `${BASE}/sitemaps/relative.xml`, message: "HTTP 404" }]);
    expect(r.truncated).toBe(false);
  });

  it("reads each sitemap once even when indexes point at each other", async () => {
    const loop = (other: string) =>
      Buffer.from(`<sitemapindex><sitemap><loc>${other}</loc></sitemap></sitemapindex>`);
    const a = `${BASE}/a.xml`;
    const b = `${BASE}/b.xml`;
    const r = await walkSitemaps([a], async (url) => (url === a ? loop(b) : loop(a)));
    expect(r.read).toEqual([a, b]);
    expect(r.urls).toEqual([]);
  });

  it("stops at maxUrls and maxSitemaps and says it was truncated", async () => {
    const byUrls = await walkSitemaps([`${BASE}/sitemap.xml`], fetchSitemap, { maxUrls: 3 });
    expect(byUrls.urls).toHaveLength(3);
    expect(byUrls.truncated).toBe(true);
    const bySitemaps = await walkSitemaps([`${BASE}/sitemap.xml`], fetchSitemap, {
      maxSitemaps: 2,
    });
    expect(bySitemaps.read).toHaveLength(2);
    expect(bySitemaps.urls).toHaveLength(5);
    expect(bySitemaps.truncated).toBe(true);
  });

  it("follows only the child sitemaps it is allowed to", async () => {
    const r = await walkSitemaps([`${BASE}/sitemap.xml`], fetchSitemap, {
      followSitemap: (url) => !url.endsWith(".gz"),
    });
    expect(r.read).not.toContain(`${BASE}/sitemaps/sections.xml.gz`);
    expect(r.urls).toHaveLength(5);
  });
});

describe("sitemapRoots", () => {
  it("starts from the robots.txt Sitemap lines when there are some", () => {
    const robots =
      "User-agent: *\nSitemap: /sitemaps/index.xml\nSitemap: https://cdn.dailybugle.example/s.xml\n";
    expect(sitemapRoots(`${BASE}/news/today?x=1`, robots)).toEqual([
      `${BASE}/sitemaps/index.xml`,
      "https://cdn.dailybugle.example/s.xml",
    ]);
  });

  it("falls back to /sitemap.xml of the start URL's origin", () => {
    expect(sitemapRoots("https://www.dailybugle.example:8443/news/", undefined)).toEqual([
      "https://www.dailybugle.example:8443/sitemap.xml",
    ]);
    expect(sitemapRoots(`${BASE}/`, "User-agent: *\nDisallow:\n")).toEqual([`${BASE}/sitemap.xml`]);
  });

  it("names the robots.txt of a page's origin", () => {
    expect(robotsTxtUrl("http://shop.dailybugle.example:8080/a/b?c#d")).toBe(
      "http://shop.dailybugle.example:8080/robots.txt",
    );
  });
});

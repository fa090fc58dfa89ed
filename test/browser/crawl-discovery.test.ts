// Real-Chromium crawls of the fixture site www.crawl-news.test: link discovery bounded by depth,
// --max-pages, --include/--exclude; sitemaps (an index, a gzip child, a missing child) and
// robots.txt fetched through the browser's host rules; the same pages in the same order twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture } from "../../src/model/capture.js";
import { byPath, crawl, SITE, thirdPartyHosts } from "./crawl-helpers.js";

let server: FixtureServer;
let deep: Capture;
let capped: Capture;
let filtered: Capture;
let sitemap: Capture;
let rated: Capture;
/** When the fixture server received each --rate page (ms). */
const rateArrivals: number[] = [];

beforeAll(async () => {
  server = await startFixtureServer({
    handlers: {
      "www.crawl-news.test": (req) => {
        if (req.url?.endsWith("?rate")) rateArrivals.push(Date.now());
        return false;
      },
    },
  });
  deep = await crawl(server, { startUrls: [`${SITE}/`], maxDepth: 2, concurrency: 2 });
  capped = await crawl(server, {
    startUrls: [`${SITE}/`],
    maxDepth: 2,
    maxPages: 3,
    respectRobots: true,
  });
  filtered = await crawl(server, {
    startUrls: [`${SITE}/`],
    maxDepth: 2,
    include: ["/news/**"],
    exclude: ["/news/deep.html"],
  });
  sitemap = await crawl(server, {
    startUrls: [`${SITE}/`],
    sitemap: true,
    respectRobots: true,
    concurrency: 3,
  });
  rated = await crawl(server, {
    startUrls: ["/about.html", "/contact.html", "/news/deep.html"].map((p) => `${SITE}${p}?rate`),
    concurrency: 3,
    rate: 0.5,
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
});

const visited = (c: Capture) =>
  c.pages.filter((p) => p.outcome !== "skipped").map((p) => new URL(p.url).pathname);
const skipped = (c: Capture) =>
  Object.fromEntries(
    c.pages.filter((p) => p.outcome === "skipped").map((p) => [new URL(p.url).pathname, p.reason]),
  );

describe("link discovery", () => {
  it("visits the same-site pages breadth first, each once, to --depth", () => {
    // Depth 0: the front page; 1: its links in document order (b.html's tracking query and
    // fragment normalised away); 2: links found on those (deep.html, contact.html).
    expect(visited(deep)).toEqual([
      "/",
      "/news/a.html",
      "/news/b.html",
      "/account/login.html",
      "/about.html",
      "/news/deep.html",
      "/contact.html",
    ]);
    expect(deep.pages.every((p) => p.outcome !== "failed")).toBe(true);
    const b = deep.pages.find((p) => p.url.includes("/news/b.html"));
    expect(b?.url).toBe(`${SITE}/news/b.html`);
  });

  it("never follows other sites, mailto: or files", () => {
    const all = deep.pages.map((p) => p.url).join(" ");
    expect(all).not.toContain("other-site.test");
    expect(all).not.toContain("brochure.pdf");
    expect(all).not.toContain("mailto:");
  });

  it("records each page's links and complete third parties", () => {
    const pages = byPath(deep);
    expect(pages.get("/")?.links).toContain(`${SITE}/news/a.html`);
    expect(thirdPartyHosts(pages.get("/") as never)).toEqual([
      "cdn.crawl-ads.test",
      "px.crawl-ads.test",
    ]);
    expect(thirdPartyHosts(pages.get("/news/a.html") as never)).toEqual([
      "stats.crawl-metrics.test",
    ]);
    expect(thirdPartyHosts(pages.get("/news/deep.html") as never)).toEqual([
      "stats.crawl-metrics.test",
    ]);
    // Links of the deepest level are not collected: nothing would follow them.
    expect(pages.get("/news/deep.html")?.links).toBeUndefined();
  });

  it("stops at --max-pages and lists what it left out, robots.txt refusals included", () => {
    expect(visited(capped)).toEqual(["/", "/news/a.html", "/news/b.html"]);
    const s = skipped(capped);
    expect(s["/account/login.html"]).toBe("disallowed by robots.txt (--respect-robots)");
    expect(s["/about.html"]).toBe("beyond --max-pages 3");
    expect(s["/news/deep.html"]).toBe("beyond --max-pages 3");
  });

  it("applies --include and --exclude to discovered pages but always starts at the start URL", () => {
    expect(visited(filtered)).toEqual(["/", "/news/a.html", "/news/b.html"]);
    const s = skipped(filtered);
    expect(s["/about.html"]).toBe("matches no --include pattern");
    expect(s["/news/deep.html"]).toBe("matches an --exclude pattern");
  });

  it("gives ids in visiting order and records the crawl options", () => {
    expect(deep.pages.filter((p) => p.outcome !== "skipped").map((p) => p.id)).toEqual([
      "p1",
      "p2",
      "p3",
      "p4",
      "p5",
      "p6",
      "p7",
    ]);
    expect(deep.options).toMatchObject({ depth: 2, concurrency: 2, session: "shared" });
  });
});

describe("--rate", () => {
  it("spaces page starts on one origin even with free lanes", () => {
    expect(rated.pages.map((p) => p.outcome)).toEqual(["ok", "ok", "ok"]);
    // 0.5 pages/s: three free lanes, yet each page starts at least 2 s after the one before (the
    // turn is taken when the page really starts; a millisecond tick may fall between).
    const starts = rated.pages.map((p) => Date.parse(p.startedAt)).sort((a, b) => a - b);
    expect((starts[1] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(1999);
    expect((starts[2] as number) - (starts[1] as number)).toBeGreaterThanOrEqual(1999);
    // The server saw them spread over 4 s less the time a busy machine takes to open each tab
    // (a fresh tab's first request was seen to lag by up to ~750 ms, ~2 s on a machine at load
    // 40): well apart still, where without --rate all three arrive within milliseconds.
    expect(rateArrivals).toHaveLength(3);
    expect((rateArrivals[2] as number) - (rateArrivals[0] as number)).toBeGreaterThanOrEqual(1500);
  });
});

describe("sitemaps and robots.txt through the browser", () => {
  it("reads the robots.txt Sitemap index, its gzip child and its plain child", () => {
    expect(visited(sitemap)).toEqual([
      "/",
      "/news/a.html",
      "/news/sitemap-only.html",
      "/about.html",
      "/contact.html",
    ]);
    const only = sitemap.pages.find((p) => p.url.endsWith("/news/sitemap-only.html"));
    expect(only?.outcome).toBe("ok");
    expect(thirdPartyHosts(only as never)).toEqual(["stats.crawl-metrics.test"]);
  });

  it("fetched them from the fixture server, i.e. through the host rules", () => {
    const paths = server.received
      .filter((r) => r.host.startsWith("www.crawl-news.test"))
      .map((r) => r.path);
    expect(paths).toContain("/robots.txt");
    expect(paths).toContain("/sitemap-index.xml");
    expect(paths).toContain("/sitemaps/news.xml.gz");
  });

  it("warns about the missing child sitemap and keeps other sites out", () => {
    expect(sitemap.warnings.join("\n")).toMatch(/sitemaps\/gone\.xml: HTTP 404/);
    const other = sitemap.pages.find((p) => p.url.includes("other-site.test"));
    expect(other).toMatchObject({ outcome: "skipped", requests: [] });
    expect(other?.reason).toMatch(/^on another site/);
  });
});

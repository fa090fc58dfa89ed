// The frontier: breadth-first order, each page once, depth and page limits, filters, skip reasons,
// and the same visit order at any concurrency.
import { describe, expect, it } from "vitest";
import {
  Frontier,
  type FrontierEntry,
  type FrontierOptions,
  type SkippedUrl,
} from "../../src/frontier/frontier.js";
import { describeSkip } from "../../src/frontier/skip-reason.js";

const S = "https://www.dailybugle.example";
const sameSite = (host: string) =>
  host === "dailybugle.example" || host.endsWith(".dailybugle.example");

function frontier(opts: Partial<FrontierOptions> = {}): Frontier {
  return new Frontier({ firstPartyDomains: sameSite, maxPages: 1000, maxDepth: 10, ...opts });
}

/** A seeded PRNG, so a "random" completion order is the same on every run of the test. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Drives a frontier like the page pool does: up to `concurrency` pages in flight, the one that
 * finishes next chosen at random; a finished page offers its links, then completes.
 */
function crawl(
  f: Frontier,
  site: Record<string, string[]>,
  concurrency: number,
  seed = 1,
): string[] {
  const rng = mulberry32(seed);
  const visited: string[] = [];
  const inFlight: FrontierEntry[] = [];
  for (;;) {
    while (inFlight.length < concurrency) {
      const next = f.next();
      if (!next) break;
      visited.push(next.url);
      inFlight.push(next);
    }
    if (inFlight.length === 0) {
      expect(f.isDone()).toBe(true); // nothing ready and nothing running: the crawl must be over
      return visited;
    }
    const [page] = inFlight.splice(Math.floor(rng() * inFlight.length), 1) as [FrontierEntry];
    for (const href of site[page.url] ?? []) f.add(href, page.depth + 1, "link", page.url);
    f.complete(page.url);
  }
}

/** A generated news site: home → 6 sections → 8 articles each, cross-links, repeats and noise. */
function newsSite(): Record<string, string[]> {
  const site: Record<string, string[]> = {};
  const sections = ["world", "city", "sport", "culture", "business", "opinion"];
  site[`${S}/`] = [
    ...sections.map((s) => `${S}/${s}/`),
    `${S}/account/login`,
    "https://social.example/dailybugle",
    `${S}/#main`,
  ];
  for (const [i, s] of sections.entries()) {
    const articles = Array.from({ length: 8 }, (_, n) => `${S}/${s}/story-${n}`);
    site[`${S}/${s}/`] = [
      `${S}/`,
      ...articles,
      `${S}/${sections[(i + 1) % sections.length]}`, // same section without its slash
      `${S}/${s}/story-0?utm_source=section#top`,
    ];
    for (const [n, a] of articles.entries()) {
      site[a] = [
        `${S}/${s}/`,
        `${S}/${sections[(i + n) % sections.length]}/story-${(n + 3) % 8}`,
        `${S}/tag/${s}-${n % 3}`,
        `https://ads.adserve-exchange.example/click?id=${n}`,
      ];
    }
  }
  return site;
}

describe("Frontier: order", () => {
  it("visits breadth first: depth, then the parent's turn, then the link's position", () => {
    const f = frontier();
    f.add(`${S}/`, 0, "start");
    const site = {
      [`${S}/`]: [`${S}/b`, `${S}/a`],
      [`${S}/b`]: [`${S}/b2`, `${S}/b1`],
      [`${S}/a`]: [`${S}/a1`, `${S}/b1`],
    };
    expect(crawl(f, site, 1)).toEqual([
      `${S}/`,
      `${S}/b`,
      `${S}/a`,
      `${S}/b2`,
      `${S}/b1`,
      `${S}/a1`,
    ]);
  });

  it("visits seeds in the order they were added, before any link", () => {
    const f = frontier();
    f.add(`${S}/z`, 0, "start");
    f.add(`${S}/y`, 0, "file");
    f.add(`${S}/x`, 0, "sitemap");
    const site = { [`${S}/z`]: [`${S}/child`] };
    expect(crawl(f, site, 1)).toEqual([`${S}/z`, `${S}/y`, `${S}/x`, `${S}/child`]);
  });

  it.each([1, 2, 4, 8])(
    "visits the same pages in the same order at concurrency %i, whatever finishes first",
    (concurrency) => {
      const reference = crawl(withStart(frontier()), newsSite(), 1);
      for (const seed of [1, 2, 3, 42]) {
        expect(crawl(withStart(frontier()), newsSite(), concurrency, seed)).toEqual(reference);
      }
      // and the max-pages cut-off lands on the same pages
      const cut = crawl(withStart(frontier({ maxPages: 17 })), newsSite(), 1);
      expect(cut).toHaveLength(17);
      expect(crawl(withStart(frontier({ maxPages: 17 })), newsSite(), concurrency, 7)).toEqual(cut);
      // and so do the skip records of scan.pages, the page each was first found on included
      const shallow = withStart(frontier({ maxDepth: 2, exclude: ["/account/**"] }));
      crawl(shallow, newsSite(), 1);
      const other = withStart(frontier({ maxDepth: 2, exclude: ["/account/**"] }));
      crawl(other, newsSite(), concurrency, 5);
      expect(other.skipped()).toEqual(shallow.skipped());
      expect(shallow.skipped().map((s) => s.reason)).toContain("over-depth");
      expect(shallow.skipped().map((s) => s.reason)).toContain("excluded");
    },
  );

  it("holds back a deeper page while a shallower one is in flight (level barrier)", () => {
    const f = frontier();
    f.add(`${S}/a`, 0, "start");
    f.add(`${S}/b`, 0, "start");
    const a = f.next() as FrontierEntry;
    f.add(`${S}/a1`, 1, "link", a.url);
    expect(f.next()?.url).toBe(`${S}/b`);
    f.complete(a.url);
    expect(f.next()).toBeUndefined(); // /b (depth 0) still loading: it may link to a page before /a1
    expect(f.isDone()).toBe(false);
    f.add(`${S}/b1`, 1, "link", `${S}/b`);
    f.complete(`${S}/b`);
    expect([f.next()?.url, f.next()?.url]).toEqual([`${S}/a1`, `${S}/b1`]);
  });

  it("hands out deeper pages at once without the barrier", () => {
    const f = frontier({ levelBarrier: false });
    f.add(`${S}/a`, 0, "start");
    f.add(`${S}/b`, 0, "start");
    const a = f.next() as FrontierEntry;
    f.next();
    f.add(`${S}/a1`, 1, "link", a.url);
    f.complete(a.url);
    expect(f.next()?.url).toBe(`${S}/a1`);
  });
});

function withStart(f: Frontier): Frontier {
  f.add(`${S}/`, 0, "start");
  return f;
}

describe("Frontier: each page once", () => {
  it("folds fragments, tracking parameters, default ports, case and trailing slashes", () => {
    const f = frontier();
    expect(f.add(`${S}/news/`, 0, "start")).toEqual({ accepted: true });
    for (const spelling of [
      `${S}/news`,
      `${S}/news/#top`,
      `${S}/news?utm_source=newsletter&fbclid=abc`,
      "HTTPS://WWW.DAILYBUGLE.EXAMPLE:443/news",
    ]) {
      expect(f.add(spelling, 1, "link", `${S}/news/`)).toEqual({
        accepted: false,
        reason: "duplicate",
      });
    }
    expect(f.add(`${S}/news?page=2`, 1, "link").accepted).toBe(true);
    expect(f.add(`${S}/News`, 1, "link").accepted).toBe(true);
    expect(f.next()?.url).toBe(`${S}/news/`); // the first spelling met is the one loaded
    expect(f.stats.duplicates).toBe(4);
  });

  it("never hands out a page twice over a whole crawl", () => {
    const visited = crawl(withStart(frontier()), newsSite(), 4, 9);
    expect(new Set(visited).size).toBe(visited.length);
    // home, 6 sections, 48 articles, 18 tags and the login page; no external host
    expect(visited).toHaveLength(1 + 6 + 48 + 18 + 1);
    expect(visited.every((u) => u.startsWith(`${S}/`))).toBe(true);
  });

  it("does not revisit a redirect's final URL", () => {
    const f = frontier();
    f.add(`${S}/old`, 0, "start");
    f.add(`${S}/new`, 0, "file");
    const old = f.next() as FrontierEntry;
    f.markVisited(`${S}/new`, old.url); // /old answered with a redirect to /new
    f.add(`${S}/child`, 1, "link", `${S}/new`);
    f.complete(old.url);
    expect(f.next()?.url).toBe(`${S}/child`);
    expect(f.next()).toBeUndefined();
    expect(f.add(`${S}/new`, 1, "link").reason).toBe("duplicate");
  });
});

describe("Frontier: limits and skip reasons", () => {
  it("stops at max-pages and records the rest as over-max-pages", () => {
    const f = withStart(frontier({ maxPages: 5 }));
    const visited = crawl(f, newsSite(), 2);
    expect(visited).toEqual([`${S}/`, `${S}/world/`, `${S}/city/`, `${S}/sport/`, `${S}/culture/`]);
    const over = f.skipped().filter((s) => s.reason === "over-max-pages");
    expect(over.map((s) => s.url).slice(0, 3)).toEqual([
      `${S}/business/`,
      `${S}/opinion/`,
      `${S}/account/login`,
    ]);
    expect(f.stats.handedOut).toBe(5);
    expect(f.stats.skipped["over-max-pages"]).toBe(over.length);
    expect(f.add(`${S}/late`, 0, "file")).toEqual({ accepted: false, reason: "over-max-pages" });
  });

  it("stops at max-depth and records the deeper pages as over-depth", () => {
    const f = withStart(frontier({ maxDepth: 1 }));
    const visited = crawl(f, newsSite(), 3);
    expect(visited).toHaveLength(1 + 6 + 1);
    const overDepth = f.skipped().filter((s) => s.reason === "over-depth");
    expect(overDepth).toHaveLength(48);
    expect(overDepth[0]).toEqual({
      url: `${S}/world/story-0`,
      depth: 2,
      source: "link",
      from: `${S}/world/`,
      reason: "over-depth",
    });
  });

  it("depth 0 visits only the seeds", () => {
    const f = withStart(frontier({ maxDepth: 0 }));
    expect(crawl(f, newsSite(), 2)).toEqual([`${S}/`]);
  });

  it("counts links to other sites but does not list them; lists off-site sitemap entries", () => {
    const f = withStart(frontier());
    crawl(f, newsSite(), 2);
    expect(f.stats.skipped["other-site"]).toBe(1 + 8); // social.example and 8 ad click URLs
    expect(f.skipped().some((s) => s.reason === "other-site")).toBe(false);
    f.add("https://cdn.other.example/page", 0, "sitemap");
    expect(f.skipped().at(-1)).toMatchObject({ reason: "other-site", source: "sitemap" });
  });

  it("takes start and file URLs of any site: the user named them", () => {
    const f = frontier();
    expect(f.add("https://other-site.example/", 0, "start").accepted).toBe(true);
    expect(f.add("https://third.example/a", 0, "file").accepted).toBe(true);
  });

  it("applies include and exclude to every URL but the start URLs", () => {
    const f = frontier({ include: ["/world/**", "/city/**"], exclude: ["/city/story-1"] });
    const visited = crawl(withStart(f), newsSite(), 2);
    expect(visited[0]).toBe(`${S}/`); // the start URL, though not included
    expect(visited.filter((u) => u.includes("/world/"))).toHaveLength(9);
    expect(visited.filter((u) => u.includes("/city/"))).toHaveLength(8);
    expect(visited).not.toContain(`${S}/city/story-1`);
    expect(visited.some((u) => u.includes("/sport/") || u.includes("/tag/"))).toBe(false);
    expect(f.skipped().find((s) => s.url === `${S}/city/story-1`)?.reason).toBe("excluded");
    expect(f.skipped().find((s) => s.url === `${S}/sport/`)?.reason).toBe("not-included");
    expect(f.add(`${S}/sport/x`, 0, "file").reason).toBe("not-included");
    expect(f.add(`${S}/world/from-sitemap`, 0, "sitemap").accepted).toBe(true);
  });

  it("skips what robots.txt disallows, start URLs included", () => {
    const f = frontier({ robotsAllows: (url) => !new URL(url).pathname.startsWith("/tag/") });
    crawl(withStart(f), newsSite(), 2);
    expect(f.stats.skipped.robots).toBe(18);
    expect(f.add(`${S}/tag/x`, 0, "start").reason).toBe("robots");
  });

  it("records an invalid seed but not an invalid link", () => {
    const f = frontier();
    expect(f.add("mailto:desk@dailybugle.example", 0, "file")).toEqual({
      accepted: false,
      reason: "invalid",
    });
    expect(f.add("javascript:void(0)", 1, "link")).toEqual({ accepted: false, reason: "invalid" });
    expect(f.skipped()).toEqual([
      { url: "mailto:desk@dailybugle.example", depth: 0, source: "file", reason: "invalid" },
    ]);
    expect(f.stats.skipped.invalid).toBe(2);
  });

  it("takes a page skipped as too deep when it is found again nearer the start", () => {
    const f = frontier({ maxDepth: 1 });
    expect(f.add(`${S}/deep`, 2, "link").reason).toBe("over-depth");
    expect(f.add(`${S}/deep`, 0, "sitemap")).toEqual({ accepted: true });
    expect(f.skipped()).toEqual([]);
    expect(f.stats.skipped["over-depth"]).toBe(0);
  });

  it("moves a queued page up when it is found again at a smaller depth", () => {
    const f = frontier({ levelBarrier: false });
    f.add(`${S}/a`, 3, "link");
    expect(f.add(`${S}/a`, 1, "link")).toEqual({ accepted: false, reason: "duplicate" });
    expect(f.add(`${S}/a`, 2, "link").reason).toBe("duplicate");
    f.add(`${S}/b`, 2, "link");
    expect(f.next()).toEqual({ url: `${S}/a`, depth: 1, source: "link" });
    expect(f.next()?.url).toBe(`${S}/b`);
    expect(f.next()).toBeUndefined();
  });

  it("keeps counting after the record limit", () => {
    const f = frontier({ maxDepth: 0, maxSkipRecords: 3 });
    for (let i = 0; i < 10; i++) f.add(`${S}/p${i}`, 1, "link");
    expect(f.skipped()).toHaveLength(3);
    expect(f.stats.skipped["over-depth"]).toBe(10);
    expect(f.stats.skipRecordsDropped).toBe(7);
  });
});

describe("Frontier: interruption", () => {
  it("on close, queued pages become 'interrupted' and the crawl ends when in-flight pages finish", () => {
    const f = frontier();
    for (const p of ["a", "b", "c", "d"]) f.add(`${S}/${p}`, 0, "start");
    const a = f.next() as FrontierEntry;
    f.close();
    expect(f.next()).toBeUndefined();
    expect(f.isDone()).toBe(false);
    expect(f.add(`${S}/e`, 1, "link", a.url)).toEqual({ accepted: false, reason: "interrupted" });
    f.complete(a.url);
    expect(f.isDone()).toBe(true);
    expect(f.skipped().map((s) => [s.url, s.reason])).toEqual([
      [`${S}/b`, "interrupted"],
      [`${S}/c`, "interrupted"],
      [`${S}/d`, "interrupted"],
      [`${S}/e`, "interrupted"],
    ]);
    expect(f.stats).toMatchObject({ queued: 0, inFlight: 0, handedOut: 1, completed: 1 });
  });
});

describe("describeSkip", () => {
  it.each<[SkippedUrl, string]>([
    [
      { url: `${S}/a/b/c`, depth: 3, source: "link", from: `${S}/a/b`, reason: "over-depth" },
      `deeper than --depth 2 (found at depth 3 on ${S}/a/b)`,
    ],
    [
      { url: `${S}/x`, depth: 1, source: "link", reason: "over-max-pages" },
      "beyond --max-pages 50",
    ],
    [
      { url: `${S}/account`, depth: 0, source: "file", reason: "excluded" },
      "matches an --exclude pattern",
    ],
    [
      { url: `${S}/s`, depth: 0, source: "sitemap", reason: "not-included" },
      "matches no --include pattern",
    ],
    [
      { url: "https://cdn.other.example/", depth: 0, source: "sitemap", reason: "other-site" },
      "on another site, not a first-party domain (listed in the sitemap)",
    ],
    [
      { url: `${S}/p`, depth: 0, source: "start", reason: "robots" },
      "disallowed by robots.txt (--respect-robots)",
    ],
    [
      { url: `${S}/q`, depth: 1, source: "link", reason: "interrupted" },
      "not visited: the scan was interrupted",
    ],
    [
      { url: "mailto:x@y.example", depth: 0, source: "file", reason: "invalid" },
      "not an http(s) page address",
    ],
  ])("%j", (skip, text) => {
    expect(describeSkip(skip, { maxDepth: 2, maxPages: 50 })).toBe(text);
  });
});

describe("Frontier: a page given back", () => {
  it("hands a released page out again, in its place, without counting it twice", () => {
    const f = frontier({ maxPages: 3 });
    for (const p of ["a", "b", "c", "d"]) f.add(`${S}/${p}`, 0, "start");
    const a = f.next() as FrontierEntry;
    const b = f.next() as FrontierEntry;
    f.release(a.url); // the browser died while /a was loading
    f.complete(b.url);
    expect(f.next()?.url).toBe(`${S}/a`);
    expect(f.next()?.url).toBe(`${S}/c`);
    expect(f.next()).toBeUndefined();
    expect(f.stats.handedOut).toBe(3);
    expect(f.skipped().map((s) => s.url)).toEqual([`${S}/d`]);
  });

  it("records a page released after an interruption as interrupted", () => {
    const f = frontier();
    f.add(`${S}/a`, 0, "start");
    const a = f.next() as FrontierEntry;
    f.close();
    f.release(a.url);
    expect(f.isDone()).toBe(true);
    expect(f.skipped()).toEqual([
      { url: `${S}/a`, depth: 0, source: "start", reason: "interrupted" },
    ]);
  });
});

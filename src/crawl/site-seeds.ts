// Where a crawl starts besides the URLs it was given: sitemaps (from robots.txt or /sitemap.xml,
// indexes and gzip too) and, with --respect-robots, each origin's robots.txt; both fetched through
// the browser so host rules and --insecure apply as they do to pages.
import {
  type OriginRateLimiter,
  type Robots,
  robotsFromResponse,
  robotsTxtUrl,
  sitemapRoots,
  walkSitemaps,
} from "../frontier/index.js";
import type { FetchedResource } from "./browser-fetch.js";

/** skimscan's product token for robots.txt groups. */
export const ROBOTS_AGENT = "skimscan";

export type Fetch = (url: string) => Promise<FetchedResource>;

/** Page URLs of the site's sitemaps; errors become warnings, the walk goes on. */
export async function sitemapUrls(
  startUrl: string,
  fetch: Fetch,
  isFirstParty: (host: string) => boolean,
  warn: (message: string) => void,
): Promise<string[]> {
  const robots = await fetch(robotsTxtUrl(startUrl));
  const robotsText =
    robots.status !== undefined && robots.status < 300 ? robots.body.toString("utf8") : undefined;
  const roots = sitemapRoots(startUrl, robotsText);
  const walked = await walkSitemaps(
    roots,
    async (url) => {
      const r = await fetch(url);
      if (r.status === undefined) throw new Error(r.error ?? "no response");
      if (r.status >= 400) throw new Error(`HTTP ${r.status}`);
      return r.body;
    },
    { followSitemap: (url) => isFirstParty(hostOf(url)) },
  );
  for (const e of walked.errors) warn(`sitemap ${e.sitemap}: ${e.message}`);
  if (walked.truncated) warn("the sitemaps list more than the crawl reads; the rest was ignored");
  return walked.urls;
}

/** robots.txt per origin, fetched once each, with its Crawl-delay applied to the rate limiter. */
export class RobotsCache {
  private readonly byOrigin = new Map<string, Robots>();

  constructor(
    private readonly fetch: Fetch,
    private readonly limiter: OriginRateLimiter,
  ) {}

  /** Fetches the robots.txt of every origin among urls that is not known yet. */
  async load(urls: readonly string[]): Promise<void> {
    const origins = [...new Set(urls.map(originOf).filter((o): o is string => !!o))];
    for (const origin of origins) {
      if (this.byOrigin.has(origin)) continue;
      const r = await this.fetch(robotsTxtUrl(origin));
      const robots = robotsFromResponse(r.status, r.body.toString("utf8"));
      this.byOrigin.set(origin, robots);
      const delay = robots.crawlDelay(ROBOTS_AGENT);
      if (delay) this.limiter.setMinInterval(origin, delay * 1000);
    }
  }

  /** Unknown origins are allowed: load() comes first for everything offered. */
  allows(url: string): boolean {
    const origin = originOf(url);
    const robots = origin ? this.byOrigin.get(origin) : undefined;
    return robots ? robots.isAllowed(url, ROBOTS_AGENT) : true;
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

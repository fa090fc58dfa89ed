// Follows sitemaps and sitemap indexes to the page URLs they list, bounded and cycle-safe.
// The fetching is injected (the crawler fetches; tests read files), so this stays pure logic.
import { decodeMaybeGzip, discoverSitemaps, parseSitemap } from "./sitemap.js";

export interface SitemapWalkOptions {
  /** Stop after reading this many sitemap documents (indexes included); default 100. */
  maxSitemaps?: number;
  /** Stop collecting after this many page URLs; default 50,000 (one sitemap's legal maximum). */
  maxUrls?: number;
  /** Whether to follow a child sitemap (e.g. only the site's own hosts); default: all. */
  followSitemap?: (url: string) => boolean;
}

export interface SitemapWalkResult {
  /** Page URLs in document order, first occurrence kept. */
  urls: string[];
  /** Sitemap documents read, in the order they were read. */
  read: string[];
  /** One entry per sitemap that failed to load or was (partly) broken. */
  errors: { sitemap: string; message: string }[];
  /** True when a limit stopped the walk early. */
  truncated: boolean;
}

/**
 * Reads the root sitemaps, then the sitemaps their indexes list, breadth first. A sitemap that
 * fails to load or parse is recorded in `errors` and the walk goes on: a broken child of an
 * index must not hide its siblings' pages.
 */
export async function walkSitemaps(
  roots: readonly string[],
  fetchSitemap: (url: string) => Promise<Buffer>,
  opts: SitemapWalkOptions = {},
): Promise<SitemapWalkResult> {
  const maxSitemaps = opts.maxSitemaps ?? 100;
  const maxUrls = opts.maxUrls ?? 50_000;
  const result: SitemapWalkResult = { urls: [], read: [], errors: [], truncated: false };
  const seenUrls = new Set<string>();
  const queued = new Set<string>(roots);
  const queue = [...queued];
  while (queue.length > 0) {
    if (result.read.length >= maxSitemaps || result.urls.length >= maxUrls) {
      result.truncated = true;
      break;
    }
    const sitemap = queue.shift() as string;
    result.read.push(sitemap);
    let text: string;
    try {
      text = decodeMaybeGzip(await fetchSitemap(sitemap));
    } catch (error) {
      result.errors.push({ sitemap, message: (error as Error).message });
      continue;
    }
    const parsed = parseSitemap(text, sitemap);
    if (parsed.error) result.errors.push({ sitemap, message: parsed.error });
    for (const url of parsed.urls) {
      if (seenUrls.has(url)) continue;
      if (result.urls.length >= maxUrls) {
        result.truncated = true;
        break;
      }
      seenUrls.add(url);
      result.urls.push(url);
    }
    for (const child of parsed.sitemaps) {
      if (queued.has(child) || (opts.followSitemap && !opts.followSitemap(child))) continue;
      queued.add(child);
      queue.push(child);
    }
  }
  return result;
}

/** The robots.txt that governs a page: its origin's /robots.txt. */
export function robotsTxtUrl(pageUrl: string): string {
  return new URL("/robots.txt", pageUrl).href;
}

/**
 * Where --sitemap starts for a site: the Sitemap lines of its robots.txt when it has any,
 * else the conventional /sitemap.xml of the start URL's origin.
 */
export function sitemapRoots(startUrl: string, robotsTxt: string | undefined): string[] {
  const listed = robotsTxt ? discoverSitemaps(robotsTxt, robotsTxtUrl(startUrl)) : [];
  return listed.length > 0 ? listed : [new URL("/sitemap.xml", startUrl).href];
}

// Shared by the crawl tests: run crawlSite against the fixture internet into memory.
import { CaptureCollector } from "../../src/crawl/capture-stream.js";
import { type CrawlOptions, crawlSite } from "../../src/crawl/crawl-site.js";
import type { FixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture, CapturedPage } from "../../src/model/capture.js";

export const SITE = "https://www.crawl-news.test";

export async function crawl(
  server: FixtureServer,
  opts: Partial<CrawlOptions> & Pick<CrawlOptions, "startUrls">,
): Promise<Capture> {
  const sink = new CaptureCollector();
  await crawlSite(
    {
      blockThirdPartyCookies: false,
      hostRules: server.hostRules,
      insecure: true,
      maxPages: 50,
      maxDepth: 0,
      concurrency: 2,
      session: "shared",
      // Generous: a loaded CI machine must not turn a slow good page into a failure.
      timeoutMs: 20_000,
      dwellMs: 200,
      maxBodyBytes: 16 * 1024,
      ...opts,
    },
    sink,
  );
  return sink.capture();
}

export function byPath(capture: Capture): Map<string, CapturedPage> {
  return new Map(capture.pages.map((p) => [new URL(p.url).pathname + new URL(p.url).search, p]));
}

/** Registrable-ish third-party hosts a page contacted (any host not on crawl-news.test). */
export function thirdPartyHosts(page: CapturedPage): string[] {
  const hosts = new Set<string>();
  for (const r of page.requests) {
    for (const u of [...r.redirects.map((h) => h.url), r.url]) {
      try {
        const h = new URL(u).hostname;
        if (h && !h.endsWith("crawl-news.test")) hosts.add(h);
      } catch {}
    }
  }
  return [...hosts].sort();
}

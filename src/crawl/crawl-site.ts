// Crawls a site: the frontier decides which pages, a pool of `concurrency` lanes in one browser
// visits them (p-limit), each finished page goes to the sink at once (memory stays flat), and
// nothing is lost: failed pages are retried once, a dead browser is relaunched, Ctrl-C ends the
// crawl with every page accounted for (visited, failed, or skipped with its reason).
import pLimit from "p-limit";
import { describeSkip } from "../frontier/index.js";
import { CAPTURE_VERSION, type CapturedBrowser, uncapturedPage } from "../model/capture.js";
import { TOOL } from "../package-info.js";
import type { CaptureSink } from "./capture-stream.js";
import { CrawlLane } from "./crawl-lane.js";
import { type CrawlOptions, crawlOptionsRecord } from "./crawl-options.js";
import { CrawlRun } from "./crawl-run.js";
import { sitemapUrls } from "./site-seeds.js";
import { failedPage, visitPage } from "./visit-page.js";

export type { CrawlOptions } from "./crawl-options.js";
export type { CrawlProgress } from "./crawl-run.js";

export interface CrawlResult {
  pages: number;
  failed: number;
  skipped: number;
  partial: boolean;
  browser: CapturedBrowser;
  browserRestarts: number;
}

/** Throws BrowserError only when no browser could be started at all. */
export async function crawlSite(opts: CrawlOptions, sink: CaptureSink): Promise<CrawlResult> {
  const startedAt = new Date().toISOString();
  const run = new CrawlRun(opts, sink);
  try {
    const first = await run.keeper.get();
    const where = first.b.info.endpoint ?? first.b.info.executablePath;
    run.log("info", `browser: ${first.b.info.version} (${where})`);
    await sink.header({
      captureVersion: CAPTURE_VERSION,
      tool: { name: TOOL.name, version: TOOL.version },
      startedAt,
      startUrls: [...opts.startUrls],
      browser: first.b.info,
      options: crawlOptionsRecord(opts),
    });
    await addSeeds(run);
    await runLanes(run);
    const skipped = await recordSkipped(run);
    const dropped = run.frontier.stats.skipRecordsDropped;
    if (dropped > 0) run.warnings.push(`${dropped} more skipped URLs are counted but not listed`);
    const restarts = run.keeper.restarts;
    if (restarts > 0) run.warnings.push(`the browser was restarted ${restarts} time(s)`);
    const partial = run.stopping;
    await sink.footer({ finishedAt: new Date().toISOString(), partial, warnings: run.warnings });
    const { done, failed } = run.progress();
    return {
      pages: done,
      failed,
      skipped,
      partial,
      browser: first.b.info,
      browserRestarts: restarts,
    };
  } finally {
    await run.close();
  }
}

/** The start URLs, the --urls-file entries and, with --sitemap, the pages of the sitemaps. */
async function addSeeds(run: CrawlRun): Promise<void> {
  const { opts } = run;
  const seeds: Array<[string, "start" | "file" | "sitemap"]> = [
    ...opts.startUrls.map((u): [string, "start"] => [u, "start"]),
    ...(opts.fileUrls ?? []).map((u): [string, "file"] => [u, "file"]),
  ];
  if (opts.sitemap) {
    for (const start of opts.startUrls) {
      const urls = await sitemapUrls(
        start,
        (u) => run.fetch(u),
        run.isFirstParty,
        (m) => run.warn(m),
      );
      run.log("info", `sitemap: ${urls.length} URLs for ${start}`);
      for (const u of urls) seeds.push([u, "sitemap"]);
    }
  }
  await run.robots?.load(seeds.map(([u]) => u));
  for (const [u, source] of seeds) run.frontier.add(u, 0, source);
}

/** Hands pages to free lanes until the frontier is done (or the scan stops). */
async function runLanes(run: CrawlRun): Promise<void> {
  const { concurrency } = run.opts;
  const limit = pLimit(concurrency);
  const free = Array.from({ length: concurrency }, () => new CrawlLane(run));
  const running = new Set<Promise<void>>();
  for (;;) {
    if (running.size >= concurrency) {
      await Promise.race(running);
      continue;
    }
    const entry = await run.take();
    if (!entry) {
      if (running.size === 0) return;
      await Promise.race(running);
      continue;
    }
    const id = run.nextId();
    const lane = free.pop() as CrawlLane;
    const task: Promise<void> = limit(() => visitPage(run, lane, entry, id))
      .catch(async (err) => {
        // A bug in our own code must not lose the page either.
        const reason = `crawl error: ${(err as Error).message}`;
        await run.record(failedPage(id, entry.url, "capture", reason), entry).catch(() => {});
      })
      .finally(() => {
        free.push(lane);
        running.delete(task);
        run.wake();
      });
    running.add(task);
  }
}

/** Everything the frontier chose not to visit, with its reason; returns how many. */
async function recordSkipped(run: CrawlRun): Promise<number> {
  const limits = { maxDepth: run.opts.maxDepth, maxPages: run.opts.maxPages };
  let count = 0;
  for (const s of run.frontier.skipped()) {
    count++;
    const page = uncapturedPage(run.nextId(), s.url, "skipped", describeSkip(s, limits));
    await run.sink.page(s.reason === "interrupted" ? { ...page, failure: "interrupted" } : page);
  }
  return count;
}

// Crawls a site: the frontier decides which pages, a pool of `concurrency` lanes in one browser
// visits them (p-limit), each finished page goes to the sink at once (memory stays flat), and
// nothing is lost: failed pages are retried once, a dead browser is relaunched, Ctrl-C ends the
// crawl with every page accounted for (visited, failed, or skipped with its reason).
import pLimit from "p-limit";
import type { CdpSession } from "../capture/cdp-connection.js";
import {
  describeSkip,
  Frontier,
  type FrontierEntry,
  filterLinks,
  OriginRateLimiter,
  parseRetryAfter,
} from "../frontier/index.js";
import {
  CAPTURE_VERSION,
  type CapturedBrowser,
  type CapturedPage,
  uncapturedPage,
} from "../model/capture.js";
import { TOOL } from "../package-info.js";
import { BrowserFetcher } from "./browser-fetch.js";
import { BrowserKeeper, type KeptBrowser } from "./browser-keeper.js";
import { capturePage } from "./capture-page.js";
import type { CaptureSink } from "./capture-stream.js";
import { type CrawlOptions, crawlOptionsRecord } from "./crawl-options.js";
import {
  applyFirstPartyAccess,
  firstPartyTest,
  redactAccess,
  siteOf,
} from "./first-party-access.js";
import type { LaunchedBrowser } from "./launch-browser.js";
import { botWall, documentRequest, type PageProbe, probePage } from "./page-probe.js";
import { RobotsCache, sitemapUrls } from "./site-seeds.js";
import type { VisitRole } from "./visitor.js";

export type { CrawlOptions } from "./crawl-options.js";

export interface CrawlProgress {
  done: number;
  failed: number;
  queued: number;
  inFlight: number;
}

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
  const log = opts.log ?? (() => undefined);
  const signal = opts.signal;
  const startedAt = new Date().toISOString();
  const warnings: string[] = [];
  const warn = (m: string) => {
    warnings.push(m);
    log("warn", m);
  };
  const firstPartyDomains = [
    ...new Set([...opts.startUrls, ...(opts.fileUrls ?? [])].map(siteOfUrl).filter(isString)),
    ...(opts.firstParty ?? []),
  ];
  const isFirstParty = firstPartyTest(firstPartyDomains);
  const limiter = new OriginRateLimiter({ rate: opts.rate });
  const keeper = new BrowserKeeper(opts, {
    onLaunch: (b) => opts.onBrowser?.(b),
    log: (l, m) => log(l, m),
  });
  const first = await keeper.get();
  log("info", `browser: ${first.b.info.version} (${first.b.info.executablePath})`);
  await sink.header({
    captureVersion: CAPTURE_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    startedAt,
    startUrls: [...opts.startUrls],
    browser: first.b.info,
    options: crawlOptionsRecord(opts),
  });

  // Robots and sitemaps go through a utility tab of the current browser.
  let fetcher: { gen: number; f: BrowserFetcher } | undefined;
  const fetchVia = async (url: string) => {
    const k = await keeper.get();
    if (fetcher?.gen !== k.generation) fetcher = { gen: k.generation, f: new BrowserFetcher(k.b) };
    return fetcher.f.fetch(url);
  };
  const robots = opts.respectRobots ? new RobotsCache(fetchVia, limiter) : undefined;
  const frontier = new Frontier({
    firstPartyDomains: isFirstParty,
    maxPages: opts.maxPages,
    maxDepth: opts.maxDepth,
    include: opts.include,
    exclude: opts.exclude,
    ignoredParams: opts.ignoredParams,
    ...(robots ? { robotsAllows: (u: string) => robots.allows(u) } : {}),
  });

  const seeds: Array<[string, "start" | "file" | "sitemap"]> = [
    ...opts.startUrls.map((u): [string, "start"] => [u, "start"]),
    ...(opts.fileUrls ?? []).map((u): [string, "file"] => [u, "file"]),
  ];
  if (opts.sitemap) {
    for (const start of opts.startUrls) {
      const urls = await sitemapUrls(start, fetchVia, isFirstParty, warn);
      log("info", `sitemap: ${urls.length} URLs for ${start}`);
      for (const u of urls) seeds.push([u, "sitemap"]);
    }
  }
  await robots?.load(seeds.map(([u]) => u));
  for (const [u, source] of seeds) frontier.add(u, 0, source);

  // Lanes: with --session shared each lane is one visitor (a browser context kept page after page).
  // Without --session shared but with a visitor (opt-out cookies, a consent answer), each page
  // still gets a context of the crawl's own making, set up for the visitor and disposed after.
  const visitor = opts.visitor;
  const laneContexts = opts.session === "shared" || visitor !== undefined;
  const lanes = Array.from({ length: opts.concurrency }, () => ({
    contextId: undefined as string | undefined,
    gen: 0,
    /** Whether this lane's visitor has answered the consent banner (with a visitor that does). */
    choice: "pending" as "pending" | "made" | "none",
  }));
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const w of [...wakers]) w();
  };
  const onAbort = () => {
    frontier.close("interrupted");
    wake();
  };
  signal?.addEventListener("abort", onAbort);
  let seq = 0;
  let done = 0;
  let failed = 0;
  const progress = (): CrawlProgress => {
    const s = frontier.stats;
    // Queued beyond --max-pages will never be visited: not counted as work to come.
    const queued = Math.min(s.queued, Math.max(0, opts.maxPages - s.handedOut));
    return { done, failed, queued, inFlight: s.inFlight };
  };

  const take = async (): Promise<FrontierEntry | undefined> => {
    for (;;) {
      if (signal?.aborted) return undefined;
      const e = frontier.next();
      if (e) return e;
      if (frontier.isDone()) return undefined;
      await new Promise<void>((resolve) => {
        const w = () => {
          wakers.delete(w);
          resolve();
        };
        wakers.add(w);
      });
    }
  };

  const finish = async (entry: FrontierEntry, page: CapturedPage) => {
    await sink.page(page);
    frontier.complete(entry.url);
    done++;
    if (page.outcome === "failed") failed++;
    opts.onPage?.(page, progress());
    wake();
  };

  const visit = async (entry: FrontierEntry, id: string, laneIndex: number) => {
    const lane = lanes[laneIndex] as (typeof lanes)[number];
    let page: CapturedPage | undefined;
    let probe: PageProbe | undefined;
    let pageId = id;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) {
        page = interruptedPage(pageId, entry.url);
        break;
      }
      let kept: KeptBrowser;
      try {
        kept = await keeper.get();
      } catch (err) {
        page = uncapturedPage(pageId, entry.url, "failed", `no browser: ${(err as Error).message}`);
        break;
      }
      const contextId = laneContexts ? await laneContext(lane, kept) : undefined;
      if (visitor?.makesChoice && contextId && lane.choice === "pending") {
        // A new visitor answers the banner first, on this very page; the page is then visited
        // again as one loaded after the choice.
        lane.choice = (await choiceStep(kept, contextId, entry, pageId)) ? "made" : "none";
        pageId = `p${++seq}`;
      }
      const role: VisitRole | undefined = visitor?.makesChoice
        ? lane.choice === "made"
          ? "after"
          : "no-choice"
        : undefined;
      probe = undefined;
      const captured = await capturePageIn(kept, entry.url, pageId, contextId, role, (p) => {
        probe = p;
      });
      page = captured.page;
      if (opts.session === "fresh" && contextId) {
        // The next page is a new visitor again.
        lane.contextId = undefined;
        await kept.b.conn
          .send("Target.disposeBrowserContext", { browserContextId: contextId })
          .catch(() => undefined);
      }
      // A page that did not finish may have met a browser that stopped answering: ask it.
      if (page.outcome === "failed" || page.timedOut) await kept.b.conn.isAnswering();
      if (kept.died.aborted || kept.b.conn.isClosed) {
        keeper.dead(kept);
        const hung = kept.b.conn.unresponsive;
        if (!signal?.aborted && attempt === 0) {
          log(
            "warn",
            `${entry.url}: ${hung ? kept.b.conn.closeReason : "the browser went away under it"}; retrying in a new browser`,
          );
          continue;
        }
        page = hung
          ? {
              ...page,
              outcome: "failed",
              reason: `${kept.b.conn.closeReason}`,
              failure: "protocol",
            }
          : {
              ...page,
              outcome: "failed",
              reason: "the browser went away while loading it",
              failure: "browser-gone",
            };
        break;
      }
      const status = page.httpStatus;
      if ((status === 429 || status === 503) && attempt === 0 && !signal?.aborted) {
        const after = documentRequest(page)?.responseHeaders?.["retry-after"];
        if (status === 429 || after) {
          const ms = limiter.backoff(entry.url, parseRetryAfter(after, Date.now()));
          log("warn", `${entry.url}: HTTP ${status}; waiting ${ms} ms, then one retry`);
          continue;
        }
      }
      const loadFailed =
        page.outcome === "failed" && !page.timedOut && !/^capture error/.test(page.reason ?? "");
      if (loadFailed && attempt === 0 && !signal?.aborted) {
        log("warn", `${entry.url}: ${page.reason}; one retry`);
        continue;
      }
      break;
    }
    if (page.outcome === "ok" && page.reason !== "interrupted") {
      const wall = botWall(page, probe);
      if (wall) page = { ...page, outcome: "failed", reason: `blocked: ${wall}` };
      else if (page.httpStatus !== undefined && page.httpStatus < 400) limiter.succeeded(entry.url);
    }
    page = redactAccess(page, opts.access);
    if (page.finalUrl !== entry.url) frontier.markVisited(page.finalUrl, entry.url);
    if (probe && page.outcome === "ok" && entry.depth < opts.maxDepth) {
      const links = filterLinks(probe.links, page.finalUrl);
      page.links = links;
      await robots?.load(links.filter((u) => isFirstParty(new URL(u).hostname)));
      for (const link of links) frontier.add(link, entry.depth + 1, "link", entry.url);
    }
    await finish(entry, page);
  };

  /** A lane's visitor: a browser context kept page after page (shared) or made per page. */
  const laneContext = async (lane: (typeof lanes)[number], kept: KeptBrowser) => {
    if (lane.contextId && lane.gen === kept.generation) return lane.contextId;
    const r = await kept.b.conn
      .send("Target.createBrowserContext", { disposeOnDetach: true })
      .catch(() => undefined);
    lane.contextId = r ? String(r.browserContextId) : undefined;
    lane.gen = kept.generation;
    lane.choice = "pending";
    if (lane.contextId && visitor)
      await visitor
        .setUpContext(kept.b.conn, lane.contextId)
        .catch((err) => warn(`could not set up the visitor: ${(err as Error).message}`));
    return lane.contextId;
  };

  /** Waits for the origin's next start under --rate (and 429 backoff); false when interrupted. */
  const turnOf = async (url: string): Promise<boolean> => {
    for (;;) {
      if (signal?.aborted) return false;
      const wait = limiter.claim(url);
      if (wait <= 0) return true;
      await sleep(wait, signal);
    }
  };

  /** Captures one page in the lane's context (or a fresh one), with every hook of the crawl. */
  const capturePageIn = async (
    kept: KeptBrowser,
    url: string,
    id: string,
    contextId: string | undefined,
    role: VisitRole | undefined,
    onProbe: (p: PageProbe | undefined) => void,
  ): Promise<{ page: CapturedPage; choiceMade: boolean }> => {
    // --rate: the origin's turn is taken right before the page starts, so starts are spaced.
    if (!(await turnOf(url))) return { page: interruptedPage(id, url), choiceMade: false };
    const visitorPage = visitor?.page(role);
    const raw = await capturePage(kept.b, id, url, {
      timeoutMs: opts.timeoutMs,
      dwellMs: opts.dwellMs,
      maxBodyBytes: opts.maxBodyBytes,
      signal: signal ? AbortSignal.any([signal, kept.died]) : kept.died,
      log: (l, m) => log(l, m),
      warn: (m) => warnings.push(m),
      ...(contextId ? { browserContextId: contextId } : {}),
      ...(opts.fillForms ? { fillForms: opts.fillForms } : {}),
      ...(visitorPage
        ? { prepareFrame: (frame: CdpSession) => visitorPage.prepareFrame(frame) }
        : {}),
      prepare: async (top, ctx) => {
        if (opts.session === "shared") await handOverServiceWorkers(kept.b, ctx);
        await visitorPage?.prepare(top);
        await applyFirstPartyAccess(kept.b.conn, top, ctx, firstPartyDomains, opts.access ?? none);
      },
      inspect: async (top) => {
        await Promise.all([probePage(top).then(onProbe), visitorPage?.inspect(top)]);
      },
    });
    if (!visitorPage) return { page: raw, choiceMade: false };
    const seen = visitorPage.finish(raw);
    for (const w of seen.warnings) warn(w);
    return { page: seen.page, choiceMade: seen.choiceMade };
  };

  /** The visit of a page where a new visitor answers the banner; true when the answer was given. */
  const choiceStep = async (
    kept: KeptBrowser,
    contextId: string,
    entry: FrontierEntry,
    id: string,
  ) => {
    log("info", `${entry.url}: answering the consent banner as a new visitor`);
    const { page, choiceMade } = await capturePageIn(
      kept,
      entry.url,
      id,
      contextId,
      "choice",
      () => undefined,
    );
    await sink.page(redactAccess(page, opts.access));
    done++;
    if (page.outcome === "failed") failed++;
    opts.onPage?.(page, progress());
    return choiceMade;
  };

  const limit = pLimit(opts.concurrency);
  const free = lanes.map((_, i) => i);
  const running = new Set<Promise<void>>();
  try {
    for (;;) {
      if (running.size >= opts.concurrency) {
        await Promise.race(running);
        continue;
      }
      const entry = await take();
      if (!entry) {
        if (running.size === 0) break;
        await Promise.race(running);
        continue;
      }
      seq++;
      const id = `p${seq}`;
      const laneIndex = free.pop() as number;
      const task: Promise<void> = limit(() => visit(entry, id, laneIndex))
        .catch(async (err) => {
          // A bug in our own code must not lose the page either.
          const page = uncapturedPage(
            id,
            entry.url,
            "failed",
            `crawl error: ${(err as Error).message}`,
          );
          await finish(entry, page).catch(() => undefined);
        })
        .finally(() => {
          free.push(laneIndex);
          running.delete(task);
          wake();
        });
      running.add(task);
    }
    // Everything the frontier chose not to visit, with its reason.
    let skippedCount = 0;
    for (const s of frontier.skipped()) {
      skippedCount++;
      const reason = describeSkip(s, { maxDepth: opts.maxDepth, maxPages: opts.maxPages });
      await sink.page(uncapturedPage(`p${++seq}`, s.url, "skipped", reason));
    }
    const dropped = frontier.stats.skipRecordsDropped;
    if (dropped > 0) warnings.push(`${dropped} more skipped URLs are counted but not listed`);
    if (keeper.restarts > 0) warnings.push(`the browser was restarted ${keeper.restarts} time(s)`);
    const partial = signal?.aborted === true;
    await sink.footer({ finishedAt: new Date().toISOString(), partial, warnings });
    return {
      pages: done,
      failed,
      skipped: skippedCount,
      partial,
      browser: first.b.info,
      browserRestarts: keeper.restarts,
    };
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await fetcher?.f.close().catch(() => undefined);
    await keeper.close();
  }
}

const none = { headers: [], cookies: [] };

/** A page the crawl did not load because the scan was interrupted first. */
function interruptedPage(id: string, url: string): CapturedPage {
  return uncapturedPage(id, url, "skipped", "not visited: the scan was interrupted");
}

/**
 * A visitor's service workers outlive the page that started them, and stay attached to that
 * page's recorder: their traffic during the next page would be credited to the old one, and a
 * worker restarting after its idle stop would wait for a release that never comes. Before each
 * page of a shared session they are detached and attached again, to the new page's recorder,
 * and the page is not loaded before their collectors are on.
 */
async function handOverServiceWorkers(b: LaunchedBrowser, browserContextId: string): Promise<void> {
  const { targetInfos } = await b.conn.send("Target.getTargets").catch(() => ({ targetInfos: [] }));
  const workers = targetInfos.filter(
    (t) => t.type === "service_worker" && t.browserContextId === browserContextId,
  );
  for (const w of workers) await b.recorder.reattach(w.targetId);
}

function siteOfUrl(url: string): string | undefined {
  try {
    return siteOf(new URL(url).hostname);
  } catch {
    return undefined;
  }
}

function isString(x: string | undefined): x is string {
  return typeof x === "string";
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done);
  });
}

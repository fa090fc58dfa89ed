// One crawl while it runs: what it was told, its frontier, browser and rate limiter, and the
// counters every lane shares (pages done and failed, the next page id). Lanes take pages from
// it and hand finished ones back; it writes them to the sink and wakes the lanes that wait.
import { Frontier, type FrontierEntry, OriginRateLimiter } from "../frontier/index.js";
import type { CapturedPage } from "../model/capture.js";
import { BrowserFetcher, type FetchedResource } from "./browser-fetch.js";
import { BrowserKeeper } from "./browser-keeper.js";
import type { CaptureSink } from "./capture-stream.js";
import type { CrawlOptions } from "./crawl-options.js";
import { firstPartyTest, redactAccess, siteOf } from "./first-party-access.js";
import { RobotsCache } from "./site-seeds.js";

export interface CrawlProgress {
  done: number;
  failed: number;
  queued: number;
  inFlight: number;
}

type Log = (level: "info" | "warn" | "debug", message: string) => void;

export class CrawlRun {
  readonly log: Log;
  readonly warnings: string[] = [];
  /** The site's registrable domains (of the start and file URLs) and the extra first parties. */
  readonly firstPartyDomains: string[];
  readonly isFirstParty: (host: string) => boolean;
  readonly limiter: OriginRateLimiter;
  readonly keeper: BrowserKeeper;
  readonly robots: RobotsCache | undefined;
  readonly frontier: Frontier;
  private fetcher: { generation: number; f: BrowserFetcher } | undefined;
  private seq = 0;
  private done = 0;
  private failed = 0;
  private readonly wakers = new Set<() => void>();
  private readonly onAbort = () => {
    this.frontier.close("interrupted");
    this.wake();
  };

  constructor(
    readonly opts: CrawlOptions,
    readonly sink: CaptureSink,
  ) {
    this.log = opts.log ?? (() => undefined);
    this.firstPartyDomains = [
      ...new Set([...opts.startUrls, ...(opts.fileUrls ?? [])].map(siteOfUrl).filter(isString)),
      ...(opts.firstParty ?? []),
    ];
    this.isFirstParty = firstPartyTest(this.firstPartyDomains);
    this.limiter = new OriginRateLimiter({ rate: opts.rate });
    this.keeper = new BrowserKeeper(opts, {
      onLaunch: (b) => opts.onBrowser?.(b),
      log: (l, m) => this.log(l, m),
    });
    this.robots = opts.respectRobots
      ? new RobotsCache((url) => this.fetch(url), this.limiter)
      : undefined;
    const robots = this.robots;
    this.frontier = new Frontier({
      firstPartyDomains: this.isFirstParty,
      maxPages: opts.maxPages,
      maxDepth: opts.maxDepth,
      include: opts.include,
      exclude: opts.exclude,
      ignoredParams: opts.ignoredParams,
      ...(robots ? { robotsAllows: (u: string) => robots.allows(u) } : {}),
    });
    opts.signal?.addEventListener("abort", this.onAbort);
  }

  get signal(): AbortSignal | undefined {
    return this.opts.signal;
  }

  /** The scan is being stopped: no page is started or tried again. */
  get stopping(): boolean {
    return this.opts.signal?.aborted === true;
  }

  warn(message: string): void {
    this.warnings.push(message);
    this.log("warn", message);
  }

  /** Page ids in the order pages are handed out: "p1", "p2", … */
  nextId(): string {
    return `p${++this.seq}`;
  }

  /** Robots and sitemaps go through a utility tab of the current browser. */
  async fetch(url: string): Promise<FetchedResource> {
    const k = await this.keeper.get();
    if (this.fetcher?.generation !== k.generation)
      this.fetcher = { generation: k.generation, f: new BrowserFetcher(k.b) };
    return this.fetcher.f.fetch(url);
  }

  progress(): CrawlProgress {
    const s = this.frontier.stats;
    // Queued beyond --max-pages will never be visited: not counted as work to come.
    const queued = Math.min(s.queued, Math.max(0, this.opts.maxPages - s.handedOut));
    return { done: this.done, failed: this.failed, queued, inFlight: s.inFlight };
  }

  /** The next page to visit, waiting while pages in flight may still add some; undefined: over. */
  async take(): Promise<FrontierEntry | undefined> {
    for (;;) {
      if (this.stopping) return undefined;
      const e = this.frontier.next();
      if (e) return e;
      if (this.frontier.isDone()) return undefined;
      await new Promise<void>((resolve) => {
        const w = () => {
          this.wakers.delete(w);
          resolve();
        };
        this.wakers.add(w);
      });
    }
  }

  wake(): void {
    for (const w of [...this.wakers]) w();
  }

  /** A finished page: to the sink, counted, reported; with its entry, the frontier is told. */
  async record(page: CapturedPage, entry?: FrontierEntry): Promise<void> {
    await this.sink.page(page);
    if (entry) this.frontier.complete(entry.url);
    this.done++;
    if (page.outcome === "failed") this.failed++;
    this.opts.onPage?.(page, this.progress());
    if (entry) this.wake();
  }

  /** The page as it may be written: --header and --cookie values never leave the crawl. */
  redact(page: CapturedPage): CapturedPage {
    return redactAccess(page, this.opts.access);
  }

  /** Closes the utility tab and every browser of the run. */
  async close(): Promise<void> {
    this.opts.signal?.removeEventListener("abort", this.onAbort);
    await this.fetcher?.f.close().catch(() => undefined);
    await this.keeper.close();
  }
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

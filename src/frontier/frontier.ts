// The crawl frontier: which page to visit next, each page once, in the same order on every run.
//
// Order: breadth first. Pages are handed out by depth, then by the order their parent page was
// handed out, then by the link's position on that parent; seeds (start, file, sitemap URLs) in
// the order they were added. The order therefore depends on the site, not on which page of a
// concurrent crawl finished first. With `levelBarrier` (default) a page of depth d+1 is handed
// out only once every page of depth d has completed, since one of those may still link to a
// depth-d+1 page that sorts earlier; that costs a few idle slots per level and buys a crawl that
// visits the same pages in the same order at any concurrency, --max-pages cut-off included.
//
// Which URLs are taken (checked in this order, the first failing check is the skip reason):
// - normalised by normaliseUrl (fragments, default ports, tracking parameters) and deduplicated
//   by pageKey (trailing slash); a repeat is not a skip, it is the same page;
// - links and sitemap entries must be on a first-party domain of the site ("other-site");
// - --exclude / --include globs ("excluded", "not-included") apply to every URL except the start
//   URLs, which the user named and from which a crawl restricted to /news/** must still begin;
// - depth above maxDepth ("over-depth"): start, file and sitemap URLs have depth 0, a link one
//   more than the page it was found on;
// - robots.txt, when a robots test is given ("robots"), for every source;
// - maxPages counts the pages handed out (failed pages included); the rest is "over-max-pages".

import { pathFilter } from "../domain/path-glob.js";
import { earlier, type Order } from "./crawl-order.js";
import { PriorityQueue } from "./priority-queue.js";
import { SkipLog } from "./skip-log.js";
import { DEFAULT_IGNORED_PARAMS, normaliseUrl, pageKey } from "./url-normalise.js";

export type UrlSource = "start" | "file" | "sitemap" | "link";

export type SkipReason =
  | "invalid"
  | "other-site"
  | "excluded"
  | "not-included"
  | "over-depth"
  | "robots"
  | "over-max-pages"
  | "interrupted";

export interface FrontierOptions {
  /** True for a host of the site being crawled (its registrable domains, --first-party). */
  firstPartyDomains: (host: string) => boolean;
  maxPages: number;
  maxDepth: number;
  include?: readonly string[];
  exclude?: readonly string[];
  ignoredParams?: readonly string[];
  /**
   * With --respect-robots: whether robots.txt allows the URL. Asked when a URL is offered, so
   * fetch an origin's robots.txt (robotsFromResponse) before offering that origin's URLs.
   */
  robotsAllows?: (url: string) => boolean;
  /** Strict breadth-first order at any concurrency (see above); default true. */
  levelBarrier?: boolean;
  /** Which skips to keep as records for scan.pages; default: all but other-site or invalid links. */
  recordSkip?: (skip: SkippedUrl) => boolean;
  /** At most this many skip records are kept (counts are always complete); default 10,000. */
  maxSkipRecords?: number;
}

export interface FrontierEntry {
  url: string;
  depth: number;
  source: UrlSource;
  /** The page the link was found on. */
  from?: string;
}

export interface SkippedUrl extends FrontierEntry {
  reason: SkipReason;
}

export interface FrontierStats {
  queued: number;
  inFlight: number;
  handedOut: number;
  completed: number;
  duplicates: number;
  skipped: Record<SkipReason, number>;
  /** Skips counted but not kept as records (maxSkipRecords or recordSkip). */
  skipRecordsDropped: number;
}

/** Accepted: newly queued. Otherwise the reason: a skip, or "duplicate" for a known page. */
export interface AddResult {
  accepted: boolean;
  reason?: SkipReason | "duplicate";
}

interface Queued extends FrontierEntry, Order {
  key: string;
  removed: boolean;
}

const SEED_PARENT = -1;
const UNKNOWN_PARENT = Number.MAX_SAFE_INTEGER;

export class Frontier {
  private readonly opts: Required<Pick<FrontierOptions, "levelBarrier" | "maxSkipRecords">> &
    FrontierOptions;
  private readonly filter: (url: URL) => "excluded" | "not-included" | undefined;
  private readonly ignoredParams: readonly string[];
  private readonly queue = new PriorityQueue<Queued>(earlier);
  private readonly queued = new Map<string, Queued>();
  /** Page key → the order it was handed out (or of the page it is the same as). */
  private readonly seen = new Map<string, number>();
  private readonly inFlight = new Map<string, Queued>();
  private readonly childCount = new Map<number, number>();
  private readonly skips: SkipLog;
  private seedCount = 0;
  private handedOut = 0;
  private completedCount = 0;
  private duplicates = 0;
  private closed: SkipReason | undefined;
  private lastFrom: { url: string; seq: number | undefined } | undefined;

  constructor(opts: FrontierOptions) {
    this.opts = {
      ...opts,
      levelBarrier: opts.levelBarrier ?? true,
      maxSkipRecords: opts.maxSkipRecords ?? 10_000,
    };
    this.filter = pathFilter({ include: opts.include, exclude: opts.exclude });
    this.ignoredParams = opts.ignoredParams ?? DEFAULT_IGNORED_PARAMS;
    this.skips = new SkipLog(this.opts.maxSkipRecords, opts.recordSkip);
  }

  /**
   * Offers a URL found at `depth` (0 for seeds; for a link, its page's depth + 1) on page `from`.
   * Accepted means newly queued; a page already queued, visited or in flight is a "duplicate"
   * (it may move earlier in the queue), anything else is a skip with its reason.
   * Offer a page's links together and in document order: their position is part of the order.
   */
  add(url: string, depth: number, source: UrlSource, from?: string): AddResult {
    const order = this.orderOf(depth, source, from);
    const normal = normaliseUrl(url, { ignoredParams: this.ignoredParams });
    const entry: FrontierEntry = { url: normal ?? url, depth, source, ...(from ? { from } : {}) };
    if (!normal) return this.skip(url, entry, order, "invalid");
    const key = pageKey(normal);
    if (this.seen.has(key)) {
      this.duplicates++;
      return { accepted: false, reason: "duplicate" };
    }
    const existing = this.queued.get(key);
    const reason =
      existing && !earlier(order, existing)
        ? undefined
        : (this.closed ?? this.check(new URL(normal), depth, source));
    if (existing && (reason || !earlier(order, existing))) {
      this.duplicates++;
      return { accepted: false, reason: "duplicate" };
    }
    if (reason) return this.skip(key, entry, order, reason);
    // A URL skipped before (too deep, say) and now acceptable is a page after all.
    this.skips.remove(key);
    const item: Queued = { ...entry, ...order, key, removed: false };
    this.queued.set(key, item);
    this.queue.push(item);
    if (existing) {
      // Found again by an earlier page or nearer the start: it moves up, spelled as found there.
      existing.removed = true;
      this.duplicates++;
      return { accepted: false, reason: "duplicate" };
    }
    return { accepted: true };
  }

  /** The next page to visit; undefined when none is ready (see isDone and levelBarrier). */
  next(): FrontierEntry | undefined {
    if (this.closed) return undefined;
    for (let top = this.queue.peek(); top; top = this.queue.peek()) {
      if (top.removed) {
        this.queue.pop();
        continue;
      }
      if (this.handedOut >= this.opts.maxPages) {
        this.close("over-max-pages");
        return undefined;
      }
      if (this.opts.levelBarrier && [...this.inFlight.values()].some((p) => p.depth < top.depth)) {
        return undefined;
      }
      this.queue.pop();
      this.queued.delete(top.key);
      this.lastFrom = undefined;
      this.seen.set(top.key, this.handedOut);
      this.handedOut++;
      this.inFlight.set(top.key, top);
      return entryOf(top);
    }
    return undefined;
  }

  /** The page handed out as `url` is finished (loaded, failed or abandoned). */
  complete(url: string): void {
    const key = this.keyOf(url);
    if (key && this.inFlight.delete(key)) this.completedCount++;
  }

  /**
   * Gives a page handed out back, unvisited (the browser died under it before it could load):
   * it is handed out again, first among its depth, and does not count against maxPages twice.
   */
  release(url: string): void {
    const key = this.keyOf(url);
    const item = key ? this.inFlight.get(key) : undefined;
    if (!key || !item) return;
    this.inFlight.delete(key);
    this.seen.delete(key);
    this.handedOut--;
    this.lastFrom = undefined;
    if (this.closed) {
      this.skip(key, entryOf(item), item, this.closed);
      return;
    }
    const again: Queued = { ...item, removed: false };
    this.queued.set(key, again);
    this.queue.push(again);
  }

  /**
   * Another URL is the same page as `sameAs` (typically the final URL after a redirect): it will
   * not be visited, and links found on it are ordered as links of `sameAs`.
   */
  markVisited(url: string, sameAs?: string): void {
    const key = this.keyOf(url);
    if (!key || this.seen.has(key)) return;
    const seq = sameAs ? this.seen.get(this.keyOf(sameAs) ?? "") : undefined;
    this.seen.set(key, seq ?? UNKNOWN_PARENT);
    this.lastFrom = undefined;
    const q = this.queued.get(key);
    if (q) {
      q.removed = true;
      this.queued.delete(key);
    }
    this.skips.remove(key);
  }

  /** Stops handing out pages (Ctrl-C): every queued URL becomes a skip with this reason. */
  close(reason: SkipReason = "interrupted"): void {
    if (this.closed) return;
    this.closed = reason;
    for (const q of this.queue.drain()) {
      if (!q.removed) this.skip(q.key, entryOf(q), q, reason);
    }
    this.queued.clear();
  }

  /** Nothing queued and nothing in flight: the crawl is over. */
  isDone(): boolean {
    return this.inFlight.size === 0 && (this.closed !== undefined || this.queued.size === 0);
  }

  /** Skipped URLs in crawl order (depth, then where they were found), for scan.pages. */
  skipped(): SkippedUrl[] {
    return this.skips.records();
  }

  get stats(): FrontierStats {
    return {
      queued: this.queued.size,
      inFlight: this.inFlight.size,
      handedOut: this.handedOut,
      completed: this.completedCount,
      duplicates: this.duplicates,
      skipped: this.skips.counts(),
      skipRecordsDropped: this.skips.dropped,
    };
  }

  private check(url: URL, depth: number, source: UrlSource): SkipReason | undefined {
    if ((source === "link" || source === "sitemap") && !this.opts.firstPartyDomains(url.hostname)) {
      return "other-site";
    }
    if (source !== "start") {
      const filtered = this.filter(url);
      if (filtered) return filtered;
    }
    if (depth > this.opts.maxDepth) return "over-depth";
    if (this.opts.robotsAllows && !this.opts.robotsAllows(url.href)) return "robots";
    if (this.handedOut >= this.opts.maxPages) return "over-max-pages";
    return undefined;
  }

  private skip(key: string, entry: FrontierEntry, order: Order, reason: SkipReason): AddResult {
    this.skips.add(key, { ...entry, reason }, order);
    return { accepted: false, reason };
  }

  /** The order of an offered URL; a link's index counts every link offered by its page. */
  private orderOf(depth: number, source: UrlSource, from: string | undefined): Order {
    let parentSeq: number | undefined;
    if (source === "link" && from) {
      if (this.lastFrom?.url !== from) {
        this.lastFrom = { url: from, seq: this.seen.get(this.keyOf(from) ?? "") };
      }
      parentSeq = this.lastFrom.seq;
    }
    if (parentSeq === undefined || parentSeq === UNKNOWN_PARENT) {
      const seed = source === "link" ? UNKNOWN_PARENT : SEED_PARENT;
      return { depth, parentSeq: seed, index: this.seedCount++ };
    }
    const index = this.childCount.get(parentSeq) ?? 0;
    this.childCount.set(parentSeq, index + 1);
    return { depth, parentSeq, index };
  }

  private keyOf(url: string): string | undefined {
    const normal = normaliseUrl(url, { ignoredParams: this.ignoredParams });
    return normal ? pageKey(normal) : undefined;
  }
}

function entryOf(e: FrontierEntry): FrontierEntry {
  const { url, depth, source, from } = e;
  return from ? { url, depth, source, from } : { url, depth, source };
}

// Politeness toward the publisher's servers: --rate pages/second per origin, 429 and Retry-After.
// Pure timing with an injectable clock; the crawler sleeps for the delays it is handed.

export interface RateLimiterOptions {
  /** Page starts per second per origin; 0 or undefined means no limit. */
  rate?: number;
  /** Milliseconds since an epoch; Date.now by default. */
  now?: () => number;
  /** Longest pause one answer may impose, so "Retry-After: 86400" cannot stall a crawl. */
  maxBackoffMs?: number;
  /** First pause after a 429 without Retry-After; doubled for each 429 in a row. */
  baseBackoffMs?: number;
}

export class OriginRateLimiter {
  private readonly interval: number;
  private readonly now: () => number;
  private readonly maxBackoffMs: number;
  private readonly baseBackoffMs: number;
  private readonly nextSlot = new Map<string, number>();
  private readonly minInterval = new Map<string, number>();
  private readonly strikes = new Map<string, number>();

  constructor(opts: RateLimiterOptions = {}) {
    if (opts.rate !== undefined && !(opts.rate >= 0)) throw new RangeError("rate must be >= 0");
    this.interval = opts.rate ? 1000 / opts.rate : 0;
    this.now = opts.now ?? Date.now;
    this.maxBackoffMs = opts.maxBackoffMs ?? 60_000;
    this.baseBackoffMs = opts.baseBackoffMs ?? 2_000;
  }

  /**
   * Asks to start a page of the origin now. 0: go — the start is recorded and the next one of the
   * origin may come 1/rate seconds later. Otherwise: ms to wait before asking again (nothing is
   * recorded). Slots are taken when a page really starts, not booked ahead, so a caller that wakes
   * late never lets the next start come early, and concurrent lanes are spaced by real starts.
   */
  claim(url: string): number {
    const origin = originOf(url);
    const now = this.now();
    const slot = this.nextSlot.get(origin) ?? now;
    if (slot > now) return slot - now;
    const gap = Math.max(this.interval, this.minInterval.get(origin) ?? 0);
    this.nextSlot.set(origin, now + gap);
    return 0;
  }

  /** A robots.txt Crawl-delay (seconds) or similar: a floor on the origin's spacing. */
  setMinInterval(url: string, ms: number): void {
    if (ms > 0) this.minInterval.set(originOf(url), Math.min(ms, this.maxBackoffMs));
  }

  /**
   * The origin answered 429 or 503: no new page there before the pause has passed. The pause is
   * the Retry-After delay when given, else an exponential backoff; capped at maxBackoffMs.
   * Returns the pause applied, in ms.
   */
  backoff(url: string, retryAfterMs?: number): number {
    const origin = originOf(url);
    const strikes = (this.strikes.get(origin) ?? 0) + 1;
    this.strikes.set(origin, strikes);
    const wanted = retryAfterMs ?? this.baseBackoffMs * 2 ** (strikes - 1);
    const pause = Math.min(Math.max(0, wanted), this.maxBackoffMs);
    const until = this.now() + pause;
    this.nextSlot.set(origin, Math.max(this.nextSlot.get(origin) ?? 0, until));
    return pause;
  }

  /** A page of the origin loaded normally: the next 429 starts the backoff from the beginning. */
  succeeded(url: string): void {
    this.strikes.delete(originOf(url));
  }
}

/**
 * Retry-After as a delay in ms from `now`: delta-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"); a date in the past is 0. Undefined when absent or invalid.
 */
export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return undefined; // negative or fractional: not the grammar
  if (!/[a-z]/i.test(text)) return undefined; // Date.parse would take "2026" or "1/2/3"
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

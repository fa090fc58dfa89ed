// A token bucket per client: `perMinute` reports, with bursts up to the same number. Clients are
// kept in memory only (their addresses are never stored) and forgotten once their bucket is full.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` tokens for the client; false when it has not got them (answer 429). */
  take(client: string, cost = 1): boolean {
    const t = this.now();
    const b = this.buckets.get(client) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + ((t - b.at) / 60_000) * this.perMinute);
    b.at = t;
    if (this.buckets.size > 10_000) this.sweep();
    this.buckets.set(client, b);
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }

  private sweep(): void {
    for (const [k, b] of this.buckets) if (b.tokens >= this.perMinute) this.buckets.delete(k);
  }
}

// Politeness timing: per-origin spacing, 429 backoff, Retry-After forms, with a hand-driven clock.
import { describe, expect, it } from "vitest";
import { OriginRateLimiter, parseRetryAfter } from "../../src/frontier/rate.js";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const A = "https://www.dailybugle.example/a";
const A2 = "https://www.dailybugle.example/b?x=1";
const B = "https://shop.dailybugle.example/a";

describe("OriginRateLimiter", () => {
  it("spaces page starts per origin at 1/rate seconds, concurrent callers included", () => {
    const c = clock();
    const limiter = new OriginRateLimiter({ rate: 2, now: c.now });
    // Three lanes ask at once: one starts, the others are told to come back in 500 ms.
    expect([limiter.claim(A), limiter.claim(A2), limiter.claim(A)]).toEqual([0, 500, 500]);
    expect(limiter.claim(B)).toBe(0); // another origin has its own budget
    c.advance(500);
    expect([limiter.claim(A2), limiter.claim(A)]).toEqual([0, 500]);
    // A lane that wakes late starts late, and the next start is spaced from that real start.
    c.advance(700);
    expect(limiter.claim(A)).toBe(0);
    expect(limiter.claim(A)).toBe(500);
    c.advance(300);
    expect(limiter.claim(A)).toBe(200);
    c.advance(10_000);
    expect(limiter.claim(A)).toBe(0); // idle time is not banked into bursts
    expect(limiter.claim(A)).toBe(500);
  });

  it("does not limit without a rate", () => {
    const limiter = new OriginRateLimiter({ now: clock().now });
    expect([limiter.claim(A), limiter.claim(A), limiter.claim(A)]).toEqual([0, 0, 0]);
  });

  it("rejects a negative or NaN rate", () => {
    expect(() => new OriginRateLimiter({ rate: -1 })).toThrow(RangeError);
    expect(() => new OriginRateLimiter({ rate: Number.NaN })).toThrow(RangeError);
  });

  it("honours Retry-After for the origin only, then resumes the normal spacing", () => {
    const c = clock();
    const limiter = new OriginRateLimiter({ rate: 1, now: c.now });
    expect(limiter.claim(A)).toBe(0);
    expect(limiter.backoff(A, 30_000)).toBe(30_000);
    expect(limiter.claim(A2)).toBe(30_000);
    c.advance(30_000);
    expect(limiter.claim(A2)).toBe(0);
    expect(limiter.claim(A)).toBe(1_000);
    expect(limiter.claim(B)).toBe(0);
  });

  it("backs off exponentially on repeated 429s without Retry-After, capped, reset by a success", () => {
    const c = clock();
    const limiter = new OriginRateLimiter({ now: c.now, baseBackoffMs: 1000, maxBackoffMs: 5000 });
    expect([
      limiter.backoff(A),
      limiter.backoff(A),
      limiter.backoff(A),
      limiter.backoff(A),
    ]).toEqual([1000, 2000, 4000, 5000]);
    limiter.succeeded(A);
    expect(limiter.backoff(A)).toBe(1000);
  });

  it("caps an absurd Retry-After", () => {
    const limiter = new OriginRateLimiter({ now: clock().now, maxBackoffMs: 60_000 });
    expect(limiter.backoff(A, 86_400_000)).toBe(60_000);
    expect(limiter.claim(A)).toBe(60_000);
  });

  it("applies a Crawl-delay as a floor on the spacing", () => {
    const limiter = new OriginRateLimiter({ rate: 10, now: clock().now });
    limiter.setMinInterval(A, 2000);
    expect([limiter.claim(A), limiter.claim(A)]).toEqual([0, 2000]);
    expect([limiter.claim(B), limiter.claim(B)]).toEqual([0, 100]);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-29T10:00:00Z");
  it.each([
    ["120", 120_000],
    ["0", 0],
    ["  5 ", 5_000],
    ["Sun, 29 Nov 2026 10:01:30 GMT", 90_000],
    ["Sunday, 29-Nov-26 10:00:10 GMT", 10_000], // RFC 850, obsolete but allowed
    ["Sun Nov 29 10:00:20 2026", 20_000], // asctime
    ["Sun, 29 Nov 2026 09:00:00 GMT", 0], // in the past
  ])("%j → %s ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([[undefined], [null], [""], ["-5"], ["1.5"], ["soon"], ["2026-11-29"], ["1/2/3"]])(
    "%j → undefined",
    (value) => {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    },
  );
});

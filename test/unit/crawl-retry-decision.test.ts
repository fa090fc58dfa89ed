// The crawl's decision after each attempt at a page, for every kind of outcome it meets, and the
// failure kind of an error thrown while capturing.
import { describe, expect, it } from "vitest";
import { CdpError } from "../../src/capture/cdp-connection.js";
import { failureOfError } from "../../src/crawl/failure-of-error.js";
import {
  type AttemptFacts,
  decideAfterAttempt,
  MAX_ATTEMPTS,
} from "../../src/crawl/retry-decision.js";
import type { FailureKind } from "../../src/model/capture.js";

const first: AttemptFacts = {
  attempt: 0,
  stopping: false,
  browserGone: false,
  retryAfterGiven: false,
};
const last: AttemptFacts = { ...first, attempt: MAX_ATTEMPTS - 1 };

describe("decideAfterAttempt", () => {
  it("keeps a page that loaded, whatever its status", () => {
    expect(decideAfterAttempt(first)).toEqual({ action: "keep" });
    expect(decideAfterAttempt({ ...first, status: 200 })).toEqual({ action: "keep" });
    expect(decideAfterAttempt({ ...first, status: 404 })).toEqual({ action: "keep" });
    expect(decideAfterAttempt({ ...first, status: 500 })).toEqual({ action: "keep" });
  });

  it("tries a page once more after a load failure, then keeps the failure", () => {
    expect(decideAfterAttempt({ ...first, failure: "load" })).toEqual({ action: "retry" });
    expect(decideAfterAttempt({ ...last, failure: "load" })).toEqual({ action: "keep" });
  });

  it("does not retry a timeout or our own capture error: another attempt would not differ", () => {
    for (const failure of ["timeout", "capture", "protocol", "interrupted"] as FailureKind[]) {
      expect(decideAfterAttempt({ ...first, failure })).toEqual({ action: "keep" });
    }
  });

  it("a 429 is retried once after the origin's backoff, with Retry-After when readable", () => {
    expect(decideAfterAttempt({ ...first, status: 429 })).toEqual({
      action: "retry",
      backoff: {},
    });
    expect(
      decideAfterAttempt({ ...first, status: 429, retryAfterGiven: true, retryAfterMs: 3000 }),
    ).toEqual({ action: "retry", backoff: { retryAfterMs: 3000 } });
    // Given but unreadable: the exponential backoff.
    expect(decideAfterAttempt({ ...first, status: 429, retryAfterGiven: true })).toEqual({
      action: "retry",
      backoff: {},
    });
    expect(decideAfterAttempt({ ...last, status: 429 })).toEqual({ action: "keep" });
  });

  it("a 503 is retried only when the server said when to come back", () => {
    expect(decideAfterAttempt({ ...first, status: 503 })).toEqual({ action: "keep" });
    expect(
      decideAfterAttempt({ ...first, status: 503, retryAfterGiven: true, retryAfterMs: 0 }),
    ).toEqual({ action: "retry", backoff: { retryAfterMs: 0 } });
  });

  it("a 429 whose load also failed still waits for the backoff", () => {
    expect(decideAfterAttempt({ ...first, status: 429, failure: "load" })).toEqual({
      action: "retry",
      backoff: {},
    });
  });

  it("relaunches a browser that died under the first attempt, gives up after the second", () => {
    expect(decideAfterAttempt({ ...first, browserGone: true })).toEqual({ action: "relaunch" });
    expect(decideAfterAttempt({ ...first, browserGone: true, failure: "capture" })).toEqual({
      action: "relaunch",
    });
    expect(decideAfterAttempt({ ...last, browserGone: true })).toEqual({
      action: "give-up",
      failure: "browser-gone",
    });
  });

  it("a bot wall is given up at once as blocked, unless the wall page was a 429 to wait out", () => {
    expect(decideAfterAttempt({ ...first, status: 403, botWall: "Cloudflare challenge" })).toEqual({
      action: "give-up",
      failure: "blocked",
    });
    expect(decideAfterAttempt({ ...first, status: 429, botWall: "rate limited" })).toEqual({
      action: "retry",
      backoff: {},
    });
    expect(decideAfterAttempt({ ...last, status: 429, botWall: "rate limited" })).toEqual({
      action: "give-up",
      failure: "blocked",
    });
  });

  it("a failed or interrupted page is not judged as a bot wall", () => {
    expect(decideAfterAttempt({ ...last, failure: "load", botWall: "x" })).toEqual({
      action: "keep",
    });
    expect(decideAfterAttempt({ ...first, failure: "interrupted", botWall: "x" })).toEqual({
      action: "keep",
    });
  });

  it("while the scan stops, nothing is tried again", () => {
    const stopping = { ...first, stopping: true };
    expect(decideAfterAttempt({ ...stopping, failure: "load" })).toEqual({ action: "keep" });
    expect(decideAfterAttempt({ ...stopping, status: 429 })).toEqual({ action: "keep" });
    expect(decideAfterAttempt({ ...stopping, browserGone: true })).toEqual({
      action: "give-up",
      failure: "browser-gone",
    });
    // A page that finished before the stop is still judged.
    expect(decideAfterAttempt({ ...stopping, status: 403, botWall: "WAF" })).toEqual({
      action: "give-up",
      failure: "blocked",
    });
  });
});

describe("failureOfError", () => {
  it("an error of the browser's protocol is 'protocol', anything else our own 'capture'", () => {
    expect(failureOfError(new CdpError("Target.createTarget", "connection closed"))).toBe(
      "protocol",
    );
    expect(failureOfError(new TypeError("cannot read properties of undefined"))).toBe("capture");
    expect(failureOfError("a string thrown")).toBe("capture");
  });
});

// What the crawl does after one attempt at a page: keep it, try again (after the origin's
// backoff for a 429), relaunch the browser that died under it, or give up and mark it failed.
// Pure: the crawl gathers the facts of the attempt, this decides, the crawl acts.
import type { FailureKind } from "../model/capture.js";

export interface AttemptFacts {
  /** 0 for the first attempt at the page. */
  attempt: number;
  /** The scan is being stopped (Ctrl-C): no attempt is started again. */
  stopping: boolean;
  /** The browser died while the page was captured. */
  browserGone: boolean;
  /** The captured page's failure kind; undefined for a page that loaded. */
  failure?: FailureKind;
  /** HTTP status of the top document. */
  status?: number;
  /** Whether the document's response carried a Retry-After header (any value). */
  retryAfterGiven: boolean;
  /** Retry-After as a delay in ms, when it could be read (parseRetryAfter). */
  retryAfterMs?: number;
  /** What a bot wall or WAF block on the page looks like ("Cloudflare challenge"), if it is one. */
  botWall?: string;
}

export type AttemptDecision =
  /** The page stands as captured (loaded, or failed in a way another attempt would not change). */
  | { action: "keep" }
  /** Try the page again; with `backoff`, the origin pauses first (Retry-After, else exponential). */
  | { action: "retry"; backoff?: { retryAfterMs?: number } }
  /** The browser died under the page: launch a new one and try the page there. */
  | { action: "relaunch" }
  /** No more attempts: the page is failed with this kind. */
  | { action: "give-up"; failure: FailureKind };

/** Attempts per page: the first and one retry. */
export const MAX_ATTEMPTS = 2;

/** Failures another attempt may cure: a navigation error, a crashed renderer, a refused load. */
const RETRYABLE: ReadonlySet<FailureKind> = new Set<FailureKind>(["load"]);

export function decideAfterAttempt(f: AttemptFacts): AttemptDecision {
  const again = !f.stopping && f.attempt + 1 < MAX_ATTEMPTS;
  if (f.browserGone) return again ? { action: "relaunch" } : giveUp("browser-gone");
  if (again && busy(f))
    return {
      action: "retry",
      backoff: f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {},
    };
  if (again && f.failure && RETRYABLE.has(f.failure)) return { action: "retry" };
  if (!f.failure && f.botWall) return giveUp("blocked");
  return { action: "keep" };
}

/** "Too many requests", or "unavailable, come back later" said with a Retry-After. */
function busy(f: AttemptFacts): boolean {
  return f.status === 429 || (f.status === 503 && f.retryAfterGiven);
}

function giveUp(failure: FailureKind): AttemptDecision {
  return { action: "give-up", failure };
}

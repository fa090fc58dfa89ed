// Which failures of a site are worth another try later (pure): the browser died or would not
// start ("no-browser": an overloaded machine), the page timed out, the network or the protocol failed. A page blocked (by the site or a
// policy) or a capture bug will fail the same way again.
import type { FailureKind } from "../model/capture.js";

const TRANSIENT_KINDS: ReadonlySet<FailureKind> = new Set([
  "load",
  "timeout",
  "browser-gone",
  "protocol",
]);

/** Reasons as the report words them, for captures without failure kinds (older engines). */
const TRANSIENT_REASON =
  /timed? ?out|no response within|browser did not start|browser (?:crashed|closed|disconnected)|net::ERR_(?:CONNECTION|TIMED_OUT|NETWORK|INTERNET|ADDRESS_UNREACHABLE|NAME_NOT_RESOLVED|EMPTY_RESPONSE|HTTP2)/i;

export function transientFailure(
  reasons: readonly string[],
  kinds: readonly (FailureKind | undefined)[],
): boolean {
  if (kinds.some((k) => k !== undefined && TRANSIENT_KINDS.has(k))) return true;
  if (kinds.some((k) => k !== undefined)) return false;
  return reasons.some((r) => TRANSIENT_REASON.test(r));
}

// The failure kind of an error thrown while a page was captured: our own code or the browser's
// protocol, never the site (a site's failures are answers, not exceptions).
import { CdpError } from "../capture/cdp-connection.js";
import type { FailureKind } from "../model/capture.js";

export function failureOfError(err: unknown): FailureKind {
  // A CDP command that failed or went unanswered: the browser, not our recording, let us down.
  if (err instanceof CdpError) return "protocol";
  return "capture";
}

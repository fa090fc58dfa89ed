// How long a CDP command may go unanswered, by class of command: navigation, body and resource
// fetches and page evaluations may take as long as a slow page; everything else is answered at
// once by a browser that is well. A missed deadline makes the connection ask the browser itself
// (Browser.getVersion, probeMs): no answer there means the browser stopped answering.
import type { CdpMethod } from "./cdp-connection.js";

export interface CdpDeadlines {
  /** Most commands (enable a domain, create a context, read the jar). */
  shortMs: number;
  /** The commands of LONG_COMMANDS. */
  longMs: number;
  /** The health probe after a missed deadline. */
  probeMs: number;
}

/** Commands whose answer waits on the network or on page scripts. */
export const LONG_COMMANDS: ReadonlySet<CdpMethod> = new Set<CdpMethod>([
  "Page.navigate",
  "Page.reload",
  "Network.getResponseBody",
  "Network.getRequestPostData",
  "Network.loadNetworkResource",
  "Fetch.getResponseBody",
  "IO.read",
  "Runtime.evaluate",
  "Runtime.callFunctionOn",
  "Runtime.awaitPromise",
]);

export const DEFAULT_DEADLINES: CdpDeadlines = { shortMs: 15_000, longMs: 60_000, probeMs: 10_000 };

/** Deadlines for a scan whose pages may take pageTimeoutMs: long commands get that and more. */
export function deadlinesForPage(pageTimeoutMs: number): CdpDeadlines {
  const longMs = Math.max(30_000, Math.round(pageTimeoutMs) + 10_000);
  return { ...DEFAULT_DEADLINES, longMs };
}

export function deadlineFor(method: string, d: CdpDeadlines): number {
  return LONG_COMMANDS.has(method as CdpMethod) ? d.longMs : d.shortMs;
}

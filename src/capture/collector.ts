// The one small interface every collector follows: attach to the CDP session of one target of a
// page, record plain data. The page recorder calls attach() before the target is let run.
import type { CapturedTarget } from "../model/capture.js";
import type { CdpSession } from "./cdp-connection.js";

/** What collectors may ask of the page they record. */
export interface PageClock {
  /** ms since the page started. */
  ms(): number;
  /** The page's current top-level URL (for third-party-context judgements). */
  topUrl(): string;
}

export interface Collector {
  /** Registers listeners synchronously, then resolves once its enabling commands are answered. */
  attach(session: CdpSession, target: CapturedTarget): Promise<void>;
}

/** Waits for commands already sent; a domain a target lacks (Page on a worker) is skipped. */
export async function sendAll(...sent: Array<Promise<unknown>>): Promise<void> {
  await Promise.allSettled(sent);
}

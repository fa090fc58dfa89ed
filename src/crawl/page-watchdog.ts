// The last deadline of a page: whatever a capture waits on (a CDP command has its own deadline, but
// a page in a dialog loop or a wedged renderer can still leave a step waiting on an event), the
// crawl gets the page back. When the limit passes, the browser is ended — every command in flight
// then fails and the capture returns — and if the capture still does not return soon after, the
// page is given up as failed. A page never holds its lane, or the crawl's exit, for ever.
import type { KeptBrowser } from "./browser-keeper.js";

/** How long one capture may take at most: load timeout, dwell, unload and closing, with margin. */
export function pageHardLimitMs(timeoutMs: number, dwellMs: number): number {
  return timeoutMs + dwellMs + 30_000;
}

/** After ending the browser, how long the capture gets to return on its own. */
export const AFTER_KILL_MS = 5_000;

export type Watched<T> = { done: true; value: T } | { done: false; reason: string };

export async function watchPage<T>(
  capture: Promise<T>,
  kept: KeptBrowser,
  limitMs: number,
  onExpired: (reason: string) => void,
): Promise<Watched<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), limitMs);
    timer.unref?.();
  });
  const first = await Promise.race([capture.then((value) => ({ value })), expired]);
  clearTimeout(timer);
  if (first !== "expired") return { done: true, value: first.value };
  const reason = `the page's capture did not end within ${limitMs} ms; the browser was ended`;
  onExpired(reason);
  void kept.b.close().catch(() => undefined);
  const late = await Promise.race([
    capture.then((value) => ({ value })),
    new Promise<"late">((resolve) => setTimeout(() => resolve("late"), AFTER_KILL_MS).unref?.()),
  ]);
  // Returned once the browser was gone: its page is failed anyway, with this reason.
  if (late !== "late") return { done: false, reason };
  capture.catch(() => undefined);
  return { done: false, reason };
}

// The steps of one page's life, each bounded by the page's deadline: navigate, settle (load,
// quiet, scroll, dwell), unload. Kept apart from capturePage so a crawl pool can reuse them.
import type { CdpSession } from "../capture/cdp-connection.js";
import type { PageRecorder, WaitResult } from "../capture/page-recorder.js";

/** No request in flight in any target for this long counts as quiet. */
export const QUIET_MS = 500;

export interface SettleOptions {
  dwellMs: number;
  signal?: AbortSignal;
}

/**
 * Leaves the page for about:blank from inside it: a renderer-initiated navigation stays in the
 * same process, so the beacons that pagehide handlers send are still reported on this session
 * (after a browser-initiated one the old document unloads in a process we no longer hear from).
 */
export function unload(top: CdpSession): Promise<void> {
  const left = new Promise<void>((resolve) => {
    top.on("Page.frameNavigated", (p) => {
      if (!p.frame?.parentId && p.frame?.url === "about:blank") resolve();
    });
  });
  const expression = 'location.href = "about:blank"\n//# sourceURL=skimscan-unload';
  void top.send("Runtime.evaluate", { expression }).catch(() => undefined);
  return left;
}

export type NavResult =
  | { kind: "ok"; loaderId?: string }
  | { kind: "error"; reason: string }
  | { kind: "wait"; result: WaitResult };

/** Page.navigate answers once the document commits or fails; a hanging server never answers. */
export async function raceNavigate(
  top: CdpSession,
  url: string,
  rec: PageRecorder,
  deadline: number,
  signal?: AbortSignal,
): Promise<NavResult> {
  const nav = top.send("Page.navigate", { url }).then(
    (r) =>
      r.errorText
        ? { kind: "error" as const, reason: String(r.errorText) }
        : { kind: "ok" as const, loaderId: r.loaderId },
    (e: Error) => ({ kind: "error" as const, reason: e.message }),
  );
  const stop = new AbortController();
  const other = rec
    .sleep(Number.POSITIVE_INFINITY, deadline, anySignal(signal, stop.signal))
    .then((result) => ({ kind: "wait" as const, result }));
  const r = await Promise.race([nav, other]);
  stop.abort();
  return r;
}

/** Load, quiet, scroll to wake lazy tags, dwell, quiet again: all within the page's deadline. */
export async function settle(
  top: CdpSession,
  rec: PageRecorder,
  deadline: number,
  opts: SettleOptions,
): Promise<WaitResult> {
  const steps: Array<() => Promise<WaitResult>> = [
    () => rec.waitLoad(deadline, opts.signal),
    () => rec.waitQuiet(QUIET_MS, deadline, opts.signal),
    async () => {
      await top
        .send("Runtime.evaluate", {
          expression:
            "window.scrollTo(0, document.documentElement.scrollHeight)\n//# sourceURL=skimscan-scroll",
          timeout: 1000,
        })
        .catch(() => undefined);
      return "quiet";
    },
    () => rec.sleep(opts.dwellMs, deadline, opts.signal),
    () => rec.waitQuiet(QUIET_MS, deadline, opts.signal),
  ];
  for (const step of steps) {
    const r = await step();
    if (r !== "quiet") return r;
  }
  return "quiet";
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}

export async function withDeadline<T>(p: Promise<T>, until: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, until - Date.now()));
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

// Crawl progress on stderr: a cli-progress bar on a TTY (never with --quiet, never in CI) showing
// pages done / known, failures, rogue parties so far, rate and ETA; elsewhere one log line per page.
import { SingleBar } from "cli-progress";
import { judgeRequests } from "../analyze/judge-requests.js";
import type { Allowlist } from "../config/allowlist.js";
import type { Capture, CapturedPage } from "../model/capture.js";
import type { Logger, Streams } from "./output.js";

export interface CrawlCounters {
  done: number;
  failed: number;
  queued: number;
  inFlight: number;
}

export interface Progress {
  page(page: CapturedPage, c: CrawlCounters): void;
  /** Log lines while the bar is drawn would tear it: route them here. */
  log: Logger;
  stop(): void;
}

/** Whether a bar may be drawn: a terminal, not --quiet, not in CI. */
export function wantBar(streams: Streams, quiet: boolean): boolean {
  const ci = streams.env.CI;
  return (
    streams.stderr.isTTY === true && !quiet && (ci === undefined || ci === "" || ci === "false")
  );
}

/**
 * Counts the third parties judged rogue (with an allowlist) or unlisted (without one) as pages
 * complete: the same judgement the report makes, on one page at a time, so it stays cheap.
 */
export class RogueCounter {
  private readonly parties = new Set<string>();

  constructor(
    private readonly startedAt: string,
    private readonly allowlist: Allowlist | undefined,
    private readonly firstParty: readonly string[],
  ) {}

  add(page: CapturedPage): number {
    const one = { startedAt: this.startedAt, pages: [page] } as unknown as Capture;
    const judged = judgeRequests(one, { allowlist: this.allowlist, firstParty: this.firstParty });
    const bad = this.allowlist ? "rogue" : "unlisted";
    for (const r of judged.requests) if (r.verdict === bad) this.parties.add(r.party);
    return this.parties.size;
  }

  get label(): string {
    return this.allowlist ? "rogue" : "unlisted";
  }
}

export function startProgress(
  streams: Streams,
  log: Logger,
  opts: { quiet: boolean; rogue: RogueCounter },
): Progress {
  if (!wantBar(streams, opts.quiet)) {
    return {
      page: (page, c) => {
        opts.rogue.add(page);
        const how =
          page.outcome === "ok" ? (page.timedOut ? "ok (timed out)" : "ok") : page.outcome;
        const why = page.outcome !== "ok" && page.reason ? ` (${page.reason})` : "";
        log(
          "info",
          `${how}: ${page.url}${why} — ${page.requests.length} requests [${c.done} done, ${c.queued + c.inFlight} to go]`,
        );
      },
      log,
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    stream: streams.stderr as NodeJS.WriteStream,
    format: `crawling [{bar}] {value}/{total} pages | {failed} failed | {rogue} {label} | {rate}/min | ETA {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
    fps: 5,
  });
  const started = Date.now();
  bar.start(1, 0, { failed: 0, rogue: 0, label: opts.rogue.label, rate: "0" });
  return {
    page: (page, c) => {
      const rogue = opts.rogue.add(page);
      const minutes = (Date.now() - started) / 60_000;
      bar.setTotal(Math.max(1, c.done + c.queued + c.inFlight));
      bar.update(c.done, {
        failed: c.failed,
        rogue,
        rate: minutes > 0 ? (c.done / minutes).toFixed(1) : "0",
      });
    },
    log: (level, message) => {
      if (level === "info" || level === "debug") return;
      // Warnings still reach the user, above the bar.
      streams.stderr.write("\r\x1b[K");
      log(level, message);
    },
    stop: () => bar.stop(),
  };
}

// The browser layer's entry point: one Chromium for the run, each URL captured in turn, the whole
// result as a Capture. Throws only when no browser can be used; bad pages are recorded as failed.
import {
  CAPTURE_VERSION,
  type Capture,
  type CapturedPage,
  uncapturedPage,
} from "../model/capture.js";
import { TOOL } from "../package-info.js";
import { capturePage } from "./capture-page.js";
import type { FillFormsOptions } from "./fill-forms.js";
import { launchBrowser } from "./launch-browser.js";

export interface CaptureRunOptions {
  urls: string[];
  chromePath?: string;
  blockThirdPartyCookies: boolean;
  timeoutMs: number;
  dwellMs: number;
  hostRules?: string;
  insecure: boolean;
  maxBodyBytes: number;
  /** Abort → stop taking pages, end the current wait now, `partial: true`. */
  signal?: AbortSignal;
  /** To stderr, by the CLI. */
  log?: (level: "info" | "warn" | "debug", message: string) => void;
  /** --identity: typed into each page's forms (src/crawl/fill-forms.ts). */
  fillForms?: FillFormsOptions;
  /** Off: no behaviour hooks (to measure their cost or prove they change nothing). */
  behaviourHooks?: boolean;
  /** Progress: called as each page is done. */
  onPage?: (page: CapturedPage) => void;
}

export async function capturePages(opts: CaptureRunOptions): Promise<Capture> {
  const log = opts.log ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const b = await launchBrowser(opts);
  log("info", `browser: ${b.info.version} (${b.info.executablePath})`);
  const pages: CapturedPage[] = [];
  const warnings: string[] = [];
  let partial = false;
  try {
    for (const [i, url] of opts.urls.entries()) {
      const id = `p${i + 1}`;
      if (opts.signal?.aborted || b.conn.isClosed) {
        partial ||= !!opts.signal?.aborted;
        const reason = opts.signal?.aborted
          ? "interrupted before it started"
          : "the browser went away";
        const now = new Date().toISOString();
        pages.push(
          uncapturedPage(
            id,
            url,
            b.conn.isClosed && !opts.signal?.aborted ? "failed" : "skipped",
            reason,
            now,
          ),
        );
        continue;
      }
      log("info", `capturing ${url}`);
      const page = await capturePage(b, id, url, { ...opts, warn: (m) => warnings.push(m) });
      if (opts.signal?.aborted) partial = true;
      if (page.outcome === "failed") log("warn", `${url}: ${page.reason}`);
      else if (page.timedOut)
        log("warn", `${url}: still busy after ${opts.timeoutMs} ms; kept what was captured`);
      pages.push(page);
      opts.onPage?.(page);
    }
  } finally {
    await b.close();
  }
  return {
    captureVersion: CAPTURE_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    startedAt,
    finishedAt: new Date().toISOString(),
    startUrls: [...opts.urls],
    partial,
    browser: b.info,
    options: {
      blockThirdPartyCookies: opts.blockThirdPartyCookies,
      timeoutMs: opts.timeoutMs,
      dwellMs: opts.dwellMs,
      ...(opts.hostRules ? { hostRules: opts.hostRules } : {}),
      insecure: opts.insecure,
      maxBodyBytes: opts.maxBodyBytes,
    },
    pages,
    warnings,
  };
}

// `skimscan scan <url...>` (and the demo, which is a scan of the bundled site): validate everything,
// capture in Chromium, write the capture and the report even when interrupted, return the exit code.

import { capturePages } from "../crawl/capture-pages.js";
import { BrowserError } from "../errors.js";
import type { Capture } from "../model/capture.js";
import { TOOL } from "../package-info.js";
import { saveCapture } from "./capture-file.js";
import { watchInterrupts } from "./interrupt.js";
import type { Logger, Streams } from "./output.js";
import { finishReport, prepareJudgement, type ReportSettings } from "./report-pipeline.js";

export interface ScanSettings extends ReportSettings {
  urls: string[];
  chromePath?: string;
  blockThirdPartyCookies: boolean;
  timeoutMs: number;
  dwellMs: number;
  hostRules?: string;
  insecure: boolean;
  saveCapture?: string;
  maxBodyBytes: number;
}

export async function runScan(
  settings: ScanSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  const loaded = await prepareJudgement(settings, log);
  const { capture, interrupted } = await captureScan(settings, log);
  const { exitCode } = await finishReport(
    capture,
    loaded,
    settings,
    scanOptions(settings),
    streams,
    log,
    interrupted,
  );
  return exitCode;
}

/** What the browser part of a scan needs (shared by `scan`, `demo` and `init`). */
export type CaptureSettings = Pick<
  ScanSettings,
  | "urls"
  | "chromePath"
  | "blockThirdPartyCookies"
  | "timeoutMs"
  | "dwellMs"
  | "hostRules"
  | "insecure"
  | "saveCapture"
  | "maxBodyBytes"
  | "leak"
>;

/**
 * Captures the pages in Chromium with SIGINT/SIGTERM turned into a partial capture, a browser
 * that will not start turned into a capture of failed pages, and --save-capture written.
 */
export async function captureScan(
  settings: CaptureSettings,
  log: Logger,
): Promise<{ capture: Capture; interrupted: boolean }> {
  const interrupt = watchInterrupts((sig) =>
    log("warn", `${sig}: stopping; the partial report is being written (again to quit at once).`),
  );
  const startedAt = new Date().toISOString();
  let capture: Capture;
  try {
    capture = await capturePages({
      urls: settings.urls,
      chromePath: settings.chromePath,
      blockThirdPartyCookies: settings.blockThirdPartyCookies,
      timeoutMs: settings.timeoutMs,
      dwellMs: settings.dwellMs,
      hostRules: settings.hostRules,
      insecure: settings.insecure,
      maxBodyBytes: settings.maxBodyBytes,
      ...fillFormsOf(settings),
      signal: interrupt.signal,
      log: (level, message) => log(level, message),
      onPage: (page) =>
        log(
          "info",
          `${page.outcome}${page.timedOut ? " (timed out)" : ""}: ${page.url} — ${page.requests.length} requests`,
        ),
    });
  } catch (err) {
    if (!(err instanceof BrowserError)) throw err;
    log("error", err.message);
    if (err.hint) log("error", err.hint);
    capture = unscannedCapture(settings, startedAt, err.message);
  } finally {
    interrupt.dispose();
  }
  const interrupted = interrupt.received !== undefined || capture.partial;
  if (interrupted) capture.partial = true;
  if (settings.saveCapture) {
    await saveCapture(settings.saveCapture, capture);
    log("info", `wrote the capture to ${settings.saveCapture}`);
  }
  return { capture, interrupted };
}

/** --identity: the scan types it into each page's forms (src/crawl/fill-forms.ts). */
function fillFormsOf(s: CaptureSettings) {
  const identity = s.leak?.leaks.identity;
  return identity ? { fillForms: { identity, mode: s.leak?.fillForms } } : {};
}

/** What the report records of the options: everything that shaped the scan, nothing secret. */
function scanOptions(s: ScanSettings): Record<string, unknown> {
  return {
    blockThirdPartyCookies: s.blockThirdPartyCookies,
    timeoutMs: s.timeoutMs,
    dwellMs: s.dwellMs,
    hostRules: s.hostRules ?? null,
    insecure: s.insecure,
    firstParty: s.firstParty,
    formats: s.targets.map((t) => t.format),
  };
}

/** The browser never started: every page is recorded as failed, so the report still says so. */
function unscannedCapture(s: CaptureSettings, startedAt: string, reason: string): Capture {
  const now = new Date().toISOString();
  return {
    captureVersion: 1,
    tool: { ...TOOL },
    startedAt,
    finishedAt: now,
    startUrls: s.urls,
    partial: false,
    browser: { version: "unknown (did not start)", userAgent: "" },
    options: {
      blockThirdPartyCookies: s.blockThirdPartyCookies,
      timeoutMs: s.timeoutMs,
      dwellMs: s.dwellMs,
      hostRules: s.hostRules,
      insecure: s.insecure,
      maxBodyBytes: s.maxBodyBytes,
    },
    pages: s.urls.map((url, i) => ({
      id: `p${i + 1}`,
      url,
      finalUrl: url,
      outcome: "failed",
      reason: `browser did not start: ${reason}`,
      timedOut: false,
      startedAt,
      finishedAt: now,
      targets: [],
      frames: [],
      requests: [],
      scripts: [],
      cookieWrites: [],
      jar: [],
      storage: [],
    })),
    warnings: [],
  };
}

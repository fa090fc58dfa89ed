// `skimscan scan <url...>` (and the demo, which is a scan of the bundled site): validate everything,
// capture in Chromium, write the capture and the report even when interrupted, return the exit code.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DeviceName } from "../capture/device-profile.js";
import type { Allowlist } from "../config/allowlist.js";
import {
  type PrivacySettings,
  PrivacyVisitor,
  privacyOptions,
} from "../consent/privacy-visitor.js";
import { CaptureFileWriter, readCaptureLines } from "../crawl/capture-stream.js";
import type { SessionMode } from "../crawl/crawl-options.js";
import { crawlSite } from "../crawl/crawl-site.js";
import { BrowserError } from "../errors.js";
import { CAPTURE_VERSION, type Capture, uncapturedPage } from "../model/capture.js";
import { TOOL } from "../package-info.js";
import { saveCapture } from "./capture-file.js";
import { watchInterrupts } from "./interrupt.js";
import type { Logger, Streams } from "./output.js";
import { RogueCounter, startProgress } from "./progress.js";
import { finishReport, prepareJudgement, type ReportSettings } from "./report-pipeline.js";

/** How far and how a scan crawls (issue 3); every field has a default for single-page scans. */
export interface CrawlSettings {
  /** Undefined: only the given pages (start URLs and --urls-file), or 100 with discovery. */
  maxPages?: number;
  depth: number;
  concurrency: number;
  sitemap: boolean;
  fileUrls: string[];
  include: string[];
  exclude: string[];
  /** The whole list: DEFAULT_IGNORED_PARAMS plus --ignore-param. */
  ignoredParams?: string[];
  respectRobots: boolean;
  rate?: number;
  headers: Array<[string, string]>;
  cookies: Array<[string, string]>;
  session: SessionMode;
}

/** --max-pages when a discovering crawl (--depth, --sitemap) does not give one. */
export const DISCOVERY_MAX_PAGES = 100;

export const DEFAULT_CRAWL: CrawlSettings = {
  depth: 0,
  concurrency: 2,
  sitemap: false,
  fileUrls: [],
  include: [],
  exclude: [],
  respectRobots: false,
  headers: [],
  cookies: [],
  session: "shared",
};

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
  crawl?: CrawlSettings;
  /** --signals, --consent, --opt-out-cookie: who the visitor is (issue 7). */
  privacy?: PrivacySettings;
  /** For the progress bar: --quiet. */
  quiet?: boolean;
  /** --device: the visitor's device profile (desktop when absent). */
  device?: DeviceName;
}

export async function runScan(
  settings: ScanSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  const loaded = await prepareJudgement(settings, log);
  const { capture, interrupted } = await captureScan(settings, log, {
    streams,
    allowlist: loaded.allowlist,
    firstParty: settings.firstParty,
  });
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
  | "crawl"
  | "privacy"
  | "quiet"
  | "device"
  | "integrity"
>;

/** What the progress display needs to judge pages as they finish. */
export interface ProgressContext {
  streams: Streams;
  allowlist?: Allowlist;
  firstParty: readonly string[];
}

/**
 * Captures the pages in Chromium with SIGINT/SIGTERM turned into a partial capture, a browser
 * that will not start turned into a capture of failed pages, and --save-capture written.
 */
export async function captureScan(
  settings: CaptureSettings,
  log: Logger,
  progressContext?: ProgressContext,
): Promise<{ capture: Capture; interrupted: boolean }> {
  const interrupt = watchInterrupts((sig) =>
    log("warn", `${sig}: stopping; the partial report is being written (again to quit at once).`),
  );
  const startedAt = new Date().toISOString();
  const crawl = settings.crawl ?? DEFAULT_CRAWL;
  const given = settings.urls.length + crawl.fileUrls.length;
  const discovering = crawl.depth > 0 || crawl.sitemap;
  const maxPages = crawl.maxPages ?? (discovering ? Math.max(DISCOVERY_MAX_PAGES, given) : given);
  if (crawl.maxPages === undefined && discovering)
    log("info", `at most ${maxPages} pages (--max-pages to change)`);
  const progress = progressContext
    ? startProgress(progressContext.streams, log, {
        quiet: settings.quiet === true,
        rogue: new RogueCounter(startedAt, progressContext.allowlist, progressContext.firstParty),
      })
    : undefined;
  const say = progress?.log ?? log;
  // Pages go to disk as they finish: --save-capture's file, or a temporary one removed after.
  const tmp = settings.saveCapture
    ? undefined
    : await mkdtemp(path.join(os.tmpdir(), "skimscan-capture-"));
  const file = settings.saveCapture ?? path.join(tmp as string, "capture.jsonl");
  const visitor = settings.privacy ? new PrivacyVisitor(settings.privacy) : undefined;
  let capture: Capture;
  try {
    const writer = new CaptureFileWriter(file);
    await crawlSite(
      {
        startUrls: settings.urls,
        fileUrls: crawl.fileUrls,
        sitemap: crawl.sitemap,
        maxPages,
        maxDepth: crawl.depth,
        concurrency: crawl.concurrency,
        include: crawl.include,
        exclude: crawl.exclude,
        ...(crawl.ignoredParams ? { ignoredParams: crawl.ignoredParams } : {}),
        respectRobots: crawl.respectRobots,
        ...(crawl.rate ? { rate: crawl.rate } : {}),
        access: { headers: crawl.headers, cookies: crawl.cookies },
        session: crawl.session,
        firstParty: [
          ...(progressContext?.allowlist?.firstParty ?? []),
          ...(progressContext?.firstParty ?? []),
        ],
        chromePath: settings.chromePath,
        blockThirdPartyCookies: settings.blockThirdPartyCookies,
        timeoutMs: settings.timeoutMs,
        dwellMs: settings.dwellMs,
        hostRules: settings.hostRules,
        insecure: settings.insecure,
        maxBodyBytes: settings.maxBodyBytes,
        ...(settings.device ? { device: settings.device } : {}),
        ...(settings.integrity?.criticalPages.length
          ? { criticalPages: settings.integrity.criticalPages }
          : {}),
        ...(visitor ? { visitor, signals: visitor.signals } : {}),
        ...fillFormsOf(settings),
        signal: interrupt.signal,
        log: (level, message) => say(level, message),
        onPage: (page, counters) => {
          if (progress) progress.page(page, counters);
          else
            log(
              "info",
              `${page.outcome}${page.timedOut ? " (timed out)" : ""}: ${page.url} — ${page.requests.length} requests`,
            );
        },
      },
      writer,
    );
    progress?.stop();
    capture = await readCaptureLines(file);
    if (settings.saveCapture) log("info", `wrote the capture to ${settings.saveCapture}`);
  } catch (err) {
    progress?.stop();
    if (!(err instanceof BrowserError)) throw err;
    log("error", err.message);
    if (err.hint) log("error", err.hint);
    capture = unscannedCapture(settings, startedAt, err.message);
    if (settings.saveCapture) {
      await saveCapture(settings.saveCapture, capture);
      log("info", `wrote the capture to ${settings.saveCapture}`);
    }
  } finally {
    interrupt.dispose();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
  const interrupted = interrupt.received !== undefined || capture.partial;
  if (interrupted) capture.partial = true;
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
    device: s.device ?? "desktop",
    ...crawlOptions(s.crawl ?? DEFAULT_CRAWL),
    ...(s.privacy ? reportPrivacyOptions(s.privacy) : {}),
  };
}

/** The privacy settings as scan.options shows them: every key present, opt-out values left out. */
function reportPrivacyOptions(p: PrivacySettings): Record<string, unknown> {
  const o = privacyOptions(p);
  return { signals: o.signals, consent: o.consent ?? null, optOutCookies: o.optOutCookies ?? [] };
}

/** The crawl flags as scan.options shows them: header and cookie values redacted. */
function crawlOptions(c: CrawlSettings): Record<string, unknown> {
  return {
    maxPages: c.maxPages ?? null,
    depth: c.depth,
    concurrency: c.concurrency,
    session: c.session,
    sitemap: c.sitemap,
    urlsFile: c.fileUrls.length > 0 ? c.fileUrls.length : null,
    include: c.include,
    exclude: c.exclude,
    ignoreParams: c.ignoredParams ?? null,
    respectRobots: c.respectRobots,
    rate: c.rate ?? null,
    headers: c.headers.map(([n]) => `${n}: <redacted>`),
    cookies: c.cookies.map(([n]) => `${n}=<redacted>`),
  };
}

/** The browser never started: every page is recorded as failed, so the report still says so. */
function unscannedCapture(s: CaptureSettings, startedAt: string, reason: string): Capture {
  const now = new Date().toISOString();
  return {
    captureVersion: CAPTURE_VERSION,
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
      ...(s.privacy ? privacyOptions(s.privacy) : {}),
    },
    pages: s.urls.map((url, i) => ({
      ...uncapturedPage(`p${i + 1}`, url, "failed", `browser did not start: ${reason}`, now),
      failure: "no-browser" as const,
    })),
    warnings: [],
  };
}

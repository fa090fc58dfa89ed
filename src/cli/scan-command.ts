// `skimscan scan <url...>` (and the demo, which is a scan of the bundled site): validate everything,
// capture in Chromium, write the capture and the report even when interrupted, return the exit code.

import { randomBytes } from "node:crypto";
import { access, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Allowlist } from "../config/allowlist.js";
import { type PrivacySettings, PrivacyVisitor } from "../consent/privacy-visitor.js";
import { CaptureFileWriter, readCaptureLines } from "../crawl/capture-stream.js";
import { type CrawlOptions, crawlOptionsRecord, type SessionMode } from "../crawl/crawl-options.js";
import { crawlSite } from "../crawl/crawl-site.js";
import { siteOf } from "../crawl/first-party-access.js";
import { makeTempDir } from "../crawl/temp-dirs.js";
import { BrowserError } from "../errors.js";
import { CAPTURE_VERSION, type Capture, uncapturedPage } from "../model/capture.js";
import { TOOL } from "../package-info.js";
import { saveCapture } from "./capture-file.js";
import type { CspSettings } from "./csp-flags.js";
import { watchInterrupts } from "./interrupt.js";
import type { Logger, Streams } from "./output.js";
import { checkOutputFile } from "./output-paths.js";
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
  /** --csp / --csp-file / --csp-report-only: a policy under test on the site's own responses. */
  csp?: CspSettings;
}

export async function runScan(
  settings: ScanSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  const loaded = await prepareJudgement(settings, log);
  const { capture, interrupted, failedWrites } = await captureScan(settings, log, {
    streams,
    allowlist: loaded.allowlist,
    firstParty: settings.firstParty,
  });
  const { exitCode } = await finishReport(
    capture,
    loaded,
    settings,
    {},
    streams,
    log,
    interrupted,
    failedWrites,
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
  | "csp"
>;

/** What the progress display needs to judge pages as they finish. */
export interface ProgressContext {
  streams: Streams;
  allowlist?: Allowlist;
  firstParty: readonly string[];
}

/** A finished capture, and the outputs that could not be written (--save-capture). */
export interface CaptureResult {
  capture: Capture;
  interrupted: boolean;
  failedWrites: string[];
}

/**
 * Captures the pages in Chromium with SIGINT/SIGTERM turned into a partial capture, a browser
 * that will not start turned into a capture of failed pages, and --save-capture written.
 * The capture streams to this scan's own file (beside --save-capture, or in a temp folder), the
 * capture is read back from that file, and only then is it renamed over --save-capture: two
 * scans naming the same file never mix their lines, and a scan cut short leaves a readable file.
 */
export async function captureScan(
  settings: CaptureSettings,
  log: Logger,
  progressContext?: ProgressContext,
): Promise<CaptureResult> {
  if (settings.saveCapture) await checkOutputFile("--save-capture", settings.saveCapture);
  const interrupt = watchInterrupts((sig) =>
    log("warn", `${sig}: stopping; the partial report is being written (again to quit at once).`),
  );
  const startedAt = new Date().toISOString();
  const progress = progressContext
    ? startProgress(progressContext.streams, log, {
        quiet: settings.quiet === true,
        rogue: new RogueCounter(startedAt, progressContext.allowlist, progressContext.firstParty),
      })
    : undefined;
  const say = progress?.log ?? log;
  const opts = crawlOptionsOf(settings, log, progressContext, {
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
  });
  // skimscan-<pid>-capture-*: a later run can remove it if this one is killed.
  const tmp = settings.saveCapture ? undefined : makeTempDir("capture");
  const own = settings.saveCapture
    ? ownCaptureFile(settings.saveCapture)
    : path.join(tmp as string, "capture.jsonl");
  let capture: Capture;
  let keepTmp = false;
  try {
    await crawlSite(opts, new CaptureFileWriter(own));
    progress?.stop();
    capture = await readCaptureLines(own);
  } catch (err) {
    progress?.stop();
    if (!(err instanceof BrowserError)) {
      // A bug: keep what was captured (a capture without footer reads as partial) and say where.
      keepTmp = await rescueCapture(own, settings.saveCapture, log);
      throw err;
    }
    log("error", err.message);
    if (err.hint) log("error", err.hint);
    capture = unscannedCapture(settings, opts, startedAt, err.message);
    await saveCapture(own, capture).catch(() => undefined);
  } finally {
    interrupt.dispose();
    if (tmp && !keepTmp) await rm(tmp, { recursive: true, force: true });
  }
  const failedWrites: string[] = [];
  if (settings.saveCapture && !(await commitCapture(own, settings.saveCapture, log))) {
    failedWrites.push(settings.saveCapture);
  }
  const interrupted = interrupt.received !== undefined || capture.partial;
  if (interrupted) capture.partial = true;
  return { capture, interrupted, failedWrites };
}

/** This scan's own file beside the target: same folder (so the rename is atomic), unique name. */
export function ownCaptureFile(target: string): string {
  const t = path.resolve(target);
  const tag = `${process.pid}-${randomBytes(4).toString("hex")}`;
  return path.join(path.dirname(t), `${path.basename(t)}.${tag}.partial`);
}

/** Moves the finished capture onto --save-capture; false (said) when that fails. */
async function commitCapture(own: string, target: string, log: Logger): Promise<boolean> {
  try {
    await rename(own, target);
    log("info", `wrote the capture to ${target}`);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    log("error", `could not write the capture to ${target} (${code}); it is in ${own}`);
    return false;
  }
}

/** After an internal error: the capture so far goes to --save-capture, or stays where it is. */
async function rescueCapture(own: string, target: string | undefined, log: Logger) {
  try {
    await access(own);
  } catch {
    return false;
  }
  if (target && (await commitCapture(own, target, log))) return false;
  if (!target) log("error", `what was captured is kept in ${own}`);
  return true;
}

/** The one CrawlOptions of a scan: what crawlSite is told, and what its capture records. */
function crawlOptionsOf(
  settings: CaptureSettings,
  log: Logger,
  progressContext: ProgressContext | undefined,
  hooks: Pick<CrawlOptions, "signal" | "log" | "onPage">,
): CrawlOptions {
  const crawl = settings.crawl ?? DEFAULT_CRAWL;
  const given = settings.urls.length + crawl.fileUrls.length;
  const discovering = crawl.depth > 0 || crawl.sitemap;
  const maxPages = crawl.maxPages ?? (discovering ? Math.max(DISCOVERY_MAX_PAGES, given) : given);
  if (crawl.maxPages === undefined && discovering)
    log("info", `at most ${maxPages} pages (--max-pages to change)`);
  const visitor = settings.privacy ? new PrivacyVisitor(settings.privacy) : undefined;
  return {
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
    ...(visitor ? { visitor, signals: visitor.signals } : {}),
    ...fillFormsOf(settings),
    ...cspOf(settings, progressContext),
    ...hooks,
  };
}

/** --csp: the policy goes on the responses of the site's domains (start URLs and first parties). */
function cspOf(s: CaptureSettings, ctx: ProgressContext | undefined) {
  if (!s.csp) return {};
  const extra = [...(ctx?.allowlist?.firstParty ?? []), ...(ctx?.firstParty ?? [])];
  const hosts = [...s.urls, ...(s.crawl?.fileUrls ?? [])].map((u) => new URL(u).hostname);
  const sites = [...new Set([...hosts, ...extra].map(siteOf))];
  return { csp: { policy: s.csp.policy, reportOnly: s.csp.reportOnly, sites } };
}

/** --identity: the scan types it into each page's forms (src/crawl/fill-forms.ts). */
function fillFormsOf(s: CaptureSettings) {
  const identity = s.leak?.leaks.identity;
  return identity ? { fillForms: { identity, mode: s.leak?.fillForms } } : {};
}

/** The browser never started: every page is recorded as failed, so the report still says so. */
function unscannedCapture(
  s: CaptureSettings,
  opts: CrawlOptions,
  startedAt: string,
  reason: string,
): Capture {
  const now = new Date().toISOString();
  return {
    captureVersion: CAPTURE_VERSION,
    tool: { ...TOOL },
    startedAt,
    finishedAt: now,
    startUrls: s.urls,
    partial: false,
    browser: { version: "unknown (did not start)", userAgent: "" },
    options: crawlOptionsRecord(opts),
    pages: s.urls.map((url, i) => ({
      ...uncapturedPage(`p${i + 1}`, url, "failed", `browser did not start: ${reason}`, now),
      failure: "no-browser" as const,
    })),
    warnings: [],
  };
}

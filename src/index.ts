// The programmatic API: the same engine as the CLI, as three steps a caller can use on their own —
// scan() captures in Chromium, analyze() judges a capture, render() turns a report into text.

import { type BuildOptions, buildReport } from "./analyze/build-report.js";
import { parseStartUrl } from "./cli/parse-values.js";
import { type Allowlist, loadAllowlist, parseAllowlist } from "./config/allowlist.js";
import { CaptureCollector } from "./crawl/capture-stream.js";
import { type CrawlOptions, crawlSite } from "./crawl/crawl-site.js";
import { applyPolicy, type GateOptions, parseFailOn } from "./gate/policy.js";
import type { Capture } from "./model/capture.js";
import type { Report } from "./model/report.js";
import { type Format, type RenderOptions, render as renderReport } from "./report/renderers.js";

export type { CrawlProgress } from "./crawl/crawl-site.js";
export { BrowserError, ConfigError, EXIT, SkimscanError, UsageError } from "./errors.js";
export { diffReports } from "./gate/diff-reports.js";
export type { Capture, CapturedPage, FailureKind } from "./model/capture.js";
export { CAPTURE_VERSION } from "./model/capture.js";
export type * from "./model/report.js";
export { SCHEMA_VERSION } from "./model/report.js";
export type { Allowlist, BuildOptions, CrawlOptions, Format, GateOptions, RenderOptions };
export { loadAllowlist, parseAllowlist, parseFailOn };

/**
 * Options of scan(): those of the CLI's crawl (src/crawl/crawl-options.ts), all optional. Without
 * `maxDepth` or `sitemap` only the given pages are visited; `onPage` is called as each is done.
 */
export type ScanOptions = Partial<Omit<CrawlOptions, "startUrls">>;
/** @deprecated The options of scan() before it ran the crawl: use ScanOptions. */
export type CaptureRunOptions = ScanOptions & { urls: string[] };

/** Pages visited when a crawl discovers pages (maxDepth > 0 or sitemap) without a maxPages. */
const DISCOVERY_MAX_PAGES = 100;

/**
 * Capture pages in one headless Chromium with the CLI's crawl: the same retries, 429 backoff,
 * bot-wall detection, browser relaunch and redaction; the pages are kept in memory. Defaults
 * match the CLI's. Throws UsageError for a URL that is not an http(s) page address, and
 * BrowserError when no browser can be started; a page that cannot be loaded is a failed page.
 */
export async function scan(urls: string[], opts: ScanOptions = {}): Promise<Capture> {
  const startUrls = urls.map(parseStartUrl);
  const given = startUrls.length + (opts.fileUrls?.length ?? 0);
  const discovering = (opts.maxDepth ?? 0) > 0 || opts.sitemap === true;
  const sink = new CaptureCollector();
  await crawlSite(
    {
      blockThirdPartyCookies: false,
      timeoutMs: 30_000,
      dwellMs: 2_000,
      insecure: false,
      maxBodyBytes: 64 * 1024,
      maxPages: discovering ? Math.max(DISCOVERY_MAX_PAGES, given) : given,
      maxDepth: 0,
      concurrency: 2,
      session: "shared",
      ...definedOnly(opts),
      startUrls,
    },
    sink,
  );
  return sink.capture();
}

/** Options given as undefined keep their defaults. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Judge a capture (pure): parties, verdicts, chains, cookies, findings; optionally the CI gate. */
export function analyze(
  capture: Capture,
  opts: BuildOptions & { gate?: GateOptions } = {},
): Report {
  const report = buildReport(capture, opts);
  return opts.gate ? applyPolicy(report, opts.gate) : report;
}

/** Render a report as text, json, html, markdown, sarif or junit (pure). */
export function render(report: Report, format: Format = "text", opts: RenderOptions = {}): string {
  return renderReport(format, report, opts);
}

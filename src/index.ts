// The programmatic API: the same engine as the CLI, as three steps a caller can use on their own —
// scan() captures in Chromium, analyze() judges a capture, render() turns a report into text.

import { type BuildOptions, buildReport } from "./analyze/build-report.js";
import { type Allowlist, loadAllowlist, parseAllowlist } from "./config/allowlist.js";
import { type CaptureRunOptions, capturePages } from "./crawl/capture-pages.js";
import { applyPolicy, type GateOptions, parseFailOn } from "./gate/policy.js";
import type { Capture } from "./model/capture.js";
import type { Report } from "./model/report.js";
import { type Format, type RenderOptions, render as renderReport } from "./report/renderers.js";

export { BrowserError, ConfigError, EXIT, SkimscanError, UsageError } from "./errors.js";
export { diffReports } from "./gate/diff-reports.js";
export type { Capture } from "./model/capture.js";
export { CAPTURE_VERSION } from "./model/capture.js";
export type * from "./model/report.js";
export { SCHEMA_VERSION } from "./model/report.js";
export type { Allowlist, BuildOptions, CaptureRunOptions, Format, GateOptions, RenderOptions };
export { loadAllowlist, parseAllowlist, parseFailOn };

/** Capture pages in one headless Chromium. Defaults match the CLI's. */
export function scan(
  urls: string[],
  opts: Partial<Omit<CaptureRunOptions, "urls">> = {},
): Promise<Capture> {
  return capturePages({
    urls,
    blockThirdPartyCookies: false,
    timeoutMs: 30_000,
    dwellMs: 2_000,
    insecure: false,
    maxBodyBytes: 64 * 1024,
    ...opts,
  });
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

// The part every command shares after a capture exists: judge it against the allowlist, write the
// report everywhere it was asked for, and turn it into the contract's exit code.
import { type Allowlist, loadAllowlist } from "../config/allowlist.js";
import type { Capture } from "../model/capture.js";
import type { Report } from "../model/report.js";
import { buildReport } from "../report/build-report.js";
import { emitReport, type OutputTarget } from "./emit-report.js";
import { exitCodeFor } from "./exit-code.js";
import type { Logger, Streams } from "./output.js";

export interface ReportSettings {
  allowlistFile?: string;
  firstParty: string[];
  targets: OutputTarget[];
  noColor: boolean;
  verbose: boolean;
}

export interface LoadedAllowlist {
  allowlist?: Allowlist;
  warnings: string[];
}

/** Read the allowlist before any browser starts: a typo must cost a second, not a crawl. */
export async function readAllowlist(
  file: string | undefined,
  log: Logger,
): Promise<LoadedAllowlist> {
  if (!file) return { warnings: [] };
  const { allowlist, warnings } = await loadAllowlist(file);
  for (const w of warnings) log("warn", w);
  return { allowlist, warnings };
}

export async function finishReport(
  capture: Capture,
  loaded: LoadedAllowlist,
  settings: ReportSettings,
  options: Record<string, unknown>,
  streams: Streams,
  log: Logger,
  interrupted: boolean,
): Promise<{ report: Report; exitCode: number }> {
  const report = buildReport(capture, {
    allowlist: loaded.allowlist,
    firstParty: settings.firstParty,
    options: { ...options, allowlist: settings.allowlistFile ?? null },
    warnings: loaded.warnings,
  });
  await emitReport(
    report,
    settings.targets,
    streams,
    {
      noColor: settings.noColor,
      verbose: settings.verbose,
      sarifLocation: settings.allowlistFile,
    },
    log,
  );
  for (const page of report.scan.pages) {
    if (page.outcome === "failed")
      log("warn", `page failed: ${page.url}: ${page.reason ?? "unknown"}`);
  }
  return { report, exitCode: exitCodeFor(report, interrupted) };
}

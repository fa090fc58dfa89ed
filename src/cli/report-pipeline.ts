// The part every command shares after a capture exists: judge it against the allowlist, apply the
// CI gate, write the report everywhere it was asked for, and turn it into the contract's exit code.
import path from "node:path";
import { buildReport } from "../analyze/build-report.js";
import { type Allowlist, loadAllowlist } from "../config/allowlist.js";
import { justificationWarnings } from "../config/justification.js";
import { EXIT } from "../errors.js";
import { applyPolicy, type Baseline, checkGateOptions, type FailOn } from "../gate/policy.js";
import type { Capture } from "../model/capture.js";
import type { Report } from "../model/report.js";
import { emitReport, type OutputTarget } from "./emit-report.js";
import { exitCodeFor } from "./exit-code.js";
import type { IntegritySettings } from "./integrity-flags.js";
import { type Knowledge, loadKnowledge } from "./knowledge.js";
import type { LeakSettings } from "./leak-flags.js";
import type { Logger, Streams } from "./output.js";
import { checkOutputFile } from "./output-paths.js";
import { loadReportFile } from "./report-file.js";
import { reportOptionsRecord } from "./report-options.js";

export interface ReportSettings {
  allowlistFile?: string;
  firstParty: string[];
  targets: OutputTarget[];
  noColor: boolean;
  verbose: boolean;
  failOn: FailOn[];
  baselineFiles: string[];
  minPages: number;
  /** --entities files (company maps), earlier ones winning over later ones and the bundled map. */
  entitiesFiles?: string[];
  /** --filter-list files (EasyList/EasyPrivacy syntax). */
  filterListFiles?: string[];
  /** --identity, --max-cookie-days, --search-param (and for scans --fill-forms). */
  leak?: LeakSettings;
  /** --critical-pages, --require-justification (script integrity). */
  integrity?: IntegritySettings;
}

export interface Judgement {
  allowlist?: Allowlist;
  warnings: string[];
  baselines: Baseline[];
  knowledge?: Knowledge;
}

/** Read the allowlist and baselines before any browser starts: a typo must cost a second, not a crawl. */
export async function prepareJudgement(settings: ReportSettings, log: Logger): Promise<Judgement> {
  checkGateOptions({ failOn: settings.failOn, baselineCount: settings.baselineFiles.length });
  for (const t of settings.targets) if (t.file !== "-") await checkOutputFile("--output", t.file);
  const baselines = await Promise.all(
    settings.baselineFiles.map(async (file) => ({
      file,
      report: await loadReportFile(file, "--baseline"),
    })),
  );
  const knowledge = await loadKnowledge(settings.entitiesFiles, settings.filterListFiles);
  if (!settings.allowlistFile) return { warnings: [], baselines, knowledge };
  const loaded = await loadAllowlist(settings.allowlistFile);
  const { allowlist } = loaded;
  const warnings = [
    ...loaded.warnings,
    ...(settings.integrity?.requireJustification ? justificationWarnings(allowlist) : []),
  ];
  for (const w of warnings) log("warn", w);
  return { allowlist, warnings, baselines, knowledge };
}

/**
 * Judges the capture and writes the report everywhere asked. `extraOptions`: what this command
 * adds to scan.options (a replay's source file). `failedWrites`: outputs that already failed
 * (the capture file); with any failed write the exit code is 2, after every other output.
 */
export async function finishReport(
  capture: Capture,
  judgement: Judgement,
  settings: ReportSettings,
  extraOptions: Record<string, unknown>,
  streams: Streams,
  log: Logger,
  interrupted: boolean,
  failedWrites: string[] = [],
): Promise<{ report: Report; exitCode: number }> {
  const built = buildReport(capture, {
    allowlist: judgement.allowlist,
    firstParty: settings.firstParty,
    options: { ...reportOptionsRecord(settings), ...extraOptions },
    warnings: judgement.warnings,
    ...(judgement.knowledge?.entities ? { entities: judgement.knowledge.entities } : {}),
    ...(judgement.knowledge?.filters ? { filters: judgement.knowledge.filters } : {}),
    ...(settings.leak ? { leaks: settings.leak.leaks } : {}),
    baselines: judgement.baselines,
    ...(settings.integrity?.criticalPages.length
      ? { criticalPages: settings.integrity.criticalPages }
      : {}),
  });
  const report = applyPolicy(built, {
    failOn: settings.failOn,
    baselines: judgement.baselines,
    minPages: settings.minPages,
  });
  const failed = await emitReport(
    report,
    settings.targets,
    streams,
    {
      noColor: settings.noColor,
      verbose: settings.verbose,
      sarifLocation: settings.allowlistFile && repoRelative(settings.allowlistFile),
    },
    log,
  );
  for (const page of report.scan.pages) {
    if (page.outcome === "failed")
      log("warn", `page failed: ${page.url}: ${page.reason ?? "unknown"}`);
  }
  // When the report went to files only, stderr is where a person sees why the exit code is 1.
  if (!settings.targets.some((t) => t.file === "-")) {
    for (const reason of report.policy?.reasons ?? []) log("info", `policy: ${reason}`);
  }
  const unwritten = [...failedWrites, ...failed];
  if (unwritten.length > 0 && !interrupted) {
    log("error", `not written: ${unwritten.join(", ")}; every other output was (exit 2)`);
    return { report, exitCode: EXIT.usage };
  }
  return { report, exitCode: exitCodeFor(report, interrupted) };
}

/** Code-scanning services want a path inside the repository, not an absolute one. */
function repoRelative(file: string): string {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel.split(path.sep).join("/");
}

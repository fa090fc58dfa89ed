// `skimscan diff old.json new.json`: what was added and removed, exit 1 when something the policy
// forbids was added (by default: a new rogue party).
import { EXIT } from "../errors.js";
import { diffReports } from "../gate/diff-reports.js";
import { applyPolicy, type FailOn } from "../gate/policy.js";
import { type DiffFormat, renderDiff } from "../report/render-diff.js";
import type { Logger, Streams } from "./output.js";
import { checkOutputFile, writeOutput } from "./output-paths.js";
import { loadReportFile } from "./report-file.js";

export interface DiffSettings {
  oldFile: string;
  newFile: string;
  format: DiffFormat;
  output?: string;
  failOn: FailOn[];
  minPages: number;
}

export async function runDiff(s: DiffSettings, streams: Streams, log: Logger): Promise<number> {
  if (s.output) await checkOutputFile("--output", s.output);
  const [old, current] = await Promise.all([
    loadReportFile(s.oldFile, "old"),
    loadReportFile(s.newFile, "new"),
  ]);
  const judged = applyPolicy(current, {
    failOn: s.failOn,
    baselines: [{ file: s.oldFile, report: old }],
    minPages: s.minPages,
  });
  const policy = judged.policy;
  if (!policy) throw new Error("applyPolicy returned no policy");
  const text = renderDiff(
    { old: [s.oldFile], current: s.newFile, diff: diffReports(old, current), policy },
    s.format,
  );
  if (s.output) {
    if (!(await writeOutput(s.output, text, "the diff", log))) return EXIT.usage;
  } else {
    streams.stdout.write(text);
  }
  return policy.violated ? EXIT.policyViolated : EXIT.ok;
}

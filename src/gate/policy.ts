// The CI gate: which --fail-on conditions hold for a report, measured against baselines when
// given (new = in none of them). Pure: returns the report with `new` marks and its `policy`.
import { quoteValue, UsageError } from "../errors.js";
import type { Report, ReportParty } from "../model/report.js";
import { findingKey, partyKey } from "./report-keys.js";

export type FailOn =
  | { kind: "rogue" }
  | { kind: "new-rogue" }
  | { kind: "unlisted" }
  | { kind: "finding"; code: string }
  | { kind: "none" };

export const FAIL_ON_HELP = "rogue (default), new-rogue, unlisted, finding:<code>, none";

export function parseFailOn(values: string[]): FailOn[] {
  const list = values.length === 0 ? ["rogue"] : values;
  const parsed = list.map((v): FailOn => {
    const value = v.trim();
    if (value === "rogue" || value === "new-rogue" || value === "unlisted" || value === "none") {
      return { kind: value };
    }
    const m = /^finding:([a-z0-9][a-z0-9-]*)$/.exec(value);
    if (m?.[1]) return { kind: "finding", code: m[1] };
    throw new UsageError(
      `--fail-on ${quoteValue(v)} is not a condition.`,
      `Use one of: ${FAIL_ON_HELP}.`,
    );
  });
  if (parsed.some((f) => f.kind === "none") && parsed.length > 1) {
    throw new UsageError("--fail-on none cannot be combined with other conditions.");
  }
  return parsed;
}

export const failOnLabel = (f: FailOn): string =>
  f.kind === "finding" ? `finding:${f.code}` : f.kind;

export interface Baseline {
  file: string;
  report: Report;
}

export interface GateOptions {
  failOn: FailOn[];
  baselines: Baseline[];
  /** With baselines: a new party seen on fewer pages is not counted as new (ad rotation). */
  minPages: number;
}

/** Flag combinations that cannot work; the CLI calls this before a scan starts. */
export function checkGateOptions(
  opts: Pick<GateOptions, "failOn"> & { baselineCount: number },
): void {
  if (opts.failOn.some((f) => f.kind === "new-rogue") && opts.baselineCount === 0) {
    throw new UsageError(
      "--fail-on new-rogue needs --baseline <report.json>.",
      "Give the JSON report of an earlier run to compare with.",
    );
  }
}

export function applyPolicy(report: Report, opts: GateOptions): Report {
  checkGateOptions({ failOn: opts.failOn, baselineCount: opts.baselines.length });
  const hasBaseline = opts.baselines.length > 0;
  const knownParties = new Map<string, Set<ReportParty["status"]>>();
  const knownFindings = new Set<string>();
  for (const { report: old } of opts.baselines) {
    for (const p of old.parties) {
      const statuses = knownParties.get(partyKey(p)) ?? new Set();
      statuses.add(p.status);
      knownParties.set(partyKey(p), statuses);
    }
    for (const f of old.findings) knownFindings.add(findingKey(f));
  }
  const enough = (p: ReportParty) => p.pages.length >= opts.minPages;
  const parties = report.parties.map((p) =>
    hasBaseline ? { ...p, new: !knownParties.has(partyKey(p)) && enough(p) } : p,
  );
  const findings = report.findings.map((f) =>
    hasBaseline ? { ...f, new: !knownFindings.has(findingKey(f)) } : f,
  );

  const reasons: string[] = [];
  const on = (p: ReportParty) => `on ${p.pages.length} page${p.pages.length === 1 ? "" : "s"}`;
  for (const cond of opts.failOn) {
    switch (cond.kind) {
      case "none":
        break;
      case "rogue":
        for (const p of parties)
          if (p.status === "rogue") reasons.push(`rogue party ${p.domain} ${on(p)}`);
        break;
      case "unlisted":
        for (const p of parties) {
          if (p.status === "rogue" || p.status === "unlisted")
            reasons.push(`${p.status} party ${p.domain} ${on(p)}`);
        }
        break;
      case "new-rogue":
        for (const p of parties) {
          // New as a rogue: absent from every baseline, or present there but never rogue.
          const wasRogue = knownParties.get(partyKey(p))?.has("rogue") === true;
          if (p.status === "rogue" && !wasRogue && enough(p)) {
            reasons.push(`new rogue party ${p.domain} ${on(p)}`);
          }
        }
        break;
      case "finding":
        for (const f of findings) {
          if (f.code === cond.code && (!hasBaseline || f.new)) {
            reasons.push(
              `${hasBaseline ? "new " : ""}finding ${f.code}${f.party ? ` (${f.party})` : ""}`,
            );
          }
        }
        break;
    }
  }
  return {
    ...report,
    parties,
    findings,
    policy: {
      failOn: opts.failOn.map(failOnLabel),
      violated: reasons.length > 0,
      reasons: [...new Set(reasons)],
      baselines: opts.baselines.map((b) => b.file),
      ...(hasBaseline ? { minPages: opts.minPages } : {}),
    },
  };
}

// The contract's exit code for a finished report: interrupted, nothing scanned, policy violated, ok.
import { EXIT } from "../errors.js";
import type { Report } from "../model/report.js";

export function exitCodeFor(report: Report, interrupted: boolean): number {
  if (interrupted) return EXIT.interrupted;
  const pages = report.scan.pages;
  if (pages.length > 0 && pages.every((p) => p.outcome !== "ok")) return EXIT.nothingScanned;
  return policyViolated(report) ? EXIT.policyViolated : EXIT.ok;
}

/** The gate's verdict when it ran; otherwise the default policy: any rogue third party. */
export function policyViolated(report: Report): boolean {
  return report.policy ? report.policy.violated : report.summary.rogue > 0;
}

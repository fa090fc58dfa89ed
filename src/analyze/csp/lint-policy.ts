// Lints a policy with Google's CSP Evaluator (the maintained checker behind csp-evaluator.withgoogle.com).
import { CspEvaluator } from "csp_evaluator/dist/evaluator.js";
import { Severity } from "csp_evaluator/dist/finding.js";
import { CspParser } from "csp_evaluator/dist/parser.js";

export interface LintFinding {
  severity: "high" | "medium" | "info" | "syntax";
  directive: string;
  value?: string;
  description: string;
}

function severityOf(s: Severity): LintFinding["severity"] {
  if (s === Severity.SYNTAX) return "syntax";
  if (s === Severity.HIGH || s === Severity.HIGH_MAYBE) return "high";
  if (s === Severity.MEDIUM || s === Severity.MEDIUM_MAYBE || s === Severity.STRICT_CSP)
    return "medium";
  return "info";
}

export function lintPolicy(header: string): LintFinding[] {
  const parsed = new CspParser(header).csp;
  return new CspEvaluator(parsed).evaluate().map((f) => ({
    severity: severityOf(f.severity),
    directive: f.directive,
    ...(f.value ? { value: f.value } : {}),
    description: f.description,
  }));
}

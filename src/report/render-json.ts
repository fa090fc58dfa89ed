// The Report as stable pretty JSON: the machine format others parse (schema/report.schema.json).
import type { Report } from "../model/report.js";

/** Two-space indentation and a trailing newline, keys in the order build-report wrote them. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

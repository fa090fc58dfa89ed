// Renders `skimscan compare`: a party × mode grid, the cookies per mode, and the privacy findings
// with the modes they appeared in; or the whole CompareReport as JSON.
import type { CompareReport } from "../signals/compare.js";
import { privacySummary } from "./privacy-text.js";
import { cleanText } from "./sanitize.js";
import { plainStyle, type Style } from "./style.js";

export type CompareFormat = "text" | "json";

export function renderCompare(
  report: CompareReport,
  format: CompareFormat,
  style: Style = plainStyle,
): string {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  const modes = report.modes.map((m) => m.name);
  const lines: string[] = [];
  lines.push(style.bold(`skimscan compare: ${report.startUrls.map(cleanText).join(", ")}`));
  lines.push(
    style.dim(`${modes.length} modes, a fresh visitor each${report.partial ? " (partial)" : ""}`),
  );
  lines.push("");
  for (const m of report.modes) {
    const ok = m.pages.filter((p) => p.outcome === "ok").length;
    const proof = m.privacy ? ` · ${privacySummary(m.privacy).replace(/^privacy: /, "")}` : "";
    lines.push(
      `  ${style.bold(m.name.padEnd(14))} ${ok}/${m.pages.length} pages ok, ${m.summary.thirdParties} third parties${proof}`,
    );
  }
  lines.push("");
  const width = Math.max(12, ...report.parties.map((p) => p.domain.length)) + 2;
  const colW = Math.max(8, ...modes.map((m) => m.length + 2));
  lines.push(style.bold("Third parties by mode (requests / pixels+beacons / cookies)"));
  lines.push(`  ${"party".padEnd(width)}${modes.map((m) => m.padEnd(colW)).join("")}`);
  for (const p of report.parties) {
    const cells = modes.map((m) => {
      const v = p.byMode[m];
      return (v ? `${v.requests}/${v.tracking}/${v.cookies}` : "—").padEnd(colW);
    });
    lines.push(`  ${cleanText(p.domain).padEnd(width)}${cells.join("")}`);
  }
  if (report.cookies.length) {
    lines.push("");
    lines.push(style.bold("Cookies by mode"));
    for (const c of report.cookies) {
      lines.push(
        `  ${cleanText(`${c.name} (${c.domain})`).padEnd(width + 8)} ${c.modes.join(", ")}`,
      );
    }
  }
  lines.push("");
  if (report.findings.length === 0) lines.push(style.green("No privacy findings in any mode."));
  else {
    lines.push(style.bold("Privacy findings"));
    for (const f of report.findings) {
      const sev = f.severity === "high" ? style.red(f.severity) : style.yellow(f.severity);
      lines.push(
        `  ${sev.padEnd(6)} ${f.code} ${cleanText(f.party ?? "")} — in ${f.modes.join(", ")}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

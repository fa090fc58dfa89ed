// The HTML report's "Scripts" section: the same inventory as the CSV (--format inventory), one row
// per script per page, and each page's security headers as the server sent them.
import type { Report } from "../model/report.js";
import { code, t } from "./html-text.js";
import { INVENTORY_COLUMNS, inventoryRows } from "./render-inventory.js";

const HEADINGS: Record<(typeof INVENTORY_COLUMNS)[number], string> = {
  page: "Page",
  script: "Script",
  party: "Party",
  company: "Company",
  status: "Status",
  justification: "Justification",
  hash: "SHA-256",
  sri_present: "SRI",
  sri_valid: "SRI holds",
  loaded_by: "Loaded by",
  first_seen: "First seen",
  last_changed: "Last changed",
};
const CODE_COLUMNS = new Set(["page", "script", "hash", "loaded_by"]);

export function scriptsSection(report: Report): string {
  const rows = inventoryRows(report);
  if (rows.length === 0) return "";
  const head = INVENTORY_COLUMNS.map((c) => `<th>${HEADINGS[c]}</th>`).join("");
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((cell, i) => `<td>${CODE_COLUMNS.has(INVENTORY_COLUMNS[i] ?? "") && cell ? code(cell) : t(cell)}</td>`).join("")}</tr>`,
    )
    .join("");
  return (
    `<h2 id="scripts">Scripts (${rows.length})</h2>` +
    `<p class="muted">Every script each page ran, with its SHA-256 as delivered: the inventory ` +
    `PCI DSS 6.4.3 asks for. "(missing)": an authorized script without a written justification.</p>` +
    `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` +
    headersTable(report)
  );
}

function headersTable(report: Report): string {
  const rows = report.scan.pages.flatMap((p) =>
    Object.entries(p.securityHeaders ?? {}).map(
      ([name, value]) =>
        `<tr><td>${code(p.url)}</td><td>${t(name)}</td><td>${code(value)}</td></tr>`,
    ),
  );
  if (rows.length === 0) return "";
  return (
    `<h3 id="security-headers">Security headers</h3>` +
    `<table><thead><tr><th>Page</th><th>Header</th><th>Value</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}

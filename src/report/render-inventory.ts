// `--format inventory` (or `-o FILE.csv`): the script inventory auditors ask for (PCI DSS v4.0.1
// 6.4.3): one row per script per page with party, company, status, justification, hash, SRI,
// loader and history. An authorized script without a justification says so: "(missing)".
import type { Report, ReportScript } from "../model/report.js";
import { csvRow } from "./csv.js";

export const INVENTORY_COLUMNS = [
  "page",
  "script",
  "party",
  "company",
  "status",
  "justification",
  "hash",
  "sri_present",
  "sri_valid",
  "loaded_by",
  "first_seen",
  "last_changed",
] as const;

export function inventoryRows(report: Report): string[][] {
  const company = new Map(report.parties.map((p) => [p.domain, p.entity ?? ""]));
  return (report.scripts ?? []).map((s) => [
    s.page,
    s.url,
    s.party,
    company.get(s.party) ?? "",
    s.verdict,
    justificationCell(s),
    s.hash ?? `(unreadable: ${s.hashError ?? "unknown"})`,
    s.integrity ? "yes" : "no",
    s.integrity ? (s.integrity.valid ? "yes" : "no") : "",
    s.loadedBy.slice(0, -1).join(" > "),
    s.firstSeen ?? report.scan.startedAt,
    s.lastChanged ?? report.scan.startedAt,
  ]);
}

function justificationCell(s: ReportScript): string {
  if (s.justification) return s.justification;
  return s.verdict === "authorized" ? "(missing)" : "";
}

export function renderInventory(report: Report): string {
  return [csvRow([...INVENTORY_COLUMNS]), ...inventoryRows(report).map((r) => csvRow(r))].join("");
}

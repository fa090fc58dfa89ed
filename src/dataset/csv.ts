// A table as CSV (RFC 4180): a header line, then one line per row; a field is quoted when it holds
// a comma, quote, CR or LF, or starts/ends with a space. Null is an empty field; an empty string
// is `""`, so readers can tell them apart. Booleans are true/false. Pure and byte-stable.
import type { Column, Row } from "./schema.js";

export function toCsv(columns: readonly Column[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => quote(c.name)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => field(row[c.name] ?? null)).join(","));
  return `${lines.join("\n")}\n`;
}

function field(v: string | number | boolean | null): string {
  if (v === null) return "";
  if (typeof v === "string") return v === "" ? '""' : quote(v);
  return String(v);
}

function quote(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

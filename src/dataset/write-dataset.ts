// `skimscan dataset`: per-site reports → one file per table (CSV or Parquet) in the output
// directory, each written atomically. Same reports in, same bytes out.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../files/atomic-write.js";
import { toCsv } from "./csv.js";
import { toParquet } from "./parquet.js";
import type { SiteReport } from "./read-reports.js";
import { reportRows } from "./report-rows.js";
import { type Row, TABLE_NAMES, TABLES, type TableName } from "./schema.js";

export type DatasetFormat = "csv" | "parquet";

export function datasetTables(sites: readonly SiteReport[]): Record<TableName, Row[]> {
  const tables = Object.fromEntries(TABLE_NAMES.map((t) => [t, [] as Row[]])) as Record<
    TableName,
    Row[]
  >;
  for (const s of sites) {
    const rows = reportRows(s.siteId, s.report, s.file);
    // One push per row: spreading a big site's rows into push() can overflow the stack.
    for (const t of TABLE_NAMES) for (const row of rows[t]) tables[t].push(row);
  }
  return tables;
}

/** Writes the tables; returns the files written with their row counts. */
export async function writeDataset(
  sites: readonly SiteReport[],
  outDir: string,
  format: DatasetFormat,
): Promise<{ file: string; rows: number }[]> {
  await mkdir(outDir, { recursive: true });
  const tables = datasetTables(sites);
  const written: { file: string; rows: number }[] = [];
  for (const t of TABLE_NAMES) {
    const file = path.join(outDir, `${t}.${format}`);
    const data = format === "csv" ? toCsv(TABLES[t], tables[t]) : toParquet(TABLES[t], tables[t]);
    await writeFileAtomic(file, data);
    written.push({ file, rows: tables[t].length });
  }
  return written;
}

// Find the per-site reports in result directories (`DIR/<site-id>.json`, as `scan --per-site` and
// the queue's workers write them) and read them. Captures, temporary files and JSON that is not a
// report are left out with a warning; a site seen in two directories keeps its latest scan.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.js";
import type { Report } from "../model/report.js";

export interface SiteReport {
  siteId: string;
  file: string;
  report: Report;
}

export async function readSiteReports(
  dirs: readonly string[],
  warn: (message: string) => void,
): Promise<SiteReport[]> {
  const bySite = new Map<string, SiteReport>();
  for (const dir of dirs) {
    for (const file of await reportFiles(dir)) {
      const report = await readReport(file, warn);
      if (!report) continue;
      const siteId = path.basename(file, ".json");
      const seen = bySite.get(siteId);
      if (seen) {
        const keep = later(seen, { siteId, file, report });
        warn(`site ${siteId} is in two reports: kept ${keep.file} (scanned last)`);
        bySite.set(siteId, keep);
      } else bySite.set(siteId, { siteId, file, report });
    }
  }
  return [...bySite.values()].sort((a, b) => (a.siteId < b.siteId ? -1 : 1));
}

async function reportFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    throw new ConfigError(
      `cannot read the results directory (${(err as NodeJS.ErrnoException).code ?? err}).`,
      dir,
      undefined,
      "Give directories written by `scan --per-site --output-dir` or `skimscan worker --out`.",
    );
  }
  return names
    .filter((n) => n.endsWith(".json") && !n.startsWith(".") && !n.endsWith(".capture.json"))
    .sort()
    .map((n) => path.join(dir, n));
}

async function readReport(file: string, warn: (m: string) => void): Promise<Report | undefined> {
  let data: Partial<Report>;
  try {
    data = JSON.parse(await readFile(file, "utf8")) as Partial<Report>;
  } catch (err) {
    warn(`skipped ${file}: not JSON (${(err as Error).message})`);
    return undefined;
  }
  const isReport =
    typeof data?.schemaVersion === "number" &&
    data.scan !== undefined &&
    Array.isArray(data.parties) &&
    Array.isArray(data.requests) &&
    Array.isArray(data.findings);
  if (!isReport) {
    warn(`skipped ${file}: not a skimscan JSON report`);
    return undefined;
  }
  data.cookies ??= [];
  return data as Report;
}

/** The later scan wins; on a tie the later path, so the choice never depends on listing order. */
function later(a: SiteReport, b: SiteReport): SiteReport {
  const ta = a.report.scan.finishedAt;
  const tb = b.report.scan.finishedAt;
  if (ta !== tb) return ta > tb ? a : b;
  return a.file > b.file ? a : b;
}

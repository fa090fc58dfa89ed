// Where one site's results go: `DIR/<site-id>.json` (report) and `DIR/<site-id>.capture.jsonl`,
// written first under temporary names and renamed into place — capture first, report last — so
// a report present means the site is complete, and a crash never leaves half a file.
import { randomBytes } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import path from "node:path";

export interface SiteFiles {
  report: string;
  capture: string;
  tmpReport: string;
  tmpCapture: string;
}

export function siteFiles(dir: string, siteId: string): SiteFiles {
  const tag = `${process.pid}.${randomBytes(4).toString("hex")}`;
  return {
    report: path.join(dir, `${siteId}.json`),
    capture: path.join(dir, `${siteId}.capture.jsonl`),
    tmpReport: path.join(dir, `.${siteId}.${tag}.report.tmp`),
    tmpCapture: path.join(dir, `.${siteId}.${tag}.capture.tmp`),
  };
}

/** Moves the finished files into place; the report last, as the mark of a complete site. */
export async function commitSiteFiles(f: SiteFiles): Promise<void> {
  await rename(f.tmpCapture, f.capture).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  });
  await rename(f.tmpReport, f.report);
}

/** Drops the temporary files of a site whose result is not kept (a job handed back). */
export async function discardSiteFiles(f: SiteFiles): Promise<void> {
  await Promise.all([rm(f.tmpReport, { force: true }), rm(f.tmpCapture, { force: true })]);
}

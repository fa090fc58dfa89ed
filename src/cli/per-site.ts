// `scan --per-site --output-dir DIR`: every start URL (arguments and --urls-file lines) is its own
// site — its own first party, crawl and report `DIR/<site-id>.json` plus capture — through the
// same runScan() as a single scan. One site failing never touches another; the exit code is the
// worst of the sites'.
import { mkdir } from "node:fs/promises";
import pLimit from "p-limit";
import { EXIT, SkimscanError, UsageError } from "../errors.js";
import { commitSiteFiles, discardSiteFiles, siteFiles } from "../sites/site-files.js";
import { siteIds } from "../sites/site-id.js";
import { watchInterrupts } from "./interrupt.js";
import type { Logger, Streams } from "./output.js";
import { DEFAULT_CRAWL, runScan, type ScanSettings } from "./scan-command.js";
import { worstExit } from "./worst-exit.js";

export interface PerSiteSettings {
  outputDir: string;
  /** Sites scanned at the same time, each in its own browser. */
  sitesAtOnce: number;
}

/** The sites of a per-site run: start URLs then file lines, each once, with their ids. */
export function perSiteList(settings: ScanSettings): { url: string; id: string }[] {
  const crawl = settings.crawl ?? DEFAULT_CRAWL;
  const urls = [...new Set([...settings.urls, ...crawl.fileUrls])];
  const ids = siteIds(urls);
  return urls.map((url, i) => ({ url, id: ids[i] as string }));
}

/** The scan settings of one site of the run: only its URL, its report and capture to files. */
export function oneSiteSettings(
  settings: ScanSettings,
  url: string,
  files: { tmpReport: string; tmpCapture: string },
): ScanSettings {
  return {
    ...settings,
    urls: [url],
    crawl: { ...(settings.crawl ?? DEFAULT_CRAWL), fileUrls: [] },
    saveCapture: files.tmpCapture,
    targets: [{ file: files.tmpReport, format: "json" }],
    quiet: true,
  };
}

export function checkPerSiteFlags(s: ScanSettings, o: { outputDir?: string }): void {
  if (!o.outputDir)
    throw new UsageError("--per-site needs --output-dir DIR (one report per site).");
  if (s.saveCapture)
    throw new UsageError(
      "--save-capture cannot be used with --per-site: each site's capture is DIR/<site-id>.capture.jsonl.",
    );
  if (s.targets.some((t) => t.file !== "-" || t.format !== "text"))
    throw new UsageError(
      "--output and --format cannot be used with --per-site: each site's report is DIR/<site-id>.json.",
    );
}

export async function runPerSite(
  settings: ScanSettings,
  per: PerSiteSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  const sites = perSiteList(settings);
  await mkdir(per.outputDir, { recursive: true });
  log("info", `${sites.length} sites → ${per.outputDir}`);
  // Stops starting new sites on SIGINT/SIGTERM; the sites in flight write their partial reports.
  const interrupt = watchInterrupts(() => {});
  const limit = pLimit(per.sitesAtOnce);
  try {
    const codes = await Promise.all(
      sites.map((site) =>
        limit(async () => {
          if (interrupt.received) return EXIT.interrupted;
          const files = siteFiles(per.outputDir, site.id);
          const siteLog: Logger = (level, message) => log(level, `${site.id}: ${message}`);
          try {
            const code = await runScan(
              oneSiteSettings(settings, site.url, files),
              streams,
              siteLog,
            );
            await commitSiteFiles(files);
            log("info", `${site.id}: exit ${code}, report ${files.report}`);
            return code;
          } catch (err) {
            // One site's error is that site's: said, its temporary files dropped, the run goes on.
            await discardSiteFiles(files);
            const e = err as Error;
            siteLog("error", e instanceof SkimscanError ? e.message : (e.stack ?? String(e)));
            return e instanceof SkimscanError ? e.exitCode : EXIT.nothingScanned;
          }
        }),
      ),
    );
    return worstExit(codes);
  } finally {
    interrupt.dispose();
  }
}

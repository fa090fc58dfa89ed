// The flags of `scan --per-site` (research runs over many sites), declared and checked here.
import type { Command } from "commander";
import { UsageError } from "../errors.js";
import { parseCount } from "./parse-values.js";
import { checkPerSiteFlags, type PerSiteSettings } from "./per-site.js";
import type { ScanSettings } from "./scan-command.js";

export interface PerSiteFlags {
  perSite?: boolean;
  outputDir?: string;
  sitesAtOnce?: string;
}

export function withPerSiteFlags(cmd: Command): Command {
  return cmd
    .option(
      "--per-site",
      "each URL (argument or --urls-file line) is its own site: own crawl, own report in --output-dir",
    )
    .option("--output-dir <dir>", "with --per-site: write DIR/<site-id>.json and its capture")
    .option("--sites-at-once <n>", "with --per-site: sites scanned at the same time", "1");
}

/** Undefined for an ordinary scan; a bad combination is a UsageError before any browser starts. */
export function perSiteSettings(
  flags: PerSiteFlags,
  settings: ScanSettings,
): PerSiteSettings | undefined {
  if (!flags.perSite) {
    if (flags.outputDir) throw new UsageError("--output-dir is only used with --per-site.");
    return undefined;
  }
  checkPerSiteFlags(settings, flags);
  const sitesAtOnce = parseCount("--sites-at-once", flags.sitesAtOnce ?? "1");
  if (sitesAtOnce < 1) throw new UsageError("--sites-at-once must be at least 1.");
  return { outputDir: flags.outputDir as string, sitesAtOnce };
}

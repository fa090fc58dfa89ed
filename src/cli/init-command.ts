// `skimscan init URL...`: scan the site once and write a starter allowlist of what is on it now,
// every approval lapsing after a few weeks unless a person keeps it.
import { access, writeFile } from "node:fs/promises";
import { scanDay } from "../analyze/allowlist-match.js";
import { buildReport } from "../analyze/build-report.js";
import { parseAllowlist } from "../config/allowlist.js";
import { starterAllowlist } from "../config/starter-allowlist.js";
import { EXIT, UsageError } from "../errors.js";
import { loadKnowledge } from "./knowledge.js";
import type { Logger, Streams } from "./output.js";
import { checkOutputFile } from "./output-paths.js";
import { type CaptureSettings, captureScan } from "./scan-command.js";

export interface InitSettings extends CaptureSettings {
  /** The allowlist file to write; undefined: YAML on stdout. */
  output?: string;
  force: boolean;
  /** Days until the written approvals lapse. */
  expiresDays: number;
  firstParty: string[];
  entitiesFiles: string[];
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function refuse(file: string): UsageError {
  return new UsageError(
    `${file} exists; init does not overwrite an allowlist`,
    "pass --force to replace it, or --output another file",
  );
}

export async function runInit(
  settings: InitSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  // Checked before the browser starts, and again when writing (wx) in case it appeared meanwhile.
  if (settings.output && !settings.force && (await exists(settings.output))) {
    throw refuse(settings.output);
  }
  if (settings.output) await checkOutputFile("--output", settings.output);
  const knowledge = await loadKnowledge(settings.entitiesFiles);
  const { capture, interrupted, failedWrites } = await captureScan(settings, log);
  if (interrupted) {
    log("error", "interrupted: no allowlist written (a partial scan would miss third parties)");
    return EXIT.interrupted;
  }
  const loaded = capture.pages.filter((p) => p.outcome === "ok");
  if (loaded.length === 0) {
    log("error", "no page could be scanned: no allowlist written");
    return EXIT.nothingScanned;
  }
  for (const p of capture.pages) {
    if (p.outcome === "failed") log("warn", `page failed: ${p.url}: ${p.reason ?? "unknown"}`);
  }
  const report = buildReport(capture, {
    firstParty: settings.firstParty,
    entities: knowledge.entities,
  });
  const text = starterAllowlist(report, {
    day: scanDay(capture.startedAt),
    expiresDays: settings.expiresDays,
  });
  // What init writes must load as it was meant: a failure here is a bug, not the user's error.
  parseAllowlist(text, settings.output ?? "<init output>");
  if (settings.output) {
    try {
      await writeFile(settings.output, text, { flag: settings.force ? "w" : "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw refuse(settings.output);
      throw new UsageError(
        `cannot write ${settings.output} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    log(
      "info",
      `wrote ${settings.output}: ${report.parties.length} third parties authorized until ${settings.expiresDays} days from the scan; first party: ${[...new Set(report.scan.pages.flatMap((p) => p.firstParty))].join(", ")}`,
    );
  } else {
    streams.stdout.write(text);
  }
  return failedWrites.length > 0 ? EXIT.usage : EXIT.ok;
}

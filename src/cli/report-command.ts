// `skimscan report <capture.json>`: judge a saved capture again, with another allowlist or format.
import { loadCapture } from "./capture-file.js";
import type { Logger, Streams } from "./output.js";
import { finishReport, prepareJudgement, type ReportSettings } from "./report-pipeline.js";

export async function runReport(
  file: string,
  settings: ReportSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  const loaded = await prepareJudgement(settings, log);
  const capture = await loadCapture(file);
  const { exitCode } = await finishReport(
    capture,
    loaded,
    settings,
    { replayedFrom: file },
    streams,
    log,
    false, // a replay is never itself interrupted; a partial capture stays marked partial
  );
  return exitCode;
}

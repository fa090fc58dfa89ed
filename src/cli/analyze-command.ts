// `skimscan analyze <har...>`: judge what another browser recorded (DevTools, Firefox, WebPageTest,
// browsertime HARs) with the same allowlist, company map, chains and leak checks as a scan.
import { captureFromHars } from "../har/load-hars.js";
import { TOOL } from "../package-info.js";
import { MAX_BODY_BYTES } from "./browser-flags.js";
import type { Logger, Streams } from "./output.js";
import { finishReport, prepareJudgement, type ReportSettings } from "./report-pipeline.js";

export async function runAnalyze(
  files: string[],
  settings: ReportSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  const judgement = await prepareJudgement(settings, log);
  const t0 = Date.now();
  const capture = await captureFromHars(files, { tool: TOOL, maxBodyBytes: MAX_BODY_BYTES });
  const requests = capture.pages.reduce((n, p) => n + p.requests.length, 0);
  log(
    "info",
    `read ${files.length} HAR file(s): ${capture.pages.length} page(s), ${requests} request(s) in ${Date.now() - t0} ms`,
  );
  const { exitCode } = await finishReport(
    capture,
    judgement,
    settings,
    { ...capture.options, har: files },
    streams,
    log,
    false,
  );
  return exitCode;
}

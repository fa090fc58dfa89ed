// `skimscan scan URL... --signals/--consent/--opt-out-cookie`: the given pages visited in order by
// one visitor (one browser context, so a consent choice carries over), then judged and reported
// like any scan. A privacy scan does not crawl: the pages are the ones given.
import { captureVisit, type PrivacySettings, unstartedVisit } from "../consent/capture-visit.js";
import { BrowserError, UsageError } from "../errors.js";
import type { Capture } from "../model/capture.js";
import { saveCapture } from "./capture-file.js";
import { watchInterrupts } from "./interrupt.js";
import type { Logger, Streams } from "./output.js";
import { finishReport, prepareJudgement, type ReportSettings } from "./report-pipeline.js";

export interface PrivacyScanSettings extends ReportSettings {
  urls: string[];
  privacy: PrivacySettings;
  chromePath?: string;
  blockThirdPartyCookies: boolean;
  timeoutMs: number;
  dwellMs: number;
  hostRules?: string;
  insecure: boolean;
  saveCapture?: string;
  maxBodyBytes: number;
}

export async function runPrivacyScan(
  settings: PrivacyScanSettings,
  streams: Streams,
  log: Logger,
): Promise<number> {
  if (settings.urls.length === 0)
    throw new UsageError("a privacy scan (--signals, --consent, --opt-out-cookie) needs URLs.");
  const loaded = await prepareJudgement(settings, log);
  const interrupt = watchInterrupts((sig) =>
    log("warn", `${sig}: stopping; the partial report is being written (again to quit at once).`),
  );
  let capture: Capture;
  try {
    capture = await captureVisit({
      ...settings,
      signal: interrupt.signal,
      log: (level, message) => log(level, message),
      onPage: (page) =>
        log(
          "info",
          `${page.outcome}${page.timedOut ? " (timed out)" : ""}: ${page.url} — ${page.requests.length} requests`,
        ),
    });
  } catch (err) {
    // The report is still written, every page failed with the reason: exit 3.
    if (!(err instanceof BrowserError)) throw err;
    log("error", err.message);
    if (err.hint) log("error", err.hint);
    capture = unstartedVisit(settings, err.message);
  } finally {
    interrupt.dispose();
  }
  for (const w of capture.warnings) log("warn", w);
  const interrupted = interrupt.received !== undefined || capture.partial;
  if (interrupted) capture.partial = true;
  if (settings.saveCapture) {
    await saveCapture(settings.saveCapture, capture);
    log("info", `wrote the capture to ${settings.saveCapture}`);
  }
  const { privacy } = settings;
  const { exitCode } = await finishReport(
    capture,
    loaded,
    settings,
    {
      blockThirdPartyCookies: settings.blockThirdPartyCookies,
      timeoutMs: settings.timeoutMs,
      dwellMs: settings.dwellMs,
      hostRules: settings.hostRules ?? null,
      insecure: settings.insecure,
      firstParty: settings.firstParty,
      formats: settings.targets.map((t) => t.format),
      signals: [...(privacy.dnt ? ["dnt"] : []), ...(privacy.gpc ? ["gpc"] : [])],
      consent: privacy.consent ?? null,
      // Values stay out of the report: an opt-out cookie can carry an account token.
      optOutCookies: privacy.optOutCookies.map((c) => `${c.name}@${c.domain}`),
    },
    streams,
    log,
    interrupted,
  );
  return exitCode;
}

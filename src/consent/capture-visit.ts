// One visitor's walk through the given pages with privacy settings: a fresh browser whose profile
// sends the chosen signals, one browser context for the whole visit (so a consent choice and
// opt-out cookies carry over from page to page, as for a real visitor), the banner handled on the
// first page, and every page's navigator signals and consent state recorded in the Capture.
import type { CdpSession } from "../capture/cdp-connection.js";
import { capturePage } from "../crawl/capture-page.js";
import { launchBrowser } from "../crawl/launch-browser.js";
import {
  type Capture,
  type CapturedPage,
  type CapturedPrivacy,
  uncapturedPage,
} from "../model/capture.js";
import {
  type ConsentAction,
  ConsentDriver,
  type ConsentObservation,
} from "./autoconsent-driver.js";
import type { OptOutCookie } from "./opt-out-cookies.js";
import { visitCapture, visitPlan } from "./visit-record.js";

export { unstartedVisit, visitPlan } from "./visit-record.js";

export interface PrivacySettings {
  dnt: boolean;
  gpc: boolean;
  /** Undefined: the banner is left alone and no consent is recorded (a plain signals scan). */
  consent?: ConsentAction;
  optOutCookies: OptOutCookie[];
}

export interface VisitOptions {
  urls: string[];
  privacy: PrivacySettings;
  chromePath?: string;
  blockThirdPartyCookies: boolean;
  timeoutMs: number;
  dwellMs: number;
  hostRules?: string;
  insecure: boolean;
  maxBodyBytes: number;
  signal?: AbortSignal;
  log?: (level: "info" | "warn" | "debug", message: string) => void;
  onPage?: (page: CapturedPage) => void;
}

/** How long the banner may take after the page settled: the click, the CMP's self-test. */
const CONSENT_WAIT_MS = 1800;

export async function captureVisit(opts: VisitOptions): Promise<Capture> {
  const log = opts.log ?? (() => undefined);
  const startedAt = new Date().toISOString();
  const { privacy } = opts;
  const b = await launchBrowser({ ...opts, signals: { dnt: privacy.dnt, gpc: privacy.gpc } });
  log("info", `browser: ${b.info.version} (${b.info.executablePath})`);
  const pages: CapturedPage[] = [];
  const warnings: string[] = [];
  let partial = false;
  let contextId: string | undefined;
  try {
    contextId = String(
      (await b.conn.send("Target.createBrowserContext", { disposeOnDetach: true }))
        .browserContextId,
    );
    if (privacy.optOutCookies.length) {
      await b.conn.send("Storage.setCookies", {
        browserContextId: contextId,
        cookies: privacy.optOutCookies.map(toCdpCookie),
      });
    }
    for (const [i, step] of visitPlan(opts.urls, privacy.consent).entries()) {
      if (opts.signal?.aborted || b.conn.isClosed) {
        // Listed, never dropped: a page the visit did not reach is skipped (interrupted) or failed.
        partial ||= !!opts.signal?.aborted;
        const now = new Date().toISOString();
        pages.push({
          ...uncapturedPage(`p${i + 1}`, step.url, "skipped", undefined, now),
          outcome: opts.signal?.aborted ? "skipped" : "failed",
          reason: opts.signal?.aborted ? "interrupted before it started" : "the browser went away",
        });
        continue;
      }
      const driver = privacy.consent ? new ConsentDriver(privacy.consent) : undefined;
      let nav: CapturedPrivacy["navigator"];
      let seen: ConsentObservation | undefined;
      log("info", `capturing ${step.url}${step.role ? ` (${step.role})` : ""}`);
      const page = await capturePage(b, `p${i + 1}`, step.url, {
        ...opts,
        warn: (m) => warnings.push(m),
        browserContextId: contextId,
        prepare: async (top) => {
          await driver?.install(top);
        },
        inspect: async (top) => {
          nav = await readNavigator(top);
          // Before the page unloads: the self-test must run in the live document.
          seen = await driver?.finish(Date.now() + CONSENT_WAIT_MS);
        },
      });
      const privacyRecord: CapturedPrivacy = {};
      if (nav) privacyRecord.navigator = nav;
      if (driver && privacy.consent) {
        seen ??= await driver.finish(Date.now());
        const t0 = Date.parse(page.startedAt);
        privacyRecord.consent = {
          action: privacy.consent,
          role: step.role ?? "no-choice",
          ...(seen.cmp || seen.cmps[0] ? { cmp: seen.cmp ?? seen.cmps[0] } : {}),
          popupFound: seen.popupFound,
          ...(seen.actionAt !== undefined ? { actionMs: Math.max(0, seen.actionAt - t0) } : {}),
          ...(seen.actionResult !== undefined ? { actionResult: seen.actionResult } : {}),
          ...(seen.selfTest !== undefined ? { selfTest: seen.selfTest } : {}),
          ...(seen.errors.length ? { errors: seen.errors } : {}),
        };
        if (step.role === "choice" && !seen.popupFound)
          warnings.push(`${step.url}: no consent banner that autoconsent recognises was found`);
        else if (step.role === "choice" && seen.actionResult === undefined)
          warnings.push(
            `${step.url}: the ${seen.cmp} banner's ${privacy.consent} steps had not finished when the page was left (a longer --dwell gives them time)`,
          );
        else if (step.role === "choice" && seen.actionResult === false)
          warnings.push(
            `${step.url}: autoconsent could not ${privacy.consent} on the ${seen.cmp} banner`,
          );
        if (step.role === "after" && seen.popupFound)
          warnings.push(`${step.url}: the consent banner showed again after the choice`);
      }
      if (privacyRecord.navigator || privacyRecord.consent) page.privacy = privacyRecord;
      if (opts.signal?.aborted) partial = true;
      if (page.outcome === "failed") log("warn", `${step.url}: ${page.reason}`);
      pages.push(page);
      opts.onPage?.(page);
    }
  } finally {
    if (contextId)
      await b.conn
        .send("Target.disposeBrowserContext", { browserContextId: contextId })
        .catch(() => undefined);
    await b.close();
  }
  const capture = visitCapture(opts, startedAt, pages, warnings);
  capture.partial = partial;
  capture.browser = b.info;
  return capture;
}

async function readNavigator(top: CdpSession): Promise<CapturedPrivacy["navigator"]> {
  const r = await top
    .send("Runtime.evaluate", {
      expression:
        '({ dnt: "doNotTrack" in navigator ? navigator.doNotTrack : null, gpc: "globalPrivacyControl" in navigator ? navigator.globalPrivacyControl : null })\n//# sourceURL=skimscan-signals',
      returnByValue: true,
    })
    .catch(() => undefined);
  const v = r?.result?.value as { dnt?: unknown; gpc?: unknown } | undefined;
  if (!v) return undefined;
  return {
    doNotTrack: typeof v.dnt === "string" ? v.dnt : null,
    globalPrivacyControl: typeof v.gpc === "boolean" ? v.gpc : null,
  };
}

function toCdpCookie(c: OptOutCookie): Record<string, unknown> {
  return {
    name: c.name,
    value: c.value,
    domain: c.domain.startsWith(".") ? c.domain : `.${c.domain}`,
    path: "/",
    secure: true,
    sameSite: "None",
    // A year, like the opt-out cookies vendors set themselves.
    expires: Math.floor(Date.now() / 1000) + 365 * 24 * 3600,
  };
}

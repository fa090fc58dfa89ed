// One visitor's walk through the given pages with privacy settings: a fresh browser whose profile
// sends the chosen signals, one browser context for the whole visit (so a consent choice and
// opt-out cookies carry over from page to page, as for a real visitor), the banner handled on the
// first page, and every page's navigator signals and consent state recorded in the Capture.
import type { CdpSession } from "../capture/cdp-connection.js";
import { capturePage } from "../crawl/capture-page.js";
import { launchBrowser } from "../crawl/launch-browser.js";
import {
  CAPTURE_VERSION,
  type Capture,
  type CapturedPage,
  type CapturedPrivacy,
} from "../model/capture.js";
import { TOOL } from "../package-info.js";
import {
  type ConsentAction,
  ConsentDriver,
  type ConsentObservation,
} from "./autoconsent-driver.js";
import type { OptOutCookie } from "./opt-out-cookies.js";

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

/**
 * The pages of a visit: with reject/accept the first URL is where the choice is made, and every URL
 * is then visited after it (a single URL is visited again), since the choice can only be judged
 * on pages that load after it.
 */
export function visitPlan(
  urls: readonly string[],
  consent?: ConsentAction,
): { url: string; role?: "choice" | "after" | "no-choice" }[] {
  if (!consent) return urls.map((url) => ({ url }));
  if (consent === "none") return urls.map((url) => ({ url, role: "no-choice" as const }));
  const [first, ...rest] = urls;
  if (first === undefined) return [];
  const after = rest.length ? rest : [first];
  return [
    { url: first, role: "choice" as const },
    ...after.map((url) => ({ url, role: "after" as const })),
  ];
}

/**
 * A visit whose browser never started: every planned page failed with the reason, so the report
 * is still written and says so (exit 3).
 */
export function unstartedVisit(opts: VisitOptions, reason: string): Capture {
  const now = new Date().toISOString();
  const capture = visitCapture(opts, now, [], []);
  capture.browser = { version: "unknown (did not start)", userAgent: "" };
  capture.pages = visitPlan(opts.urls, opts.privacy.consent).map((step, i) => ({
    id: `p${i + 1}`,
    url: step.url,
    finalUrl: step.url,
    outcome: "failed" as const,
    reason: `browser did not start: ${reason}`,
    timedOut: false,
    startedAt: now,
    finishedAt: now,
    targets: [],
    frames: [],
    requests: [],
    scripts: [],
    cookieWrites: [],
    jar: [],
    storage: [],
  }));
  return capture;
}

function visitCapture(
  opts: VisitOptions,
  startedAt: string,
  pages: CapturedPage[],
  warnings: string[],
): Capture {
  const { privacy } = opts;
  return {
    captureVersion: CAPTURE_VERSION,
    tool: { name: TOOL.name, version: TOOL.version },
    startedAt,
    finishedAt: new Date().toISOString(),
    startUrls: [...opts.urls],
    partial: false,
    browser: { version: "", userAgent: "" },
    options: {
      blockThirdPartyCookies: opts.blockThirdPartyCookies,
      timeoutMs: opts.timeoutMs,
      dwellMs: opts.dwellMs,
      ...(opts.hostRules ? { hostRules: opts.hostRules } : {}),
      insecure: opts.insecure,
      maxBodyBytes: opts.maxBodyBytes,
      signals: [...(privacy.dnt ? ["dnt"] : []), ...(privacy.gpc ? ["gpc"] : [])],
      ...(privacy.consent ? { consent: privacy.consent } : {}),
      ...(privacy.optOutCookies.length
        ? { optOutCookies: privacy.optOutCookies.map((c) => `${c.name}@${c.domain}`) }
        : {}),
    },
    pages,
    warnings,
  };
}

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
        partial ||= !!opts.signal?.aborted;
        break;
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

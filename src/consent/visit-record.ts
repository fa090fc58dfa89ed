// The record of a privacy visit that is not about the browser: which page plays which part
// (choice, after), the Capture's options for the privacy settings, and the pages a visit lists
// when it could not load them.
import {
  CAPTURE_VERSION,
  type Capture,
  type CapturedPage,
  uncapturedPage,
} from "../model/capture.js";
import { TOOL } from "../package-info.js";
import type { ConsentAction } from "./autoconsent-driver.js";
import type { VisitOptions } from "./capture-visit.js";

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
    ...uncapturedPage(`p${i + 1}`, step.url, "skipped", undefined, now),
    outcome: "failed" as const,
    reason: `browser did not start: ${reason}`,
  }));
  return capture;
}

export function visitCapture(
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

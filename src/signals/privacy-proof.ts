// The report's privacy record: which signals and consent action a scan used, and the proof from
// the capture that the browser really did it (headers as sent, navigator values, the CMP's state).
import type { Capture } from "../model/capture.js";
import type { ReportPrivacy } from "../model/report.js";
import { consentStory } from "./consent-state.js";
import { signalsOf } from "./privacy-options.js";

/** Undefined for a scan made without any privacy setting (the report then has no `privacy`). */
export function privacyProof(capture: Capture): ReportPrivacy | undefined {
  const signals = signalsOf(capture);
  const story = consentStory(capture);
  const optOut = capture.options.optOutCookies;
  const optOutCookies = Array.isArray(optOut) ? optOut.map(String) : [];
  if (!signals.length && !story && !optOutCookies.length) return undefined;
  let requests = 0;
  let dntRequests = 0;
  let gpcRequests = 0;
  const nav = new Map<string, ReportPrivacy["navigator"][number]>();
  for (const page of capture.pages) {
    for (const r of page.requests) {
      // Only requests that went out carry headers worth counting.
      if (Object.keys(r.requestHeaders).length === 0) continue;
      requests++;
      if (r.requestHeaders.dnt === "1") dntRequests++;
      if (r.requestHeaders["sec-gpc"] === "1") gpcRequests++;
    }
    const n = page.privacy?.navigator;
    if (!n) continue;
    const key = JSON.stringify([n.doNotTrack, n.globalPrivacyControl]);
    const seen = nav.get(key) ?? { ...n, pages: 0 };
    seen.pages++;
    nav.set(key, seen);
  }
  return {
    signals,
    requests,
    dntRequests,
    gpcRequests,
    navigator: [...nav.values()],
    ...(story
      ? {
          consent: {
            action: story.action,
            ...(story.cmp ? { cmp: story.cmp } : {}),
            ...(story.choicePage ? { choicePage: story.choicePage.url } : {}),
            ...(story.actionMs !== undefined ? { clickMs: story.actionMs } : {}),
            choiceMade: story.choiceMade,
            ...(story.selfTest !== undefined ? { stateReadBack: story.selfTest } : {}),
            afterPages: story.afterPages.map((p) => p.url),
            bannerShownAgain: story.bannerAgain.map((p) => p.url),
          },
        }
      : {}),
    ...(optOutCookies.length ? { optOutCookies } : {}),
  };
}

/** `{ privacy }` for the report's scan section, or nothing when the scan used no privacy setting. */
export function privacyField(capture: Capture): { privacy?: ReportPrivacy } {
  const privacy = privacyProof(capture);
  return privacy ? { privacy } : {};
}

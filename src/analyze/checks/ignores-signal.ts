// ignores-dnt / ignores-gpc: a third party that received the browser's Do Not Track or Global
// Privacy Control signal with its own requests and still tracked with an identifier: got identifier
// cookies stored, or sent requests carrying one (a stored device id in a fetch body, an identifier
// cookie, a fingerprint). A bare pixel with no identifier is not proof of ignoring the signal.
import { beforeAnswer, consentStory } from "../../signals/consent-state.js";
import type { Signal } from "../../signals/privacy-options.js";
import { distinctCookies, sample, trackingActivity } from "../tracking-activity.js";
import { defineCheck } from "./check.js";

const HEADER: Record<Signal, string> = { dnt: "DNT: 1", gpc: "Sec-GPC: 1" };
const NAME: Record<Signal, string> = { dnt: "Do Not Track", gpc: "Global Privacy Control" };

/**
 * Proof is on the party's own requests: at least one of them carried the header, as captured
 * from what the browser sent. After an "accept" click the visitor said yes, so only what each
 * visitor's pages sent before the click is judged then (the consent story is read from the
 * capture: a scan with --signals need not have used --consent).
 */
function ignoresSignal(signal: Signal) {
  return defineCheck({
    meta: {
      code: `ignores-${signal}`,
      title: `Ignores ${NAME[signal]}`,
      description: `The browser sent ${HEADER[signal]} to this third party and it still tracked with an identifier: identifier cookies stored, or requests carrying an identifier cookie, a stored identifier (a device id in a fetch body counts) or a fingerprint.`,
      severity: "medium",
    },
    requires: ["signals", "requests", "filterLists"],
    run(ctx) {
      if (!ctx.signals.includes(signal)) return [];
      const story = consentStory(ctx.capture);
      const accepted = story?.action === "accept" && story.choiceMade ? story : undefined;
      const activity = trackingActivity(
        ctx,
        accepted
          ? beforeAnswer(accepted)
          : (page) => (page.outcome === "ok" ? { all: true } : undefined),
      );
      const navigator = new Set(
        ctx.capture.pages.flatMap((p) => {
          const n = p.privacy?.navigator;
          if (!n) return [];
          return [signal === "dnt" ? String(n.doNotTrack) : String(n.globalPrivacyControl)];
        }),
      );
      return activity.flatMap((a) => {
        const sent = signal === "dnt" ? a.dntRequests : a.gpcRequests;
        if ((a.cookies.length === 0 && a.identifierRequests === 0) || sent === 0) return [];
        const cookies = sample(distinctCookies(a.cookies));
        const requests = sample(a.requests);
        return [
          {
            severity: "medium" as const,
            party: a.party,
            ...(a.pages[0] ? { page: a.pages[0] } : {}),
            key: a.party,
            evidence: {
              signal,
              header: HEADER[signal],
              // Proof the signal reached this party: its requests that carried the header.
              requestsWithSignal: sent,
              requests: a.allRequests,
              navigatorValues: [...navigator].sort(),
              pages: a.pages,
              cookies: cookies.shown,
              cookieCount: cookies.total,
              identifierRequests: a.identifierRequests,
              trackingRequests: requests.shown,
              trackingRequestCount: requests.total,
            },
          },
        ];
      });
    },
  });
}

export const ignoresDntCheck = ignoresSignal("dnt");
export const ignoresGpcCheck = ignoresSignal("gpc");

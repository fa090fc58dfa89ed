// ignores-dnt / ignores-gpc: a third party that received the browser's Do Not Track or Global
// Privacy Control signal with its own requests and still tracked with an identifier: got identifier
// cookies stored, or sent requests carrying one (a stored device id in a fetch body, an identifier
// cookie, a fingerprint). A bare pixel with no identifier is not proof of ignoring the signal.
import type { Check } from "../../analyze/checks/check.js";
import type { Capture } from "../../model/capture.js";
import { beforeAnswer, consentStory } from "../consent-state.js";
import { distinctCookies, sample, trackingActivity, type Window } from "../tracking-activity.js";

type Signal = "dnt" | "gpc";

const HEADER: Record<Signal, string> = { dnt: "DNT: 1", gpc: "Sec-GPC: 1" };

export function signalsOf(capture: Capture): Signal[] {
  const s = capture.options.signals;
  return Array.isArray(s) ? s.filter((x): x is Signal => x === "dnt" || x === "gpc") : [];
}

/**
 * Proof is on the party's own requests: at least one of them carried the header, as captured
 * from what the browser sent. After an "accept" click the visitor said yes, so only what each
 * visitor's pages sent before the click is judged then.
 */
function ignoresSignal(signal: Signal): Check {
  return {
    code: `ignores-${signal}`,
    run(ctx) {
      if (!signalsOf(ctx.capture).includes(signal)) return [];
      const story = consentStory(ctx.capture);
      const accepted = story?.action === "accept" && story.choiceMade ? story : undefined;
      const activity = trackingActivity(
        ctx,
        accepted
          ? beforeAnswer(accepted)
          : (page): Window | undefined => (page.outcome === "ok" ? { all: true } : undefined),
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
  };
}

export const ignoresDntCheck = ignoresSignal("dnt");
export const ignoresGpcCheck = ignoresSignal("gpc");

// tracks-before-consent: a third party set identifier cookies or sent tracking requests (pixels,
// beacons, filter-list trackers) before the visitor had answered the consent banner.
import type { Check } from "../../analyze/checks/check.js";
import { beforeAnswer, consentStory } from "../consent-state.js";
import { distinctCookies, sample, trackingActivity } from "../tracking-activity.js";

/**
 * Judged with --consent, page by page: on a page where the banner was answered only the traffic
 * before the click counts; pages loaded after an answer do not count; every other page counts
 * (`none`, no banner found, a visitor whose answer failed), since no consent was ever given.
 */
export const tracksBeforeConsentCheck: Check = {
  code: "tracks-before-consent",
  run(ctx) {
    const story = consentStory(ctx.capture);
    if (!story) return [];
    const choice = story.choiceMade ? story.choicePage : undefined;
    const actionMs = story.actionMs;
    const activity = trackingActivity(ctx, beforeAnswer(story));
    return activity.map((a) => {
      const requests = sample(a.requests);
      const cookies = sample(distinctCookies(a.cookies));
      return {
        severity: "medium" as const,
        party: a.party,
        ...(a.pages[0] ? { page: a.pages[0] } : {}),
        key: a.party,
        evidence: {
          action: story.action,
          cmp: story.cmp ?? null,
          window: choice ? "before-click" : "no-interaction",
          ...(choice && actionMs !== undefined
            ? { clickMs: actionMs, choicePage: choice.url }
            : {}),
          pages: a.pages,
          trackingRequests: requests.shown,
          trackingRequestCount: requests.total,
          cookies: cookies.shown,
          cookieCount: cookies.total,
        },
      };
    });
  },
};

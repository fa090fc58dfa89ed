// tracks-before-consent: a third party set identifier cookies or sent tracking requests (pixels,
// beacons, filter-list trackers) before the visitor had answered the consent banner.
import { beforeAnswer } from "../../signals/consent-state.js";
import { distinctCookies, sample, trackingActivity } from "../tracking-activity.js";
import { defineCheck } from "./check.js";

/**
 * Judged with --consent, page by page: on a page where the banner was answered only the traffic
 * before the click counts; pages loaded after an answer do not count; every other page counts
 * (`none`, no banner found, a visitor whose answer failed), since no consent was ever given.
 */
export const tracksBeforeConsentCheck = defineCheck({
  meta: {
    code: "tracks-before-consent",
    title: "Tracks before consent",
    description:
      "A third party set identifier cookies or sent tracking requests (pixels, beacons, filter-list trackers) before the visitor answered the consent banner. Load it through the consent manager (see its loadedBy chain).",
    severity: "medium",
  },
  requires: ["consent", "requests", "filterLists"],
  run(ctx) {
    const story = ctx.consent;
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
          window: choice ? ("before-click" as const) : ("no-interaction" as const),
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
});

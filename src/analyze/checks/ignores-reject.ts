// ignores-reject: a third party still tracked (identifier cookies, pixels, beacons, filter-list
// trackers) on the pages loaded after the visitor rejected in the consent banner.
import { distinctCookies, sample, trackingActivity } from "../tracking-activity.js";
import { defineCheck } from "./check.js";

/**
 * Only pages loaded after the choice count: what the choice page had already loaded before the
 * click cannot un-happen. Severity `high` when the consent manager's own state, read back after
 * the click, said rejected; `medium` when it could not be read back.
 */
export const ignoresRejectCheck = defineCheck({
  meta: {
    code: "ignores-reject",
    title: "Ignores a rejected consent",
    description:
      "After the visitor rejected in the consent banner, this third party still tracked on the pages loaded next. Gate its tag on the consent manager, or ask the vendor why it ignores the choice.",
    severity: "medium",
    severityRules: [
      {
        severity: "high",
        when: "the consent manager's own state, read back after the click, said rejected",
      },
    ],
  },
  requires: ["consent", "requests", "filterLists"],
  run(ctx) {
    const story = ctx.consent;
    if (story.action !== "reject" || !story.choiceMade) return [];
    const after = new Set(story.afterPages);
    const activity = trackingActivity(ctx, (page) => (after.has(page) ? { all: true } : undefined));
    return activity.map((a) => {
      const requests = sample(a.requests);
      const cookies = sample(distinctCookies(a.cookies));
      return {
        severity: story.selfTest === true ? ("high" as const) : ("medium" as const),
        party: a.party,
        ...(a.pages[0] ? { page: a.pages[0] } : {}),
        key: a.party,
        evidence: {
          cmp: story.cmp ?? null,
          choicePage: story.choicePage?.url ?? null,
          clickMs: story.actionMs ?? null,
          // Proof of the "no": the CMP's own state read back after the click (null: no self-test).
          rejectedStateReadBack: story.selfTest ?? null,
          afterPages: story.afterPages.map((p) => p.url),
          bannerShownAgain: story.bannerAgain.map((p) => p.url),
          pages: a.pages,
          cookies: cookies.shown,
          cookieCount: cookies.total,
          trackingRequests: requests.shown,
          trackingRequestCount: requests.total,
        },
      };
    });
  },
});

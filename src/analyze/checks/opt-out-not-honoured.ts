// opt-out-not-honoured: the visitor's browser held a party's opt-out cookie (--opt-out-cookie)
// and sent it, and the party still got identifier cookies stored.
import { partyOf } from "../../domain/party.js";
import { distinctCookies, sample, trackingActivity } from "../tracking-activity.js";
import { defineCheck } from "./check.js";

function carriesCookie(header: string | undefined, name: string): boolean {
  return !!header && header.split(/;\s*/).some((kv) => kv.startsWith(`${name}=`));
}

export const optOutNotHonouredCheck = defineCheck({
  meta: {
    code: "opt-out-not-honoured",
    title: "Opt-out cookie not honoured",
    description:
      "The browser sent this party its own opt-out cookie (--opt-out-cookie) and it still got identifier cookies stored.",
    severity: "medium",
  },
  requires: ["optOutCookies", "requests", "filterLists"],
  run(ctx) {
    const activity = trackingActivity(ctx, (p) => (p.outcome === "ok" ? { all: true } : undefined));
    return ctx.optOutCookies.flatMap((o) => {
      const party = partyOf(o.domain);
      const a = activity.find((x) => x.party === party);
      const ids = distinctCookies(a?.cookies ?? []).filter((c) => c.name !== o.name);
      const sent = ctx.requests.filter(
        (r) => r.party === party && carriesCookie(r.request.requestHeaders.cookie, o.name),
      ).length;
      if (!a || ids.length === 0 || sent === 0) return [];
      const cookies = sample(ids);
      return [
        {
          severity: "medium" as const,
          party,
          ...(a.pages[0] ? { page: a.pages[0] } : {}),
          key: `${o.name}@${o.domain}`,
          evidence: {
            optOutCookie: `${o.name}@${o.domain}`,
            // Proof the opt-out reached the party: its requests that carried the cookie.
            requestsWithOptOut: sent,
            pages: a.pages,
            cookies: cookies.shown,
            cookieCount: cookies.total,
          },
        },
      ];
    });
  },
});

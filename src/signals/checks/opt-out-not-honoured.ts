// opt-out-not-honoured: the visitor's browser held a party's opt-out cookie (--opt-out-cookie)
// and sent it, and the party still got identifier cookies stored.
import type { Check } from "../../analyze/checks/check.js";
import { partyOf } from "../../analyze/party.js";
import { distinctCookies, sample, trackingActivity } from "../tracking-activity.js";

/** "name@domain" entries as the capture records them (values are not kept there). */
function optOuts(options: Record<string, unknown>): { name: string; domain: string }[] {
  const list = options.optOutCookies;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s) => {
    const at = typeof s === "string" ? s.lastIndexOf("@") : -1;
    return at > 0 ? [{ name: String(s).slice(0, at), domain: String(s).slice(at + 1) }] : [];
  });
}

function carriesCookie(header: string | undefined, name: string): boolean {
  return !!header && header.split(/;\s*/).some((kv) => kv.startsWith(`${name}=`));
}

export const optOutNotHonouredCheck: Check = {
  code: "opt-out-not-honoured",
  run(ctx) {
    const list = optOuts(ctx.capture.options);
    if (list.length === 0) return [];
    const activity = trackingActivity(ctx, (p) => (p.outcome === "ok" ? { all: true } : undefined));
    return list.flatMap((o) => {
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
};

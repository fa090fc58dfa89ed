// A third party the allowlist does not authorize (or denies) was on the site.
import type { Check } from "./check.js";

export const roguePartyCheck: Check = {
  code: "rogue-party",
  run(ctx) {
    return ctx.parties
      .filter((p) => p.status === "rogue")
      .map((p) => {
        const denied = ctx.requests.find((r) =>
          r.contacts.some((c) => c.party === p.domain && c.rule?.startsWith("denied:")),
        );
        const rule = denied?.contacts.find(
          (c) => c.party === p.domain && c.rule?.startsWith("denied:"),
        )?.rule;
        const pinBroken = ctx.requests.some((r) =>
          r.contacts.some((c) => c.party === p.domain && c.rule === "integrity-mismatch"),
        );
        const unauthorizedHosts = [
          ...new Set(
            ctx.requests.flatMap((r) =>
              r.contacts
                .filter((c) => c.party === p.domain && c.verdict === "rogue")
                .map((c) => c.host),
            ),
          ),
        ].sort();
        return {
          severity: "high" as const,
          party: p.domain,
          page: p.firstSeen,
          key: p.domain,
          evidence: {
            hosts: p.hosts,
            rogueHosts: unauthorizedHosts,
            pages: p.pages,
            requests: p.requests,
            loadedBy: p.loadedBy[0] ?? [],
            rule: rule ?? (pinBroken ? "integrity-mismatch" : "no authorized entry"),
          },
        };
      });
  },
};

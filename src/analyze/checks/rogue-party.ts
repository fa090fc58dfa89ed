// A third party the allowlist does not authorize (or denies) was on the site.
import { defineCheck } from "./check.js";

export const roguePartyCheck = defineCheck({
  meta: {
    code: "rogue-party",
    title: "Rogue third party",
    description:
      "A third party that no authorized allowlist entry matches (or that a denied entry names) loaded on a page. Authorize it in the allowlist if it is wanted; otherwise remove the tag that brings it in (see its loadedBy chain).",
    severity: "high",
  },
  requires: ["requests", "parties"],
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
});

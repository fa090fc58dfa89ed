// A rogue party set a cookie, or tried to (a blocked attempt is still intent to track).
import { defineCheck } from "./check.js";

export const rogueCookieCheck = defineCheck({
  meta: {
    code: "rogue-cookie",
    title: "Cookie set by a rogue party",
    description:
      "A rogue third party set, or tried to set, a cookie: an identifier it can recognise the visitor by.",
    severity: "medium",
  },
  requires: ["parties", "cookies"],
  run(ctx) {
    const isRogue = (domain: string) => ctx.partyByDomain.get(domain)?.status === "rogue";
    return ctx.reportCookies.flatMap((c) => {
      if (c.domainRefused) return [];
      const culprit = isRogue(c.setByParty) ? c.setByParty : isRogue(c.party) ? c.party : undefined;
      if (!culprit) return [];
      return [
        {
          severity: "medium" as const,
          party: culprit,
          page: c.page,
          parties: [c.party],
          key: JSON.stringify([c.name, c.domain, c.path]),
          evidence: {
            name: c.name,
            domain: c.domain,
            path: c.path,
            setBy: c.setBy,
            ...(c.script ? { script: c.script } : {}),
            thirdPartyContext: c.thirdPartyContext,
            blocked: c.blocked,
            ...(c.blockedReasons ? { blockedReasons: c.blockedReasons } : {}),
            writes: c.writes,
          },
        },
      ];
    });
  },
});

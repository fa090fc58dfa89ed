// An authorized entry has expired and something it would have covered was still on the site.
import type { AllowlistEntry } from "../../config/allowlist.js";
import { defineCheck } from "./check.js";

export const expiredApprovalCheck = defineCheck({
  meta: {
    code: "expired-approval",
    title: "Allowlist approval expired",
    description:
      "The authorized allowlist entry that would have covered this party has passed its expires day: renew the contract or remove the party.",
    severity: "low",
  },
  requires: ["requests"],
  run(ctx) {
    const seen = new Map<
      AllowlistEntry,
      { hosts: Set<string>; parties: Set<string>; pages: string[] }
    >();
    for (const r of ctx.requests) {
      for (const c of r.contacts) {
        for (const entry of c.expired) {
          const acc = seen.get(entry) ?? { hosts: new Set(), parties: new Set(), pages: [] };
          acc.hosts.add(c.host);
          acc.parties.add(c.party);
          if (!acc.pages.includes(r.page.url)) acc.pages.push(r.page.url);
          seen.set(entry, acc);
        }
      }
    }
    return [...seen].map(([entry, acc]) => {
      const parties = [...acc.parties].sort();
      return {
        severity: "low" as const,
        party: parties[0],
        page: acc.pages[0],
        parties,
        key: entry.rule,
        evidence: {
          rule: entry.rule,
          expires: entry.expires ?? "",
          day: ctx.day,
          hosts: [...acc.hosts].sort(),
          pages: acc.pages,
          ...(entry.line ? { line: entry.line } : {}),
          ...(entry.note ? { note: entry.note } : {}),
        },
      };
    });
  },
});

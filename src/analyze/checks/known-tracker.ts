// A third party without an approval (rogue or unlisted) whose requests a user's filter list
// (--filter-list, e.g. EasyPrivacy) names as a tracker: the matched rules are the evidence.
import { defineCheck } from "./check.js";

/** How many distinct matched rules a finding lists; the count says how many there were. */
const MAX_RULES = 10;

/**
 * Severity: `low` for a rogue party (the rogue-party finding already carries the weight; this one
 * adds outside evidence of what it is), `info` for an unlisted one (no allowlist was given, so
 * nothing is known to be wrong). Authorized parties are not reported: the publisher approved
 * them, tracker or not.
 */
export const knownTrackerCheck = defineCheck({
  meta: {
    code: "known-tracker",
    title: "Unapproved party on a filter list",
    description:
      "A rogue or unlisted party's requests match a rule of a filter list given with --filter-list (e.g. EasyPrivacy): outside evidence that it tracks visitors.",
    severity: "low",
    severityRules: [{ severity: "info", when: "the party is unlisted (no allowlist was given)" }],
  },
  requires: ["requests", "parties", "filterLists"],
  run(ctx) {
    const matches = ctx.filterMatches;
    if (matches.size === 0) return [];
    const byParty = new Map<string, { rules: Map<string, string>; requests: number }>();
    for (const r of ctx.requests) {
      const m = matches.get(r);
      if (!m || (r.verdict !== "rogue" && r.verdict !== "unlisted")) continue;
      const acc = byParty.get(r.party) ?? { rules: new Map(), requests: 0 };
      acc.requests++;
      if (!acc.rules.has(m.rule)) acc.rules.set(m.rule, m.list);
      byParty.set(r.party, acc);
    }
    return [...byParty].flatMap(([party, acc]) => {
      const p = ctx.partyByDomain.get(party);
      if (!p || (p.status !== "rogue" && p.status !== "unlisted")) return [];
      const rules = [...acc.rules].sort(([a], [b]) => a.localeCompare(b));
      return [
        {
          severity: p.status === "rogue" ? ("low" as const) : ("info" as const),
          party,
          page: p.firstSeen,
          key: party,
          evidence: {
            rules: rules.slice(0, MAX_RULES).map(([rule, list]) => ({ rule, list })),
            distinctRules: rules.length,
            lists: [...new Set(rules.map(([, list]) => list))].sort(),
            matchedRequests: acc.requests,
            requests: p.requests,
            ...(p.entity ? { entity: p.entity } : {}),
          },
        },
      ];
    });
  },
});

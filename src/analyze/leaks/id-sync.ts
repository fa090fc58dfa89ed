// id-sync: one party's stored identifier handed to another party (query, path, body, header or a
// redirect Location), the mechanism of cookie syncing; lower when both belong to one company (the
// company map's word, or one brand under two suffixes).
import type { Severity } from "../../model/report.js";
import { type CheckContext, defineCheck, type FindingDraft } from "../checks/check.js";
import { identifierFlows, storedEvidence } from "./flows.js";
import { DraftGroups } from "./group.js";
import { sameBrand } from "./same-brand.js";
import { carrierEvidence } from "./sent-values.js";
import type { LeakInput, LeakOptions } from "./types.js";

export const idSyncCheck = defineCheck({
  meta: {
    code: "id-sync",
    title: "Identifier synced to another party",
    description:
      "An identifier one party stored in a cookie or web storage reached another party, in the query, path, body, a header or a redirect Location, also along redirect chains (cookie syncing), linking their profiles of the visitor.",
    severity: "medium",
    severityRules: [
      {
        severity: "low",
        when: "both domains belong to one company (the company map, or one brand under two suffixes)",
      },
      { severity: "high", when: "the receiver is rogue" },
    ],
  },
  requires: ["requests", "parties", "leaks"],
  run: (ctx) =>
    detectIdSync(ctx, {
      ...ctx.leakOptions,
      sameCompany: ctx.leakOptions.sameCompany ?? sameCompanyOf(ctx),
    }),
});

/** Two domains of one company per the company map (both must be known to the map). */
export function sameCompanyOf(ctx: CheckContext<"parties">): (a: string, b: string) => boolean {
  return (a, b) => {
    const ea = ctx.partyByDomain.get(a)?.entity;
    return ea !== undefined && ea === ctx.partyByDomain.get(b)?.entity;
  };
}

export function detectIdSync(
  input: LeakInput,
  options: LeakOptions = {},
): FindingDraft<"id-sync">[] {
  const groups = new DraftGroups<"id-sync">();
  for (const flow of identifierFlows(input)) {
    if (flow.ownerIsFirstParty) continue; // first-party-id-leak's case
    const { sent, stored, owner, from } = flow;
    const receiver = sent.party;
    if (from === receiver) continue;
    const sameCompany =
      (options.sameCompany?.(from, receiver) ?? false) || sameBrand(from, receiver);
    const severity: Severity = sameCompany ? "low" : sent.verdict === "rogue" ? "high" : "medium";
    const hops = sent.req.request.redirects;
    const chain = hops.length > 0 ? [...hops.map((h) => h.url), sent.req.request.url] : undefined;
    // One finding per receiver, giver and stored identifier; the places it travelled are examples.
    const key = JSON.stringify([from, stored.kind, stored.name]);
    const example = {
      ...carrierEvidence(sent),
      ...(flow.redirectedBy ? { redirectedBy: flow.redirectedBy } : {}),
    };
    groups.add(`${receiver} ${key}`, example, () => ({
      severity,
      party: receiver,
      parties: [...new Set([from, owner])],
      page: sent.req.page.url,
      key,
      evidence: {
        from,
        to: receiver,
        owner,
        value: sent.carrier.value,
        stored: storedEvidence(stored),
        ...(sameCompany ? { sameCompany: true } : {}),
        ...(chain ? { redirectChain: chain } : {}),
        receiverVerdict: sent.verdict,
      },
    }));
  }
  return groups.drafts();
}

// id-sync: one party's stored identifier handed to another party (query, path, body, header or a
// redirect Location), the mechanism of cookie syncing; lower when both belong to one company (the
// company map's word, or one brand under two suffixes).
import type { Severity } from "../../model/report.js";
import { identifierFlows, storedEvidence } from "./flows.js";
import { DraftGroups } from "./group.js";
import { sameBrand } from "./same-brand.js";
import { carrierEvidence } from "./sent-values.js";
import type { LeakDraft, LeakInput, LeakOptions } from "./types.js";

export function detectIdSync(input: LeakInput, options: LeakOptions = {}): LeakDraft[] {
  const groups = new DraftGroups();
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
      code: "id-sync",
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

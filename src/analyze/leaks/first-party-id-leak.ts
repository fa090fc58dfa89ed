// first-party-id-leak: an identifier the site itself stored (its session cookie, its user id in
// storage, written by its own responses or scripts) sent to a third party. A vendor reading back
// the first-party cookie its own script wrote (_ga to Google Analytics) is not one: it is id-sync
// at most, and only when it reaches someone else.
import type { Severity } from "../../model/report.js";
import { defineCheck, type FindingDraft } from "../checks/check.js";
import { identifierFlows, storedEvidence } from "./flows.js";
import { DraftGroups } from "./group.js";
import { carrierEvidence } from "./sent-values.js";
import type { LeakInput } from "./types.js";

/** Names that mark a login or session: leaking these can hand over the visitor's account. */
export const SESSION_NAME = /(sess|sid|auth|token|login|jwt|user_?id|uid)/i;

export const firstPartyIdLeakCheck = defineCheck({
  meta: {
    code: "first-party-id-leak",
    title: "First-party identifier sent to a third party",
    description:
      "An identifier the site itself stored (its own session or visitor id, not a vendor's id in a first-party cookie read back by that vendor) was sent to a third party.",
    severity: "medium",
    severityRules: [
      {
        severity: "high",
        when: "the name is session-like, the cookie is HttpOnly or the receiver is rogue",
      },
    ],
  },
  requires: ["requests"],
  run: (ctx) => detectFirstPartyIdLeak(ctx),
});

export function detectFirstPartyIdLeak(input: LeakInput): FindingDraft<"first-party-id-leak">[] {
  const groups = new DraftGroups<"first-party-id-leak">();
  for (const flow of identifierFlows(input)) {
    if (!flow.ownerIsFirstParty) continue;
    const { sent, stored } = flow;
    const sensitive = stored.httpOnly || SESSION_NAME.test(stored.name);
    const severity: Severity = sent.verdict === "rogue" || sensitive ? "high" : "medium";
    // One finding per receiver and stored identifier; the places it travelled are examples.
    const key = JSON.stringify([stored.kind, stored.name]);
    groups.add(`${sent.party} ${key}`, carrierEvidence(sent), () => ({
      severity,
      party: sent.party,
      page: sent.req.page.url,
      key,
      evidence: {
        value: sent.carrier.value,
        stored: storedEvidence(stored),
        ...(sensitive ? { sensitive: true } : {}),
        receiverVerdict: sent.verdict,
      },
    }));
  }
  return groups.drafts();
}

// The registry of checks: one line per check; ids, ordering and severity sorting live here.
import type { Finding, Severity } from "../../model/report.js";
import { ignoresRejectCheck } from "../../signals/checks/ignores-reject.js";
import { ignoresDntCheck, ignoresGpcCheck } from "../../signals/checks/ignores-signal.js";
import { optOutNotHonouredCheck } from "../../signals/checks/opt-out-not-honoured.js";
import { tracksBeforeConsentCheck } from "../../signals/checks/tracks-before-consent.js";
import { leakChecks } from "../leaks/leak-checks.js";
import type { Check, CheckContext } from "./check.js";
import { expiredApprovalCheck } from "./expired-approval.js";
import { findingId } from "./fingerprint.js";
import { knownTrackerCheck } from "./known-tracker.js";
import { newScriptCheck } from "./new-script.js";
import { piggybackCheck } from "./piggyback.js";
import { rogueCookieCheck } from "./rogue-cookie.js";
import { roguePartyCheck } from "./rogue-party.js";
import { scriptChangedCheck } from "./script-changed.js";
import { headerChangedCheck, headerRemovedCheck } from "./security-headers.js";
import { sriMissingCheck } from "./sri-missing.js";
import { staleEntryCheck } from "./stale-entry.js";

export type { Check, CheckContext, FindingDraft } from "./check.js";

export const CHECKS: readonly Check[] = [
  roguePartyCheck,
  rogueCookieCheck,
  expiredApprovalCheck,
  staleEntryCheck,
  knownTrackerCheck,
  piggybackCheck,
  ...leakChecks(),
  tracksBeforeConsentCheck,
  ignoresRejectCheck,
  ignoresGpcCheck,
  ignoresDntCheck,
  optOutNotHonouredCheck,
  scriptChangedCheck,
  newScriptCheck,
  headerChangedCheck,
  headerRemovedCheck,
  sriMissingCheck,
];

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

/** Runs every check and turns drafts into findings with stable ids, sorted deterministically. */
export function runChecks(ctx: CheckContext, checks: readonly Check[] = CHECKS): Finding[] {
  const findings: Finding[] = [];
  const ids = new Set<string>();
  for (const check of checks) {
    for (const d of check.run(ctx)) {
      const id = findingId(
        check.code,
        [...(d.party ? [d.party] : []), ...(d.parties ?? [])],
        d.key,
      );
      if (ids.has(id)) continue;
      ids.add(id);
      findings.push({
        id,
        code: check.code,
        severity: d.severity,
        ...(d.party ? { party: d.party } : {}),
        ...(d.page ? { page: d.page } : {}),
        evidence: d.evidence,
      });
    }
  }
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.code.localeCompare(b.code) ||
      (a.party ?? "").localeCompare(b.party ?? "") ||
      a.id.localeCompare(b.id),
  );
}

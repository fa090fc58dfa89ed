// The registry of checks, and the runner that turns their drafts into findings (ids, order).
//
// Adding a check: its file (a `defineCheck({ meta, requires, run })`, evidence typed in
// EvidenceByCode of src/model/report.ts and $defs of schema/report.schema.json), its test, and
// one line below. The README's findings table is made from `meta` (test/unit/readme-findings).
import type { Finding, FindingCode } from "../../model/report.js";
import { consentStory } from "../../signals/consent-state.js";
import { optOutCookiesOf, signalsOf } from "../../signals/privacy-options.js";
import { fingerprintingCheck } from "../behaviour/fingerprinting.js";
import { keyLoggingCheck } from "../behaviour/key-logging.js";
import { sessionRecordingCheck } from "../behaviour/session-recording.js";
import { firstPartyIdLeakCheck } from "../leaks/first-party-id-leak.js";
import { idSyncCheck } from "../leaks/id-sync.js";
import { insecureThirdPartyCookieCheck } from "../leaks/insecure-third-party-cookie.js";
import { longLivedCookieCheck } from "../leaks/long-lived-cookie.js";
import { piiLeakCheck } from "../leaks/pii-leak.js";
import { searchTermLeakCheck } from "../leaks/search-term-leak.js";
import { urlLeakCheck } from "../leaks/url-leak.js";
import type { Check, CheckContext, CheckInput, CheckInputs, CheckMeta } from "./check.js";
import { INPUT_FIELDS } from "./check.js";
import { cspBreaksAuthorizedCheck } from "./csp-breaks-authorized.js";
import { cspMissesRogueCheck } from "./csp-misses-rogue.js";
import { expiredApprovalCheck } from "./expired-approval.js";
import { findingId } from "./fingerprint.js";
import { ignoresRejectCheck } from "./ignores-reject.js";
import { ignoresDntCheck, ignoresGpcCheck } from "./ignores-signal.js";
import { knownTrackerCheck } from "./known-tracker.js";
import { newScriptCheck } from "./new-script.js";
import { optOutNotHonouredCheck } from "./opt-out-not-honoured.js";
import { piggybackCheck } from "./piggyback.js";
import { rogueCookieCheck } from "./rogue-cookie.js";
import { roguePartyCheck } from "./rogue-party.js";
import { scriptChangedCheck } from "./script-changed.js";
import { headerChangedCheck, headerRemovedCheck } from "./security-headers.js";
import { sriMissingCheck } from "./sri-missing.js";
import { staleEntryCheck } from "./stale-entry.js";
import { tracksBeforeConsentCheck } from "./tracks-before-consent.js";

export type { Check, CheckContext, CheckInput, CheckMeta, FindingDraft } from "./check.js";
export { defineCheck } from "./check.js";

/** A check of any code and inputs, as the registry holds it. */
export type AnyCheck = Check<FindingCode, CheckInput>;

export const CHECKS: readonly AnyCheck[] = [
  roguePartyCheck,
  rogueCookieCheck,
  expiredApprovalCheck,
  staleEntryCheck,
  knownTrackerCheck,
  piggybackCheck,
  idSyncCheck,
  firstPartyIdLeakCheck,
  urlLeakCheck,
  searchTermLeakCheck,
  piiLeakCheck,
  longLivedCookieCheck,
  insecureThirdPartyCookieCheck,
  fingerprintingCheck,
  sessionRecordingCheck,
  keyLoggingCheck,
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
  cspMissesRogueCheck,
  cspBreaksAuthorizedCheck,
];

const META = new Map<string, CheckMeta>(CHECKS.map((c) => [c.meta.code, c.meta]));

/** The meta of a code; undefined for a code this version does not know (a newer report's). */
export function checkMeta(code: string): CheckMeta | undefined {
  return META.get(code);
}

/** What the caller of runChecks gives: the judged scan; privacy inputs are read from the capture. */
export type ScanForChecks = Pick<
  CheckInputs,
  | "capture"
  | "day"
  | "pages"
  | "requests"
  | "parties"
  | "partyByDomain"
  | "cookies"
  | "reportCookies"
  | "storage"
> &
  Partial<
    Pick<
      CheckInputs,
      | "allowlist"
      | "lookup"
      | "filterMatches"
      | "leakOptions"
      | "scripts"
      | "baseline"
      | "criticalPages"
      | "csp"
    >
  >;

type MaybeInputs = { [K in keyof CheckInputs]: CheckInputs[K] | undefined };

function nonEmpty<T>(list: readonly T[]): readonly T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/** True when the scan has every input `requires` names (the fields the check may read). */
function provides<R extends CheckInput>(
  inputs: MaybeInputs,
  requires: readonly R[],
): inputs is MaybeInputs & CheckContext<R> {
  return requires.every((r) => INPUT_FIELDS[r].every((field) => inputs[field] !== undefined));
}

const SEVERITY_RANK = { high: 0, medium: 1, low: 2, info: 3 } as const;

/**
 * Runs every check whose inputs the scan has (one object for all of them, so the leak checks share
 * their decoding) and turns drafts into findings with stable ids, sorted deterministically.
 */
export function runChecks(scan: ScanForChecks, checks: readonly AnyCheck[] = CHECKS): Finding[] {
  const inputs: MaybeInputs = {
    ...scan,
    allowlist: scan.allowlist,
    lookup: scan.lookup ?? (() => undefined),
    filterMatches: scan.filterMatches ?? new Map(),
    leakOptions: scan.leakOptions ?? {},
    consent: consentStory(scan.capture),
    signals: nonEmpty(signalsOf(scan.capture)),
    optOutCookies: nonEmpty(optOutCookiesOf(scan.capture)),
    scripts: scan.scripts ?? [],
    baseline: scan.baseline,
    criticalPages: scan.criticalPages?.length ? scan.criticalPages : undefined,
    csp: scan.csp,
  };
  const findings: Finding[] = [];
  const ids = new Set<string>();
  for (const check of checks) {
    if (!provides(inputs, check.requires)) continue;
    const code = check.meta.code;
    for (const d of check.run(inputs)) {
      const id = findingId(code, [...(d.party ? [d.party] : []), ...(d.parties ?? [])], d.key);
      if (ids.has(id)) continue;
      ids.add(id);
      // The registry holds checks of every code: a draft's evidence is its own check's code's.
      findings.push({
        id,
        code,
        severity: d.severity,
        ...(d.party ? { party: d.party } : {}),
        ...(d.page ? { page: d.page } : {}),
        evidence: d.evidence,
      } as Finding);
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

/** "medium; high when the receiver is rogue; low when …": the severity rules as one phrase. */
export function severityText(meta: CheckMeta): string {
  return [
    meta.severity,
    ...(meta.severityRules ?? []).map((r) => `${r.severity} when ${r.when}`),
  ].join("; ");
}

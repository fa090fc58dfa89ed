// The one shape of a check (Lighthouse-audit style): what it is (`meta`: code, title, description,
// severity rules — the README table and the SARIF rules are made from it), what it reads
// (`requires`: the inputs of the judged scan it sees) and `run`: inputs in, finding drafts out (no
// id, no order; the registry adds those). Evidence is typed per code: EvidenceByCode in the model.
import type { Allowlist } from "../../config/allowlist.js";
import type { Capture } from "../../model/capture.js";
import type {
  EvidenceByCode,
  FilterListMatch,
  FindingCode,
  FindingOf,
  ReportCookie,
  ReportCsp,
  ReportParty,
  ReportScript,
  ReportStorage,
  Severity,
} from "../../model/report.js";
import type { ConsentStory } from "../../signals/consent-state.js";
import type { OptOutCookie, Signal } from "../../signals/privacy-options.js";
import type { EntityLookup } from "../allowlist-match.js";
import type { BaselineIndex } from "../baseline-index.js";
import type { JudgedCookie } from "../cookies.js";
import type { JudgedPage, JudgedRequest } from "../judge-requests.js";
import type { LeakOptions } from "../leaks/types.js";

/** Everything a check can read. A check sees `capture`, `day` and what its `requires` names. */
export interface CheckInputs {
  capture: Capture;
  /** The scan's start day (YYYY-MM-DD, UTC) that expiries are judged against. */
  day: string;
  pages: readonly JudgedPage[];
  /** Every network request with party, verdict, rule, kind and chain, in scan order. */
  requests: readonly JudgedRequest[];
  /** Third parties, sorted, with status. */
  parties: readonly ReportParty[];
  partyByDomain: ReadonlyMap<string, ReportParty>;
  cookies: readonly JudgedCookie[];
  reportCookies: readonly ReportCookie[];
  storage: readonly ReportStorage[];
  /** The company map the requests were judged with (entity and categories entries). */
  lookup: EntityLookup;
  /** With --filter-list: the rule that matched each request (empty without a list). */
  filterMatches: ReadonlyMap<JudgedRequest, FilterListMatch>;
  /** --identity, --max-cookie-days, --search-param: what the leak checks look for. */
  leakOptions: LeakOptions;
  /** Present only with an allowlist. */
  allowlist: Allowlist;
  /** Present only with --consent: the visitor's answer to the banner, read from the capture. */
  consent: ConsentStory;
  /** Present only with --signals: the signals the browser sent (never empty). */
  signals: readonly Signal[];
  /** Present only with --opt-out-cookie: the opt-out cookies the browser held (never empty). */
  optOutCookies: readonly OptOutCookie[];
  /** Every script run, per page, with hash, verdict, volatility and (with baselines) history. */
  scripts: readonly ReportScript[];
  /** Present only with --baseline: the runs of the same device profile, indexed. */
  baseline: BaselineIndex;
  /** Present only with --critical-pages: path globs of payment-like pages. */
  criticalPages: readonly string[];
  /** Present only with scan --csp/--csp-file: the policy under test judged against the scan. */
  csp: ReportCsp;
}

/** The inputs a check can ask for, and the fields of CheckInputs each one gives. */
export const INPUT_FIELDS = {
  requests: ["pages", "requests"],
  parties: ["parties", "partyByDomain"],
  cookies: ["cookies", "reportCookies"],
  storage: ["storage"],
  entities: ["lookup"],
  filterLists: ["filterMatches"],
  leaks: ["leakOptions"],
  allowlist: ["allowlist"],
  consent: ["consent"],
  signals: ["signals"],
  optOutCookies: ["optOutCookies"],
  scripts: ["scripts"],
  baseline: ["baseline"],
  criticalPages: ["criticalPages"],
  csp: ["csp"],
} as const satisfies Record<string, readonly (keyof CheckInputs)[]>;

export type CheckInput = keyof typeof INPUT_FIELDS;

/** What a check requiring R sees. A required input that the scan lacks means the check is skipped. */
export type CheckContext<R extends CheckInput = CheckInput> = Pick<
  CheckInputs,
  "capture" | "day" | (typeof INPUT_FIELDS)[R][number]
>;

/** A different severity than the default, and when. */
export interface SeverityRule {
  severity: Severity;
  /** Completes "<severity> when …", e.g. "the receiver is rogue". */
  when: string;
}

export interface CheckMeta<C extends FindingCode = FindingCode> {
  code: C;
  /** A short title: table headers, SARIF rule names. */
  title: string;
  /** What it means and what to do, one or two sentences: the README table and SARIF rule help. */
  description: string;
  /** The severity when no rule below applies. */
  severity: Severity;
  /** What raises or lowers it, in the order the check decides. */
  severityRules?: readonly SeverityRule[];
  /** One sentence for a finding whose evidence reads as a story (renderers list the evidence otherwise). */
  sentence?(finding: FindingOf<C>): string;
}

export interface FindingDraft<C extends FindingCode = FindingCode> {
  severity: Severity;
  party?: string;
  page?: string;
  /** Other parties the finding is about (e.g. the receiver of a leak); part of the fingerprint. */
  parties?: string[];
  /** What makes this finding this one and not another of the same code (e.g. the cookie's name). */
  key: string;
  evidence: EvidenceByCode[C];
}

export interface Check<C extends FindingCode = FindingCode, R extends CheckInput = CheckInput> {
  meta: CheckMeta<C>;
  requires: readonly R[];
  run(ctx: CheckContext<R>): FindingDraft<C>[];
}

/** Declares a check with its code and inputs inferred: `run` sees exactly what `requires` names. */
export function defineCheck<C extends FindingCode, R extends CheckInput>(
  check: Check<C, R>,
): Check<C, R> {
  return check;
}

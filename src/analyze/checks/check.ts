// What a check sees and returns: the judged scan in, finding drafts out (no id, no order).
import type { Allowlist } from "../../config/allowlist.js";
import type { Capture } from "../../model/capture.js";
import type {
  FilterListMatch,
  ReportCookie,
  ReportParty,
  ReportScript,
  ReportStorage,
  Severity,
} from "../../model/report.js";
import type { EntityLookup } from "../allowlist-match.js";
import type { BaselineIndex } from "../baseline-index.js";
import type { JudgedCookie } from "../cookies.js";
import type { JudgedPage, JudgedRequest } from "../judge-requests.js";
import type { LeakOptions } from "../leaks/types.js";

export interface CheckContext {
  capture: Capture;
  allowlist?: Allowlist;
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
  lookup?: EntityLookup;
  /** With --filter-list: the rule that matched each request, if one did. */
  filterMatches?: ReadonlyMap<JudgedRequest, FilterListMatch>;
  /** --identity, --max-cookie-days, --search-param: what the leak checks look for. */
  leakOptions?: LeakOptions;
  /** Every script run, per page, with hash, verdict and (with baselines) volatility and history. */
  scripts?: readonly ReportScript[];
  /** --baseline runs of the same device profile, indexed for change detection. */
  baseline?: BaselineIndex;
  /** --critical-pages: path globs of the pages where every new script counts (payment pages). */
  criticalPages?: readonly string[];
}

export interface FindingDraft {
  severity: Severity;
  party?: string;
  page?: string;
  /** Other parties the finding is about (e.g. the receiver of a leak); part of the fingerprint. */
  parties?: string[];
  /** What makes this finding this one and not another of the same code (e.g. the cookie's name). */
  key: string;
  evidence: Record<string, unknown>;
}

export interface Check {
  code: string;
  run(ctx: CheckContext): FindingDraft[];
}

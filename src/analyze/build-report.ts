// Capture in, Report out: judge every request, aggregate parties, cookies and storage, run checks.
// Every object is finished where it is built (parties with their company, cookies and filter
// matches), before any check reads it; src/report only renders the result.
import type { Allowlist } from "../config/allowlist.js";
import type { Capture } from "../model/capture.js";
import {
  isFindingOf,
  type Report,
  type ReportPage,
  type ReportRequest,
  SCHEMA_VERSION,
} from "../model/report.js";
import { privacyField } from "../signals/privacy-proof.js";
import type { EntityLookup } from "./allowlist-match.js";
import { scanDay } from "./allowlist-match.js";
import { type BaselineInput, indexBaselines } from "./baseline-index.js";
import type { CheckContext } from "./checks/check.js";
import { runChecks, type ScanForChecks } from "./checks/index.js";
import { aggregateCookies } from "./cookies.js";
import { evaluateCsp } from "./csp/evaluate-scan.js";
import { entityEntryWarnings } from "./entities/allowlist-entities.js";
import { bundledEntityMap, type EntityMap } from "./entities/entity-map.js";
import type { CompiledFilterLists } from "./filter-lists/filter-list.js";
import { matchFilterLists } from "./filter-lists/match-requests.js";
import { type Judged, judgeRequests } from "./judge-requests.js";
import type { LeakOptions } from "./leaks/types.js";
import { aggregateParties } from "./parties.js";
import { annotateScripts } from "./script-history.js";
import { inventoryScripts } from "./scripts.js";
import { aggregateStorage } from "./storage.js";
import { trackingReason } from "./tracking-request.js";

export interface BuildOptions {
  allowlist?: Allowlist;
  /** --first-party domains. */
  firstParty?: string[];
  /** CLI options, already redacted, for scan.options. */
  options?: Record<string, unknown>;
  /** Warnings gathered before the build (allowlist loading, CLI); repeated ones are dropped. */
  warnings?: string[];
  /**
   * The company map (user --entities files combined with the bundled one); the bundled map
   * alone when absent. It names each party's company and category, and applies `entity:` and
   * `categories:` entries.
   */
  entities?: EntityMap;
  /** A bare lookup instead of a map (tests, other tools); wins over `entities` when given. */
  lookup?: EntityLookup;
  /** --filter-list files compiled: matching requests carry the rule as evidence. */
  filters?: CompiledFilterLists;
  /** --identity, --max-cookie-days, --search-param: what the leak checks look for. */
  leaks?: LeakOptions;
  /** --baseline reports: change detection of scripts and security headers (same device only). */
  baselines?: BaselineInput[];
  /** --critical-pages: path globs of pages where every new script and missing SRI counts. */
  criticalPages?: string[];
}

export function buildReport(capture: Capture, opts: BuildOptions): Report {
  const { allowlist } = opts;
  const map = opts.lookup ? undefined : (opts.entities ?? bundledEntityMap());
  const lookup: EntityLookup = opts.lookup ?? ((host) => map?.lookup(host));
  const judged = judgeRequests(capture, { allowlist, firstParty: opts.firstParty, lookup });
  const filterMatches = opts.filters ? matchFilterLists(judged.requests, opts.filters) : undefined;
  const cookies = aggregateCookies(capture);
  const reportCookies = cookies.map((c) => c.cookie);
  const parties = aggregateParties(judged.requests, lookup, {
    cookies: reportCookies,
    ...(filterMatches ? { filterMatches } : {}),
  });
  const partyByDomain = new Map(parties.map((p) => [p.domain, p]));
  const storage = aggregateStorage(capture);
  const device = capture.browser.device?.name ?? "desktop";
  const baseline = opts.baselines?.length ? indexBaselines(opts.baselines, device) : undefined;
  const scripts = annotateScripts(
    inventoryScripts({
      pages: judged.pages,
      requests: judged.requests,
      startedAt: capture.startedAt,
      ...(allowlist ? { allowlist } : {}),
      lookup,
    }),
    capture.pages,
    capture.startedAt,
    baseline,
  );
  // scan --csp: the policy under test judged once; the report's section and the checks share it.
  const csp = evaluateCsp(capture, judged.pages, judged.requests, allowlist);
  const ctx: ScanForChecks = {
    capture,
    allowlist,
    day: scanDay(capture.startedAt),
    pages: judged.pages,
    requests: judged.requests,
    parties,
    partyByDomain,
    cookies,
    reportCookies,
    storage,
    lookup,
    ...(filterMatches ? { filterMatches } : {}),
    ...(opts.leaks ? { leakOptions: opts.leaks } : {}),
    scripts,
    ...(baseline ? { baseline } : {}),
    ...(opts.criticalPages?.length ? { criticalPages: opts.criticalPages } : {}),
    ...(csp ? { csp } : {}),
  };
  const findings = runChecks(ctx);
  countTracking({ ...ctx, filterMatches: ctx.filterMatches ?? new Map() });
  const requests: ReportRequest[] = judged.requests.map((jr) => {
    const r = jr.request;
    const filterMatch = filterMatches?.get(jr);
    const frame = r.frameId ? jr.page.frames.find((f) => f.id === r.frameId)?.url : undefined;
    const target = jr.page.targets.find((t) => t.id === r.targetId);
    return {
      url: r.url,
      host: jr.host,
      party: jr.party,
      verdict: jr.verdict,
      ...(jr.rule ? { rule: jr.rule } : {}),
      kind: jr.kind,
      type: r.resourceType,
      method: r.method,
      page: jr.page.url,
      // A source without frames (a HAR) says so with "" rather than naming the page.
      frame:
        r.targetType === "unknown"
          ? ""
          : (r.documentUrl ?? frame ?? target?.url ?? jr.page.finalUrl),
      target: r.targetType,
      initiators: jr.initiators,
      redirects: r.redirects.map((h) => ({ url: h.url, status: h.status })),
      ...(r.status !== undefined ? { httpStatus: r.status } : {}),
      ...(r.failure ? { failure: r.failure } : {}),
      ...(r.blockedBy ? { blockedBy: r.blockedBy } : {}),
      bodyBytes: r.bodyBytes,
      ...(filterMatch ? { filterMatch } : {}),
    };
  });
  const pages: ReportPage[] = capture.pages.map((p, i) => ({
    url: p.url,
    finalUrl: p.finalUrl,
    outcome: p.outcome,
    ...(p.reason ? { reason: p.reason } : {}),
    ...(p.failure ? { failure: p.failure } : {}),
    timedOut: p.timedOut,
    ...(p.httpStatus !== undefined ? { httpStatus: p.httpStatus } : {}),
    firstParty: [...(judged.pages[i]?.firstParty ?? [])].sort(),
    ...(p.securityHeaders ? { securityHeaders: p.securityHeaders } : {}),
    ...(p.run !== undefined ? { run: p.run } : {}),
    ...(p.view ? { view: p.view } : {}),
    ...(p.privacy?.consent
      ? {
          consent: {
            role: p.privacy.consent.role,
            bannerShown: p.privacy.consent.popupFound,
            ...(p.privacy.consent.actionMs !== undefined
              ? { clickMs: p.privacy.consent.actionMs }
              : {}),
          },
        }
      : {}),
  }));
  const count = (status: string) => parties.filter((p) => p.status === status).length;
  const warnings = [
    ...capture.warnings,
    ...(opts.warnings ?? []),
    ...(allowlist && map ? entityEntryWarnings(allowlist, map) : []),
    ...judged.warnings,
    ...(baseline?.warnings ?? []),
    ...expiredWarnings(findings),
  ];
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: capture.tool,
    partial: capture.partial,
    scan: {
      startedAt: capture.startedAt,
      finishedAt: capture.finishedAt,
      startUrls: capture.startUrls,
      browser: {
        version: capture.browser.version,
        userAgent: capture.browser.userAgent,
        ...(capture.browser.device ? { device: capture.browser.device } : {}),
      },
      options: {
        ...capture.options,
        ...(opts.options ?? {}),
        ...(allowlist?.file ? { allowlist: allowlist.file } : {}),
        ...(opts.firstParty?.length ? { firstParty: opts.firstParty } : {}),
        ...(opts.filters ? { filterListRules: opts.filters.ruleCounts } : {}),
      },
      pages,
      ...(capture.source ? { source: capture.source } : {}),
      ...privacyField(capture),
    },
    summary: {
      pages: pages.length,
      requests: requests.length,
      cookies: reportCookies.length,
      thirdParties: parties.length,
      authorized: count("authorized"),
      rogue: count("rogue"),
      unlisted: count("unlisted"),
      findings: findings.length,
    },
    parties,
    requests,
    cookies: reportCookies,
    storage,
    findings,
    scripts,
    warnings: [...new Set(warnings)],
    ...(csp ? { csp } : {}),
  };
}

function expiredWarnings(findings: Report["findings"]): string[] {
  return findings
    .filter(isFindingOf("expired-approval"))
    .map(
      (f) =>
        `allowlist entry "${f.evidence.rule}" expired on ${f.evidence.expires}; it no longer authorizes ${f.evidence.hosts.join(", ")}`,
    );
}

/** Each party's tracking requests, by the one definition of the privacy checks. */
function countTracking(ctx: CheckContext<"requests" | "parties" | "filterLists">): void {
  for (const p of ctx.parties) p.tracking = 0;
  for (const jr of ctx.requests) {
    if (!trackingReason(ctx, jr)) continue;
    const p = ctx.partyByDomain.get(jr.party);
    if (p) p.tracking = (p.tracking ?? 0) + 1;
  }
}

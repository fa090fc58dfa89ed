// What a policy under test (scan --csp) did on the scanned pages, from the browser's own record:
// rogue requests it stopped, rogue requests within its reach it let through, authorized requests
// it broke, and rogue parties it could never reach (inside a third party's frame or worker).

import type { Allowlist } from "../../config/allowlist.js";
import { hostOf, partyOf } from "../../domain/party.js";
import type { Capture, CspViolation } from "../../model/capture.js";
import type { ReportCsp, ReportCspEntry } from "../../model/report.js";
import { judgeContact, scanDay } from "../allowlist-match.js";
import type { JudgedPage, JudgedRequest } from "../judge-requests.js";
import { directiveFor, governingDirective, type Policy, parsePolicy } from "./policy.js";
import { destinationOfRequest, reachOf } from "./reach.js";
import { sourceListAllows } from "./source-match.js";

/** The policy a scan put on the site, as the capture records it (options.csp). */
export function testedPolicy(
  capture: Capture,
): { policy: string; reportOnly: boolean } | undefined {
  const csp = capture.options.csp as { policy?: unknown; reportOnly?: unknown } | undefined;
  if (!csp || typeof csp.policy !== "string") return undefined;
  return { policy: csp.policy, reportOnly: csp.reportOnly === true };
}

/** The csp section of the report; undefined when the scan put no policy on the site. */
export function evaluateCsp(
  capture: Capture,
  pages: readonly JudgedPage[],
  requests: readonly JudgedRequest[],
  allowlist?: Allowlist,
): ReportCsp | undefined {
  const tested = testedPolicy(capture);
  if (!tested) return undefined;
  return evaluate(tested.policy, tested.reportOnly, pages, requests, {
    allowlist,
    day: scanDay(capture.startedAt),
  });
}

type Bucket = "stopped" | "missed" | "broken" | "outOfReach";

function evaluate(
  text: string,
  reportOnly: boolean,
  pages: readonly JudgedPage[],
  requests: readonly JudgedRequest[],
  judge: { allowlist: Allowlist | undefined; day: string },
): ReportCsp {
  const policy = parsePolicy(text);
  const buckets: Record<Bucket, Map<string, ReportCspEntry>> = {
    stopped: new Map(),
    missed: new Map(),
    broken: new Map(),
    outOfReach: new Map(),
  };
  let ours = 0;
  // A request a worker's policy refused never reaches the Network domain: the violation is its
  // only trace, judged here like a request.
  const requested = new Set(
    requests.flatMap((jr) =>
      [jr.request.url, ...jr.request.redirects.map((h) => h.url)].map(noFragment),
    ),
  );
  let site = 0;
  const inline = new Map<string, ReportCspEntry>();
  for (const jp of pages) {
    const violations = jp.page.cspViolations ?? [];
    for (const v of violations) {
      if (!isOurs(v, policy, jp.page.finalUrl)) {
        site++;
        continue;
      }
      ours++;
      if (!/^(https?|wss?):/.test(v.blockedUrl)) addInline(inline, v, jp.page.url);
      else if (!requested.has(noFragment(v.blockedUrl)))
        addUnrequested(buckets, v, jp, judge.allowlist, judge.day, reportOnly);
    }
  }
  for (const jr of requests) {
    const fp = pages[jr.pageIndex]?.firstParty ?? new Set<string>();
    const r = jr.request;
    const frame = requestFrame(jr);
    const shape = { url: r.url, kind: jr.kind, type: r.resourceType, target: r.targetType, frame };
    const reach = reachOf(shape, fp);
    if (reach === "top") continue;
    const directive = directiveFor(destinationOfRequest(shape));
    const bucket = bucketOf(jr, reach, reportOnly);
    if (!bucket) continue;
    const violation = bucket === "outOfReach" ? undefined : violationFor(jr);
    const key = `${jr.host}|${violation?.directive ?? directive}`;
    const entry = buckets[bucket].get(key) ?? {
      party: jr.party,
      host: jr.host,
      verdict: jr.verdict,
      directive: violation?.directive ?? directive,
      pages: [],
      requests: 0,
      examples: [],
      ...(bucket === "outOfReach" ? { container: frame } : {}),
    };
    buckets[bucket].set(key, entry);
    entry.requests++;
    if (!entry.pages.includes(jr.page.url)) entry.pages.push(jr.page.url);
    if (entry.examples.length < 3 && !entry.examples.includes(r.url)) entry.examples.push(r.url);
  }
  const list = (m: Map<string, ReportCspEntry>) =>
    [...m.values()].sort((a, b) => a.party.localeCompare(b.party) || a.host.localeCompare(b.host));
  return {
    policy: text,
    mode: reportOnly ? "report-only" : "enforce",
    violations: ours,
    siteViolations: site,
    stopped: list(buckets.stopped),
    missed: list(buckets.missed),
    broken: list(buckets.broken),
    outOfReach: list(buckets.outOfReach),
    blockedInline: [...inline.values()],
  };
}

/** Where a request stands: stopped or missed (rogue), broken (wanted), out of reach, or fine. */
function bucketOf(jr: JudgedRequest, reach: "in" | "out", reportOnly: boolean): Bucket | undefined {
  // Unlisted (no allowlist): nothing says whether it should be stopped, so it is no miss or stop.
  if (jr.verdict === "unlisted") return undefined;
  const rogue = jr.verdict === "rogue";
  if (reach === "out") return rogue ? "outOfReach" : undefined;
  const stopped = reportOnly
    ? violationFor(jr)?.disposition === "report"
    : jr.request.blockedBy === "csp" || violationFor(jr)?.disposition === "enforce";
  if (rogue) return stopped ? "stopped" : "missed";
  return stopped ? "broken" : undefined;
}

/** The browser's violation for this request (its URL or one of its redirect hops). */
function violationFor(jr: JudgedRequest): CspViolation | undefined {
  const urls = new Set([jr.request.url, ...jr.request.redirects.map((h) => h.url)].map(noFragment));
  return jr.page.cspViolations?.find((v) => urls.has(noFragment(v.blockedUrl)));
}

function noFragment(u: string): string {
  return u.split("#")[0] ?? u;
}

/** The URL of the document or worker that made the request. */
function requestFrame(jr: JudgedRequest): string {
  const r = jr.request;
  if (r.documentUrl) return r.documentUrl;
  const frame = r.frameId ? jr.page.frames.find((f) => f.id === r.frameId)?.url : undefined;
  return frame ?? jr.page.targets.find((t) => t.id === r.targetId)?.url ?? jr.page.finalUrl;
}

/** Our policy is the one violated when it forbids what was blocked (else it was the site's own). */
export function isOurs(v: CspViolation, policy: Policy, self: string): boolean {
  if (v.policy) return v.policy === "skimscan";
  const name = v.directive.replace(/-(elem|attr)$/, "");
  const sources =
    policy.get(v.directive) ??
    policy.get(name) ??
    governingDirective(policy, destinationForDirective(name))?.sources;
  if (!sources) return false;
  if (/^(https?|wss?):/.test(v.blockedUrl)) {
    let origin = self;
    try {
      origin = new URL(self).origin;
    } catch {}
    return !sourceListAllows(sources, v.blockedUrl, { self: origin });
  }
  if (v.blockedUrl === "eval") return !sources.includes("'unsafe-eval'");
  return !sources.includes("'unsafe-inline'") || sources.some((s) => /^'(nonce|sha\d+)-/.test(s));
}

function destinationForDirective(name: string) {
  const map: Record<string, Parameters<typeof directiveFor>[0]> = {
    "script-src": "script",
    "style-src": "style",
    "img-src": "image",
    "font-src": "font",
    "media-src": "media",
    "connect-src": "connect",
    "frame-src": "frame",
    "child-src": "frame",
    "worker-src": "worker",
    "manifest-src": "manifest",
    "object-src": "object",
  };
  return map[name] ?? "other";
}

function addInline(inline: Map<string, ReportCspEntry>, v: CspViolation, page: string): void {
  const source = v.sourceFile ?? page;
  const key = `${v.directive}|${v.blockedUrl}|${source}`;
  const host = hostOf(source);
  const e = inline.get(key) ?? {
    party: partyOf(host),
    host,
    verdict: "first-party" as const,
    directive: v.directive,
    pages: [],
    requests: 0,
    examples: [`${v.blockedUrl} in ${source}`],
  };
  inline.set(key, e);
  e.requests++;
  if (!e.pages.includes(page)) e.pages.push(page);
}

function addUnrequested(
  buckets: Record<Bucket, Map<string, ReportCspEntry>>,
  v: CspViolation,
  jp: JudgedPage,
  allowlist: Allowlist | undefined,
  day: string,
  reportOnly: boolean,
): void {
  if (reportOnly ? v.disposition !== "report" : v.disposition !== "enforce") return;
  const host = hostOf(v.blockedUrl);
  const party = partyOf(host);
  const scope = { firstParty: jp.firstParty, pagePath: pathOf(jp.page.finalUrl), day };
  const verdict = judgeContact({ url: v.blockedUrl, host, party }, scope, allowlist).verdict;
  if (verdict === "unlisted") return;
  const bucket: Bucket = verdict === "rogue" ? "stopped" : "broken";
  const key = `${host}|${v.directive}`;
  const entry = buckets[bucket].get(key) ?? {
    party,
    host,
    verdict,
    directive: v.directive,
    pages: [],
    requests: 0,
    examples: [],
  };
  buckets[bucket].set(key, entry);
  entry.requests++;
  if (!entry.pages.includes(jp.page.url)) entry.pages.push(jp.page.url);
  if (entry.examples.length < 3 && !entry.examples.includes(v.blockedUrl))
    entry.examples.push(v.blockedUrl);
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "/";
  }
}

// Questions every renderer asks of a Report (who is rogue, on which page, what they set), answered
// once so text, HTML, Markdown, SARIF and JUnit can never disagree with each other.

import { checkMeta } from "../analyze/checks/index.js";
import type {
  Finding,
  PartyStatus,
  Report,
  ReportCookie,
  ReportPage,
  ReportParty,
} from "../model/report.js";

/** Worst first: the order parties are shown in. */
export const STATUS_ORDER: readonly PartyStatus[] = [
  "rogue",
  "unlisted",
  "authorized",
  "first-party",
];

export const SEVERITY_ORDER = ["high", "medium", "low", "info"] as const;

export function partiesByStatus(report: Report): Map<PartyStatus, ReportParty[]> {
  const groups = new Map<PartyStatus, ReportParty[]>();
  for (const status of STATUS_ORDER) groups.set(status, []);
  for (const party of report.parties) groups.get(party.status)?.push(party);
  for (const list of groups.values()) {
    list.sort((a, b) => b.requests - a.requests || a.domain.localeCompare(b.domain));
  }
  return groups;
}

export function rogueParties(report: Report): ReportParty[] {
  return partiesByStatus(report).get("rogue") ?? [];
}

/** The gate's verdict when the report carries one, else the contract's default: any rogue party. */
export function policyViolated(report: Report): boolean {
  if (report.policy) return report.policy.violated;
  return report.summary.rogue > 0 || report.parties.some((p) => p.status === "rogue");
}

/** The --fail-on conditions in force (the contract's default is "rogue"). */
export function failOn(report: Report): string[] {
  return report.policy?.failOn ?? ["rogue"];
}

/**
 * What breaks the policy on one page, per the --fail-on conditions: rogue (or only new rogue)
 * parties, unlisted parties, and findings of the named codes. Empty when the page is clean.
 */
export function violationsOnPage(
  report: Report,
  pageUrl: string,
): { parties: string[]; findings: Finding[] } {
  const conditions = failOn(report);
  const parties = new Set<string>();
  const byDomain = new Map(report.parties.map((p) => [p.domain, p]));
  if (conditions.includes("rogue")) {
    for (const d of roguePartiesOnPage(report, pageUrl)) parties.add(d);
  } else if (conditions.includes("new-rogue")) {
    for (const d of roguePartiesOnPage(report, pageUrl)) {
      if (byDomain.get(d)?.new === true) parties.add(d);
    }
  }
  if (conditions.includes("unlisted")) {
    for (const p of report.parties) {
      if (p.status === "unlisted" && p.pages.includes(pageUrl)) parties.add(p.domain);
    }
  }
  const codes = conditions.filter((c) => c.startsWith("finding:")).map((c) => c.slice(8));
  const findings = report.findings.filter((f) => f.page === pageUrl && codes.includes(f.code));
  return { parties: [...parties].sort(), findings };
}

export function failedPages(report: Report): ReportPage[] {
  return report.scan.pages.filter((p) => p.outcome === "failed");
}

/**
 * Rogue parties seen on one page. Judged from the page's rogue requests, so a vendor that is rogue
 * elsewhere but only loaded an authorized host here does not fail this page; a report without
 * request detail falls back to the parties' page lists.
 */
export function roguePartiesOnPage(report: Report, pageUrl: string): string[] {
  const found = new Set<string>();
  const withRequests = new Set(report.requests.map((r) => r.party));
  for (const r of report.requests) {
    if (r.page === pageUrl && r.verdict === "rogue") found.add(r.party);
  }
  for (const p of report.parties) {
    if (p.status === "rogue" && !withRequests.has(p.domain) && p.pages.includes(pageUrl)) {
      found.add(p.domain);
    }
  }
  return [...found].sort();
}

/** Cookies that belong to a party (by the cookie's domain) or that it wrote into another domain. */
export function cookiesOfParty(report: Report, domain: string): ReportCookie[] {
  return report.cookies.filter(
    (c) => (c.party === domain || c.setByParty === domain) && !c.domainRefused && !c.deleted,
  );
}

export function findingsOfParty(report: Report, domain: string): Finding[] {
  return report.findings.filter((f) => f.party === domain);
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => SEVERITY_ORDER.indexOf(f.severity);
  return [...findings].sort(
    (a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code) || a.id.localeCompare(b.id),
  );
}

/** The check's title for a code; the code itself for one this version does not know. */
export function findingTitle(code: string): string {
  return checkMeta(code)?.title ?? code;
}

/**
 * One sentence for a finding whose evidence reads as a story (piggyback's "who let them in"),
 * undefined for the others, whose renderers list the evidence fields.
 */
export function findingSentence(f: Finding): string | undefined {
  return checkMeta(f.code)?.sentence?.(f);
}

/** The finding's evidence as short "key=value" pairs: lists joined, objects as compact JSON, long values cut. */
export function evidencePairs(evidence: object, maxValue = 80): string[] {
  return Object.entries(evidence).map(([key, value]) => {
    let text: string;
    if (typeof value === "string") text = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === "string"))
      text = value.join(", ");
    else text = JSON.stringify(value) ?? String(value);
    if (text.length > maxValue) text = `${text.slice(0, maxValue - 1)}…`;
    return `${key}=${text}`;
  });
}

/** Findings that only restate a rogue party; renderers that list rogue parties can skip them. */
export function isRoguePartyFinding(f: Finding): boolean {
  return f.code === "rogue-party";
}

/** "host/…/last-segment" for chains and tables; the whole URL is kept for verbose output. */
export function shortUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!/^https?:$/.test(parsed.protocol)) return url;
  const segments = parsed.pathname.split("/").filter(Boolean);
  const last = segments.at(-1);
  if (!last) return parsed.host;
  return segments.length > 1 ? `${parsed.host}/…/${last}` : `${parsed.host}/${last}`;
}

/** "1 page", "3 pages"; coerces to a number so a tampered report cannot smuggle text through a count. */
export function plural(n: number, one: string, many = `${one}s`): string {
  const k = Number(n);
  return `${k} ${k === 1 ? one : many}`;
}

/** Days from the scan's start to an ISO expiry, rounded; undefined for session cookies. */
export function lifetimeDays(expires: string | undefined, from: string): number | undefined {
  if (!expires) return undefined;
  const ms = Date.parse(expires) - Date.parse(from);
  return Number.isFinite(ms) ? Math.round(ms / 86_400_000) : undefined;
}

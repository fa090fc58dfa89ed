// What changed between runs: parties, findings and cookies added and removed, by stable key.
// Several old runs count as one known set (their union), because ad rotation makes one run flaky.
import type { Finding, Report, ReportCookie, ReportParty } from "../model/report.js";
import { diffScripts, type ScriptsDiff } from "./diff-scripts.js";
import { cookieKey, findingKey, partyKey } from "./report-keys.js";

export interface StatusChange {
  domain: string;
  from: ReportParty["status"];
  to: ReportParty["status"];
}

export interface ReportDiff {
  added: { parties: ReportParty[]; findings: Finding[]; cookies: ReportCookie[] };
  removed: { parties: ReportParty[]; findings: Finding[]; cookies: ReportCookie[] };
  /** Parties present in both whose status changed (e.g. authorized → rogue after an allowlist edit). */
  changed: StatusChange[];
  /** Scripts added, removed and changed (hash) per page, and security headers changed. */
  scripts: ScriptsDiff;
}

const STATUS_RANK: Record<ReportParty["status"], number> = {
  "first-party": 0,
  authorized: 1,
  unlisted: 2,
  rogue: 3,
};

export function diffReports(old: Report | Report[], current: Report): ReportDiff {
  const olds = Array.isArray(old) ? old : [old];
  const oldParties = unionBy(
    olds.flatMap((r) => r.parties),
    partyKey,
    (a, b) => (STATUS_RANK[b.status] > STATUS_RANK[a.status] ? b : a),
  );
  const oldFindings = unionBy(
    olds.flatMap((r) => r.findings),
    findingKey,
  );
  const oldCookies = unionBy(
    olds.flatMap((r) => r.cookies),
    cookieKey,
  );
  const newParties = unionBy(current.parties, partyKey);
  const newFindings = unionBy(current.findings, findingKey);
  const newCookies = unionBy(current.cookies, cookieKey);

  const changed: StatusChange[] = [];
  for (const [key, party] of newParties) {
    const before = oldParties.get(key);
    if (before && before.status !== party.status) {
      changed.push({ domain: party.domain, from: before.status, to: party.status });
    }
  }
  return {
    added: {
      parties: missingFrom(newParties, oldParties),
      findings: missingFrom(newFindings, oldFindings),
      cookies: missingFrom(newCookies, oldCookies),
    },
    removed: {
      parties: missingFrom(oldParties, newParties),
      findings: missingFrom(oldFindings, newFindings),
      cookies: missingFrom(oldCookies, newCookies),
    },
    changed: changed.sort((a, b) => a.domain.localeCompare(b.domain)),
    scripts: diffScripts(olds, current),
  };
}

function unionBy<T>(
  items: T[],
  key: (t: T) => string,
  pick: (a: T, b: T) => T = (a) => a,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const seen = map.get(k);
    map.set(k, seen ? pick(seen, item) : item);
  }
  return map;
}

function missingFrom<T>(from: Map<string, T>, other: Map<string, T>): T[] {
  return [...from].filter(([k]) => !other.has(k)).map(([, v]) => v);
}

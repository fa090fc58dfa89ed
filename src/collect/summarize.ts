// `skimscan collect report`: what visitors' browsers reported, per host — rogue hosts seen (the
// view no remote scan has) and authorized or first-party hosts the policy blocked (it breaks
// something). Pure: stored rows in, summary out.
import type { StoredReport } from "./judge-report.js";

export interface HostSummary {
  host: string;
  party: string;
  verdict: string;
  reports: number;
  firstSeen: string;
  lastSeen: string;
  /** Reporting pages (URLs without their query unless --keep-query). */
  pages: string[];
  directives: string[];
  /** Reports per browser family. */
  browsers: Record<string, number>;
  dispositions: Record<string, number>;
}

export interface CollectSummary {
  since?: string;
  reports: number;
  rejected: Record<string, number>;
  /** Rogue or unlisted hosts, most reported first. */
  rogue: HostSummary[];
  /** Authorized or first-party hosts the policy blocked (enforced) or would block (report-only). */
  blockedAuthorized: HostSummary[];
  /** Inline code, eval and other blocked things without a URL. */
  withoutUrl: HostSummary[];
}

export function summarize(
  rows: readonly StoredReport[],
  rejected: Record<string, number>,
  since?: string,
): CollectSummary {
  const groups = new Map<string, HostSummary>();
  for (const r of rows) {
    const host = r.blockedHost || r.blockedUrl;
    const key = `${r.verdict}|${host}`;
    const g = groups.get(key) ?? {
      host,
      party: r.party,
      verdict: r.verdict,
      reports: 0,
      firstSeen: r.receivedAt,
      lastSeen: r.receivedAt,
      pages: [],
      directives: [],
      browsers: {},
      dispositions: {},
    };
    groups.set(key, g);
    g.reports++;
    if (r.receivedAt < g.firstSeen) g.firstSeen = r.receivedAt;
    if (r.receivedAt > g.lastSeen) g.lastSeen = r.receivedAt;
    if (!g.pages.includes(r.documentUrl)) g.pages.push(r.documentUrl);
    if (!g.directives.includes(r.directive)) g.directives.push(r.directive);
    g.browsers[r.uaFamily] = (g.browsers[r.uaFamily] ?? 0) + 1;
    g.dispositions[r.disposition] = (g.dispositions[r.disposition] ?? 0) + 1;
  }
  const all = [...groups.values()].map((g) => ({
    ...g,
    pages: g.pages.sort(),
    directives: g.directives.sort(),
  }));
  const order = (a: HostSummary, b: HostSummary) =>
    b.reports - a.reports || a.host.localeCompare(b.host);
  return {
    ...(since ? { since } : {}),
    reports: rows.length,
    rejected,
    rogue: all.filter((g) => g.verdict === "rogue" || g.verdict === "unlisted").sort(order),
    blockedAuthorized: all
      .filter((g) => g.verdict === "authorized" || g.verdict === "first-party")
      .sort(order),
    withoutUrl: all.filter((g) => g.verdict === "none").sort(order),
  };
}

/** "7d", "12h", "30m" or an ISO date → the ISO instant it names (relative to now). */
export function parseSince(value: string, now: Date = new Date()): string | undefined {
  const m = /^(\d+)([dhm])$/.exec(value.trim());
  if (m) {
    const ms = { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as "d" | "h" | "m"];
    return new Date(now.getTime() - Number(m[1]) * ms).toISOString();
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

// What changed in scripts and security headers between runs, for `skimscan diff`: scripts added
// and removed per page, script URLs whose hashes changed, and every security header that changed
// (weakened or not: the checks judge weakening, the diff just shows). Several old runs are a union.
import { scriptIdentity } from "../analyze/baseline-index.js";
import type { Report } from "../model/report.js";

export interface ScriptRef {
  page: string;
  url: string;
  party: string;
  hash: string | null;
}

export interface ScriptHashChange {
  url: string;
  party: string;
  before: string[];
  after: string[];
}

export interface HeaderChangeRow {
  page: string;
  header: string;
  /** Absent: the header is new. */
  before?: string;
  /** Absent: the header is gone. */
  after?: string;
}

export interface ScriptsDiff {
  added: ScriptRef[];
  removed: ScriptRef[];
  changed: ScriptHashChange[];
  headers: HeaderChangeRow[];
}

export function diffScripts(olds: readonly Report[], current: Report): ScriptsDiff {
  const oldScripts = olds.flatMap((r) => r.scripts ?? []);
  const key = (s: Parameters<typeof scriptIdentity>[0] & { page: string }) =>
    `${s.page} ${scriptIdentity(s)}`;
  const oldKeys = new Set(oldScripts.map(key));
  const newKeys = new Set((current.scripts ?? []).map(key));
  const ref = (s: ScriptRef): ScriptRef => ({
    page: s.page,
    url: s.url,
    party: s.party,
    hash: s.hash,
  });
  const comparable = olds.some((r) => r.scripts) && current.scripts !== undefined;
  const added = comparable
    ? (current.scripts ?? []).filter((s) => !oldKeys.has(key(s))).map(ref)
    : [];
  const removed = comparable ? oldScripts.filter((s) => !newKeys.has(key(s))).map(ref) : [];
  return {
    added: uniqueBy(added, (s) => `${s.page} ${s.url}`),
    removed: uniqueBy(removed, (s) => `${s.page} ${s.url}`),
    changed: comparable ? hashChanges(oldScripts, current) : [],
    headers: headerChanges(olds, current),
  };
}

function hashChanges(
  oldScripts: NonNullable<Report["scripts"]>,
  current: Report,
): ScriptHashChange[] {
  const before = new Map<string, Set<string>>();
  for (const s of oldScripts) {
    if (s.kind !== "url" || !s.hash) continue;
    before.set(s.url, (before.get(s.url) ?? new Set()).add(s.hash));
  }
  const after = new Map<string, { party: string; hashes: Set<string> }>();
  for (const s of current.scripts ?? []) {
    if (s.kind !== "url" || !s.hash || !before.has(s.url)) continue;
    const a = after.get(s.url) ?? { party: s.party, hashes: new Set<string>() };
    a.hashes.add(s.hash);
    after.set(s.url, a);
  }
  return [...after]
    .filter(([url, a]) => [...a.hashes].some((h) => !before.get(url)?.has(h)))
    .map(([url, a]) => ({
      url,
      party: a.party,
      before: [...(before.get(url) ?? [])].sort(),
      after: [...a.hashes].sort(),
    }))
    .sort((x, y) => x.url.localeCompare(y.url));
}

/** Headers compared with the most recent old run that recorded the page. */
function headerChanges(olds: readonly Report[], current: Report): HeaderChangeRow[] {
  const last = new Map<string, { at: string; headers: Record<string, string> }>();
  for (const r of olds) {
    for (const p of r.scan.pages) {
      const seen = last.get(p.url);
      if (p.securityHeaders && (!seen || seen.at < r.scan.startedAt))
        last.set(p.url, { at: r.scan.startedAt, headers: p.securityHeaders });
    }
  }
  const rows: HeaderChangeRow[] = [];
  for (const p of current.scan.pages) {
    const old = last.get(p.url)?.headers;
    if (!old || !p.securityHeaders) continue;
    for (const header of [
      ...new Set([...Object.keys(old), ...Object.keys(p.securityHeaders)]),
    ].sort()) {
      const before = old[header];
      const after = p.securityHeaders[header];
      if (before === after) continue;
      rows.push({
        page: p.url,
        header,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
      });
    }
  }
  return rows;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const t of items) if (!byKey.has(key(t))) byKey.set(key(t), t);
  return [...byKey.values()];
}

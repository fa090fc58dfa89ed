// `skimscan compare`: one report per privacy mode (a fresh visitor each) folded into one document
// that shows, per party and per cookie, in which modes it appeared. Pure: reports in, data out.
import type { Finding, Report, ReportPrivacy, Severity } from "../model/report.js";

export const COMPARE_VERSION = 1;

/** The privacy findings: the ones a mode can make appear or disappear. */
export const PRIVACY_CODES = [
  "tracks-before-consent",
  "ignores-reject",
  "ignores-gpc",
  "ignores-dnt",
  "opt-out-not-honoured",
] as const;

export interface Mode {
  /** As written on the command line, normalised: "reject+gpc". */
  name: string;
  consent?: "none" | "reject" | "accept";
  dnt: boolean;
  gpc: boolean;
}

export interface ModePresence {
  requests: number;
  /** Tracking requests by the privacy checks' one definition (pixels and beacons in older reports). */
  tracking: number;
  cookies: number;
}

export interface CompareReport {
  compareVersion: typeof COMPARE_VERSION;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  startUrls: string[];
  partial: boolean;
  modes: CompareMode[];
  parties: CompareParty[];
  cookies: CompareCookie[];
  findings: CompareFinding[];
}

export interface CompareMode {
  name: string;
  consent: "none" | "reject" | "accept" | null;
  signals: ("dnt" | "gpc")[];
  browser: { version: string; userAgent: string };
  pages: { url: string; outcome: string; reason?: string }[];
  privacy: ReportPrivacy | null;
  summary: Report["summary"];
}

export interface CompareParty {
  domain: string;
  entity?: string;
  /** Worst status in any mode (rogue > unlisted > authorized). */
  status: string;
  /** Modes it appeared in, in the order the modes were given. */
  modes: string[];
  byMode: Record<string, ModePresence>;
}

export interface CompareCookie {
  name: string;
  domain: string;
  party: string;
  modes: string[];
}

export interface CompareFinding {
  code: string;
  party?: string;
  severity: Severity;
  modes: string[];
  /** The finding's id in each mode's report (ids are stable fingerprints). */
  ids: Record<string, string>;
}

const MODE_TOKENS = ["none", "reject", "accept", "dnt", "gpc"] as const;

/** "reject+gpc" → {consent: reject, gpc}; throws an Error naming the bad token. */
export function parseMode(text: string): Mode {
  const tokens = text
    .split("+")
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  if (tokens.length === 0) throw new Error(`empty mode in "${text}"`);
  const mode: Mode = { name: "", dnt: false, gpc: false };
  for (const t of tokens) {
    if (!(MODE_TOKENS as readonly string[]).includes(t))
      throw new Error(`unknown mode "${t}" (use ${MODE_TOKENS.join(", ")}, joined with +)`);
    if (t === "dnt" || t === "gpc") {
      if (mode[t]) throw new Error(`"${t}" twice in mode "${text}"`);
      mode[t] = true;
    } else {
      if (mode.consent) throw new Error(`two consent actions in mode "${text}"`);
      mode.consent = t as Mode["consent"];
    }
  }
  mode.name = [
    ...(mode.consent ? [mode.consent] : []),
    ...(mode.dnt ? ["dnt"] : []),
    ...(mode.gpc ? ["gpc"] : []),
  ].join("+");
  return mode;
}

/** A comma list of modes, each one unique. */
export function parseModes(text: string): Mode[] {
  const modes = text.split(",").map(parseMode);
  const seen = new Set<string>();
  for (const m of modes) {
    if (seen.has(m.name)) throw new Error(`mode "${m.name}" given twice`);
    seen.add(m.name);
  }
  return modes;
}

const STATUS_RANK: Record<string, number> = {
  rogue: 0,
  unlisted: 1,
  authorized: 2,
  "first-party": 3,
};
const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

export function buildCompare(
  runs: readonly { mode: Mode; report: Report }[],
  meta: { startedAt: string; finishedAt: string; startUrls: string[] },
): CompareReport {
  const parties = new Map<string, CompareParty>();
  const cookies = new Map<string, CompareCookie>();
  const findings = new Map<string, CompareFinding>();
  for (const { mode, report } of runs) {
    for (const p of report.parties) {
      if (p.status === "first-party") continue;
      let acc = parties.get(p.domain);
      if (!acc) {
        acc = {
          domain: p.domain,
          ...(p.entity ? { entity: p.entity } : {}),
          status: p.status,
          modes: [],
          byMode: {},
        };
        parties.set(p.domain, acc);
      }
      if ((STATUS_RANK[p.status] ?? 9) < (STATUS_RANK[acc.status] ?? 9)) acc.status = p.status;
      acc.modes.push(mode.name);
      acc.byMode[mode.name] = {
        requests: p.requests,
        tracking: p.tracking ?? p.pixels + p.beacons,
        cookies: p.cookies,
      };
    }
    for (const c of report.cookies) {
      // A cookie every write of which the browser refused never reached the jar: not present.
      if (c.blocked) continue;
      const key = JSON.stringify([c.name, c.domain]);
      const acc = cookies.get(key) ?? { name: c.name, domain: c.domain, party: c.party, modes: [] };
      if (!acc.modes.includes(mode.name)) acc.modes.push(mode.name);
      cookies.set(key, acc);
    }
    for (const f of report.findings) addFinding(findings, f, mode.name);
  }
  return {
    compareVersion: COMPARE_VERSION,
    tool: runs[0]?.report.tool ?? { name: "skimscan", version: "unknown" },
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    startUrls: meta.startUrls,
    partial: runs.some((r) => r.report.partial),
    modes: runs.map(({ mode, report }) => ({
      name: mode.name,
      consent: mode.consent ?? null,
      signals: [...(mode.dnt ? ["dnt" as const] : []), ...(mode.gpc ? ["gpc" as const] : [])],
      browser: report.scan.browser,
      pages: report.scan.pages.map((p) => ({
        url: p.url,
        outcome: p.outcome,
        ...(p.reason ? { reason: p.reason } : {}),
      })),
      privacy: report.scan.privacy ?? null,
      summary: report.summary,
    })),
    parties: [...parties.values()].sort((a, b) => a.domain.localeCompare(b.domain)),
    cookies: [...cookies.values()].sort(
      (a, b) => a.party.localeCompare(b.party) || a.name.localeCompare(b.name),
    ),
    findings: [...findings.values()].sort(
      (a, b) =>
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        a.code.localeCompare(b.code) ||
        (a.party ?? "").localeCompare(b.party ?? ""),
    ),
  };
}

/** Only the privacy findings: the rest (rogue parties, leaks) belong to each mode's own report. */
function addFinding(into: Map<string, CompareFinding>, f: Finding, mode: string): void {
  if (!(PRIVACY_CODES as readonly string[]).includes(f.code)) return;
  const key = JSON.stringify([f.code, f.party ?? ""]);
  const acc = into.get(key) ?? {
    code: f.code,
    ...(f.party ? { party: f.party } : {}),
    severity: f.severity,
    modes: [],
    ids: {},
  };
  if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[acc.severity]) acc.severity = f.severity;
  if (!acc.modes.includes(mode)) acc.modes.push(mode);
  acc.ids[mode] = f.id;
  into.set(key, acc);
}

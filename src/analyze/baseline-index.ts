// What earlier runs (--baseline, a union) knew of scripts and security headers: the hashes seen
// per script URL, the scripts seen per page, the headers each page sent last time. A baseline of
// another device profile, or one without scripts[] (an older report), is left out with a warning.
import type { Report, ReportScript } from "../model/report.js";

export interface KnownScript {
  hashes: Set<string>;
  normalised: Set<string>;
  sizes: number[];
  volatile: boolean;
  /** Earliest baseline start that saw the URL, and the starts that saw each hash. */
  firstSeen: string;
  hashSeen: Map<string, string>;
  /** Hosts contacted by requests this script was responsible for. */
  contactedHosts: Set<string>;
}

export interface BaselineIndex {
  /** At least one usable baseline had scripts[]. */
  hasScripts: boolean;
  scripts: Map<string, KnownScript>;
  /** Page URL → script identities seen there (scriptIdentity). */
  pageScripts: Map<string, Set<string>>;
  /** Page URL → first-seen time of each script identity there. */
  pageFirstSeen: Map<string, Map<string, string>>;
  /** Page URL → its security headers in the most recent baseline that recorded them. */
  headers: Map<string, { headers: Record<string, string>; at: string }>;
  warnings: string[];
}

export interface BaselineInput {
  file?: string;
  report: Report;
}

/** How a script is recognised on a page from run to run: its URL, or the normalised source. */
export function scriptIdentity(s: Pick<ReportScript, "kind" | "url" | "normalisedHash">): string {
  if (s.kind === "url") return s.url;
  return s.normalisedHash
    ? `${s.kind === "inline" ? "inline" : "eval"}~${s.normalisedHash}`
    : s.url;
}

export function deviceOf(report: Pick<Report, "scan">): string {
  return report.scan.browser.device?.name ?? "desktop";
}

export function indexBaselines(baselines: readonly BaselineInput[], device: string): BaselineIndex {
  const index: BaselineIndex = {
    hasScripts: false,
    scripts: new Map(),
    pageScripts: new Map(),
    pageFirstSeen: new Map(),
    headers: new Map(),
    warnings: [],
  };
  for (const { file, report } of baselines) {
    const name = file ?? report.scan.startedAt;
    if (deviceOf(report) !== device) {
      index.warnings.push(
        `baseline ${name} was scanned as ${deviceOf(report)}, this scan as ${device}: it is not compared for scripts and headers`,
      );
      continue;
    }
    addHeaders(index, report);
    if (!report.scripts) {
      index.warnings.push(
        `baseline ${name} has no scripts[] (an older report): it gives no script findings`,
      );
      continue;
    }
    index.hasScripts = true;
    addScripts(index, report, report.scripts);
  }
  return index;
}

function addScripts(index: BaselineIndex, report: Report, scripts: ReportScript[]): void {
  const at = report.scan.startedAt;
  for (const s of scripts) {
    const id = scriptIdentity(s);
    const page = index.pageScripts.get(s.page) ?? new Set<string>();
    page.add(id);
    index.pageScripts.set(s.page, page);
    const firsts = index.pageFirstSeen.get(s.page) ?? new Map<string, string>();
    const earliest = minTime(firsts.get(id), s.firstSeen ?? at);
    firsts.set(id, earliest);
    index.pageFirstSeen.set(s.page, firsts);
    if (s.kind !== "url" || !s.hash) continue;
    const known = index.scripts.get(s.url) ?? {
      hashes: new Set<string>(),
      normalised: new Set<string>(),
      sizes: [],
      volatile: false,
      firstSeen: s.firstSeen ?? at,
      hashSeen: new Map<string, string>(),
      contactedHosts: new Set<string>(),
    };
    known.hashes.add(s.hash);
    if (s.normalisedHash) known.normalised.add(s.normalisedHash);
    if (s.bytes !== undefined) known.sizes.push(s.bytes);
    known.volatile ||= s.volatile === true;
    known.firstSeen = minTime(known.firstSeen, s.firstSeen ?? at);
    known.hashSeen.set(s.hash, minTime(known.hashSeen.get(s.hash), s.lastChanged ?? at));
    for (const r of report.requests)
      if (r.initiators.includes(s.url)) known.contactedHosts.add(r.host);
    index.scripts.set(s.url, known);
  }
}

function addHeaders(index: BaselineIndex, report: Report): void {
  for (const p of report.scan.pages) {
    if (!p.securityHeaders) continue;
    const seen = index.headers.get(p.url);
    if (!seen || seen.at < report.scan.startedAt)
      index.headers.set(p.url, { headers: p.securityHeaders, at: report.scan.startedAt });
  }
}

function minTime(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}

/** Sizes within a fifth of each other are one band (volatile scripts without a normalised form). */
export function sameSizeBand(bytes: number | undefined, sizes: readonly number[]): boolean {
  if (bytes === undefined) return false;
  return sizes.some((s) => Math.abs(s - bytes) <= Math.max(s, bytes) * 0.2);
}

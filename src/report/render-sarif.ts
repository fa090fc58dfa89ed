// SARIF 2.1.0 for code-scanning tabs: one result per rogue party and per finding. Code scanning
// rejects web URLs as locations, so every result points at a file of the repository (the allowlist,
// where the fix goes) and names the page URL in its message.

import { checkMeta, severityText } from "../analyze/checks/index.js";
import type { Finding, Report, ReportParty, Severity } from "../model/report.js";
import { evidencePairs, findingTitle } from "./report-view.js";
import { cleanText } from "./sanitize.js";

export interface SarifOptions {
  /** Repository-relative file the results point at; default the allowlist used, else "skimscan.yaml". */
  sarifLocation?: string;
}

const SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
const FINGERPRINT = "skimscanFindingId/v1";
const ROGUE_RULE = "rogue-party";

type Level = "error" | "warning" | "note";
const LEVELS: Record<Severity, Level> = {
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

export function renderSarif(report: Report, opts: SarifOptions = {}): string {
  const location = artifactUri(opts.sarifLocation ?? defaultLocation(report));
  // A rogue party is reported once: by its own rogue-party finding (stable id from the analysis)
  // when there is one, else by a result built from the party itself.
  const covered = new Set(report.findings.filter((f) => f.code === ROGUE_RULE).map((f) => f.party));
  const rogue = report.parties.filter((p) => p.status === "rogue" && !covered.has(p.domain));
  const codes = [...new Set(report.findings.map((f) => f.code))]
    .filter((c) => c !== ROGUE_RULE)
    .sort();
  const hasRogue = rogue.length > 0 || covered.size > 0;
  const ruleIds = [...(hasRogue ? [ROGUE_RULE] : []), ...codes];
  const rules = ruleIds.map((id) => ruleFor(id, report.findings));
  const results = [
    ...rogue.map((p) => rogueResult(p, location, ruleIds.indexOf(ROGUE_RULE))),
    ...sortedForSarif(report.findings).map((f) =>
      findingResult(report, f, location, ruleIds.indexOf(f.code)),
    ),
  ];
  const sarif = {
    $schema: SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules,
          },
        },
        automationDetails: { id: `${report.tool.name}/` },
        invocations: [
          {
            executionSuccessful: !report.partial,
            startTimeUtc: report.scan.startedAt,
            endTimeUtc: report.scan.finishedAt,
          },
        ],
        artifacts: [{ location: { uri: location } }],
        results,
        properties: { startUrls: report.scan.startUrls.map(cleanText), partial: report.partial },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function defaultLocation(report: Report): string {
  const allowlist = report.scan.options.allowlist;
  return typeof allowlist === "string" && allowlist.length > 0 ? allowlist : "skimscan.yaml";
}

/**
 * A URI reference for the file results point at. Relative paths stay relative (to the repository
 * root, where code scanning resolves them); absolute paths become file:// URIs, which upload tools
 * make relative to the checkout. A web URL is never a valid location for code scanning, so one
 * given by mistake falls back to the default file.
 */
export function artifactUri(file: string): string {
  const cleaned = cleanText(file).trim().replace(/\\/g, "/");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(cleaned)) {
    return cleaned.startsWith("file://") ? encodeURI(decodeURI(cleaned)) : "skimscan.yaml";
  }
  if (cleaned.startsWith("/")) return `file://${encodeURI(cleaned)}`;
  if (/^[a-z]:\//i.test(cleaned)) return `file:///${encodeURI(cleaned)}`;
  const relative = cleaned.replace(/^(\.\/)+/, "");
  return relative === "" ? "skimscan.yaml" : encodeURI(relative);
}

/** Rogue-party findings first, then by severity: the order people triage in. */
function sortedForSarif(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) =>
    f.code === ROGUE_RULE ? -1 : ["high", "medium", "low", "info"].indexOf(f.severity);
  return [...findings].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

function physical(uri: string, index: number) {
  return [{ physicalLocation: { artifactLocation: { uri, index }, region: { startLine: 1 } } }];
}

function rogueResult(p: ReportParty, uri: string, ruleIndex: number) {
  const domain = cleanText(p.domain);
  const chain = p.loadedBy[0]?.map(cleanText).join(" → ");
  const pages = p.pages.map(cleanText);
  const text =
    `${findingTitle(ROGUE_RULE)}: ${domain} (${p.hosts.map(cleanText).join(", ")}) is not authorized; ` +
    `seen on ${pages.slice(0, 5).join(", ")}${pages.length > 5 ? ` and ${pages.length - 5} more pages` : ""}` +
    `${chain ? `; loaded by ${chain}` : ""}.`;
  return {
    ruleId: ROGUE_RULE,
    ruleIndex,
    level: "error" as Level,
    message: { text },
    locations: physical(uri, 0),
    partialFingerprints: { [FINGERPRINT]: `${ROGUE_RULE}:${domain}` },
    properties: {
      party: domain,
      hosts: p.hosts.map(cleanText),
      pages,
      requests: p.requests,
      cookies: p.cookies,
      ...(p.entity ? { entity: cleanText(p.entity) } : {}),
      ...(p.new !== undefined ? { new: p.new } : {}),
    },
  };
}

function findingResult(report: Report, f: Finding, uri: string, ruleIndex: number) {
  const party = f.party ? ` ${cleanText(f.party)}` : "";
  const page = f.page ? ` on ${cleanText(f.page)}` : "";
  let detail = evidencePairs(f.evidence, 120).map(cleanText).join(", ");
  if (f.code === ROGUE_RULE) {
    const p = report.parties.find((x) => x.domain === f.party);
    const chain = p?.loadedBy[0]?.map(cleanText).join(" → ");
    detail = `hosts ${(p?.hosts ?? []).map(cleanText).join(", ")}${chain ? `; loaded by ${chain}` : ""}`;
  }
  return {
    ruleId: f.code,
    ruleIndex,
    level: f.code === ROGUE_RULE ? ("error" as Level) : LEVELS[f.severity],
    message: {
      text: `${findingTitle(f.code)}:${party}${page}${detail ? ` (${detail})` : ""}.`,
    },
    locations: physical(uri, 0),
    partialFingerprints: { [FINGERPRINT]: f.id },
    properties: {
      severity: f.severity,
      ...(f.party ? { party: cleanText(f.party) } : {}),
      ...(f.page ? { page: cleanText(f.page) } : {}),
      ...(f.new !== undefined ? { new: f.new } : {}),
    },
  };
}

/** GitHub code scanning ranks alerts by this CVSS-like score (critical ≥ 9, high ≥ 7, medium ≥ 4). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  high: "7.5",
  medium: "5.0",
  low: "2.0",
  info: "0.0",
};
const SEVERITY_RANK: Severity[] = ["high", "medium", "low", "info"];

/** A rule as the check's meta describes it (a code this version does not know: by its name). */
function ruleFor(id: string, findings: readonly Finding[]) {
  const meta = checkMeta(id);
  const description = meta?.description ?? `skimscan finding "${id}".`;
  const help = meta ? `${description} Severity: ${severityText(meta)}.` : description;
  const worst = findings
    .filter((f) => f.code === id)
    .map((f) => f.severity)
    .sort((a, b) => SEVERITY_RANK.indexOf(a) - SEVERITY_RANK.indexOf(b))[0];
  const severity: Severity = id === ROGUE_RULE ? "high" : (worst ?? "medium");
  return {
    id,
    name: cleanText(id).replace(/(^|[-_ ])(\w)/g, (_m, _s, c: string) => c.toUpperCase()),
    shortDescription: { text: meta?.title ?? id },
    fullDescription: { text: description },
    help: { text: help },
    defaultConfiguration: { level: id === ROGUE_RULE ? "error" : LEVELS[severity] },
    properties: {
      tags: ["privacy", ...(id === ROGUE_RULE ? ["third-party"] : [])],
      "security-severity": SECURITY_SEVERITY[severity],
    },
  };
}

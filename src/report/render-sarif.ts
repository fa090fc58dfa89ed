// SARIF 2.1.0 for code-scanning tabs: one result per rogue party and per finding. Code scanning
// rejects web URLs as locations, so every result points at a file of the repository (the allowlist,
// where the fix goes) and names the page URL in its message.
import type { Finding, Report, ReportParty, Severity } from "../model/report.js";
import { evidencePairs } from "./report-view.js";
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
  const rogue = report.parties.filter((p) => p.status === "rogue");
  const codes = [...new Set(report.findings.map((f) => f.code))].sort();
  const ruleIds = [...(rogue.length > 0 ? [ROGUE_RULE] : []), ...codes];
  const rules = ruleIds.map((id) => ruleFor(id, report.findings));
  const results = [
    ...rogue.map((p) => rogueResult(p, location, ruleIds.indexOf(ROGUE_RULE))),
    ...report.findings.map((f) => findingResult(f, location, ruleIds.indexOf(f.code))),
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
 * A relative URI reference with forward slashes. A web URL is never a valid location for code
 * scanning, so one given by mistake falls back to the default file.
 */
export function artifactUri(file: string): string {
  const cleaned = cleanText(file).trim().replace(/\\/g, "/");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(cleaned) && !cleaned.startsWith("file://"))
    return "skimscan.yaml";
  const withoutDot = cleaned.replace(/^(\.\/)+/, "");
  return encodeURI(withoutDot === "" ? "skimscan.yaml" : withoutDot);
}

function physical(uri: string, index: number) {
  return [{ physicalLocation: { artifactLocation: { uri, index }, region: { startLine: 1 } } }];
}

function rogueResult(p: ReportParty, uri: string, ruleIndex: number) {
  const domain = cleanText(p.domain);
  const chain = p.loadedBy[0]?.map(cleanText).join(" → ");
  const pages = p.pages.map(cleanText);
  const text =
    `Rogue third party ${domain} (${p.hosts.map(cleanText).join(", ")}) is not on the allowlist; ` +
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

function findingResult(f: Finding, uri: string, ruleIndex: number) {
  const party = f.party ? ` by ${cleanText(f.party)}` : "";
  const page = f.page ? ` on ${cleanText(f.page)}` : "";
  const ev = evidencePairs(f.evidence).map(cleanText).join(", ");
  return {
    ruleId: f.code,
    ruleIndex,
    level: LEVELS[f.severity],
    message: { text: `${cleanText(f.code)}${party}${page}${ev ? `: ${ev}` : ""}.` },
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

function ruleFor(id: string, findings: readonly Finding[]) {
  if (id === ROGUE_RULE) {
    return {
      id,
      name: "RoguePartyDetected",
      shortDescription: {
        text: "A third party that the allowlist does not authorize loaded on a page.",
      },
      fullDescription: {
        text:
          "skimscan saw requests to a third party with no matching authorized entry (or a denied one). " +
          "Add it to the allowlist if it is wanted, or remove the tag that brings it in (see loadedBy).",
      },
      defaultConfiguration: { level: "error" },
      properties: { tags: ["privacy", "third-party"] },
    };
  }
  const worst = findings
    .filter((f) => f.code === id)
    .map((f) => LEVELS[f.severity])
    .sort((a, b) => order(a) - order(b))[0];
  const name = cleanText(id);
  return {
    id,
    name: name.replace(/(^|[-_ ])(\w)/g, (_m, _s, c: string) => c.toUpperCase()),
    shortDescription: { text: `skimscan finding: ${name}` },
    defaultConfiguration: { level: worst ?? "warning" },
    properties: { tags: ["privacy"] },
  };
}

function order(level: Level): number {
  return level === "error" ? 0 : level === "warning" ? 1 : 2;
}

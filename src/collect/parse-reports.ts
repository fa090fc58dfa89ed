// The bodies real browsers send for CSP violations, checked and normalised: `report-uri`
// (`application/csp-report`, one report) and the Reporting API (`application/reports+json`, a
// batch). Anything else is refused with a reason. Pure.

export type Mechanism = "report-uri" | "reporting-api";

/** One violation as received, before judgement. */
export interface IncomingReport {
  mechanism: Mechanism;
  documentUrl: string;
  /** A URL, or what was blocked without one: "inline", "eval", "wasm-eval", "trusted-types-sink". */
  blockedUrl: string;
  directive: string;
  disposition: "enforce" | "report";
  sourceFile?: string;
  statusCode?: number;
  userAgent?: string;
}

export class BadReport extends Error {
  constructor(
    /** A short counter name: "malformed-json", "not-a-report", "too-many-reports", … */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export const REPORT_TYPES = [
  "application/csp-report",
  "application/reports+json",
  "application/json",
];
/** A Reporting API batch holds at most this many reports; more is a flood, not a browser. */
export const MAX_BATCH = 100;
const MAX_FIELD = 2048;

export function parseReportBody(
  contentType: string,
  body: string,
  opts: { keepQuery: boolean },
): IncomingReport[] {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new BadReport("malformed-json", "the body is not JSON");
  }
  const type = contentType.split(";")[0]?.trim().toLowerCase();
  const batch = type === "application/reports+json" || Array.isArray(data);
  const reports = batch ? fromReportingApi(data) : [fromReportUri(data)];
  return reports.map((r) => clean(r, opts.keepQuery));
}

function fromReportUri(data: unknown): IncomingReport {
  const r = (data as Record<string, unknown> | null)?.["csp-report"];
  if (!isObject(r)) throw new BadReport("not-a-report", 'no "csp-report" object');
  const directive = str(r["effective-directive"]) ?? firstWord(str(r["violated-directive"]));
  const documentUrl = str(r["document-uri"]);
  if (!documentUrl || !directive)
    throw new BadReport("not-a-report", "document-uri and a directive are required");
  return {
    mechanism: "report-uri",
    documentUrl,
    blockedUrl: str(r["blocked-uri"]) ?? "",
    directive,
    disposition: r.disposition === "report" ? "report" : "enforce",
    ...opt("sourceFile", str(r["source-file"])),
    ...opt("statusCode", num(r["status-code"])),
  };
}

function fromReportingApi(data: unknown): IncomingReport[] {
  if (!Array.isArray(data)) throw new BadReport("not-a-report", "a Reporting API body is an array");
  if (data.length > MAX_BATCH)
    throw new BadReport("too-many-reports", `more than ${MAX_BATCH} reports in one batch`);
  const out: IncomingReport[] = [];
  for (const item of data) {
    if (!isObject(item) || !isObject(item.body))
      throw new BadReport("not-a-report", "a report without a body");
    // Other report types (deprecation, intervention, …) share the endpoint: not ours to keep.
    if (item.type !== "csp-violation") continue;
    const b = item.body;
    const documentUrl = str(b.documentURL) ?? str(item.url);
    const directive = str(b.effectiveDirective);
    if (!documentUrl || !directive)
      throw new BadReport("not-a-report", "documentURL and effectiveDirective are required");
    out.push({
      mechanism: "reporting-api",
      documentUrl,
      blockedUrl: str(b.blockedURL) ?? "",
      directive,
      disposition: b.disposition === "report" ? "report" : "enforce",
      ...opt("sourceFile", str(b.sourceFile)),
      ...opt("statusCode", num(b.statusCode)),
      ...opt("userAgent", str(item.user_agent)),
    });
  }
  if (out.length === 0)
    throw new BadReport("no-csp-reports", "no csp-violation report in the batch");
  return out;
}

/** URLs lose their query and fragment (identifiers live there) unless the operator keeps them. */
function clean(r: IncomingReport, keepQuery: boolean): IncomingReport {
  const url = (u: string) => (keepQuery ? u : stripQuery(u)).slice(0, MAX_FIELD);
  if (!/^https?:\/\//i.test(r.documentUrl))
    throw new BadReport("not-a-report", "the document URL is not an http(s) URL");
  return {
    ...r,
    documentUrl: url(r.documentUrl),
    blockedUrl: /^(https?|wss?):/i.test(r.blockedUrl)
      ? url(r.blockedUrl)
      : blockedKind(r.blockedUrl),
    directive: r.directive.slice(0, 64).toLowerCase(),
    ...(r.sourceFile ? { sourceFile: url(r.sourceFile) } : {}),
    ...(r.userAgent ? { userAgent: r.userAgent.slice(0, 512) } : {}),
  };
}

export function stripQuery(u: string): string {
  const cut = u.search(/[?#]/);
  return cut < 0 ? u : u.slice(0, cut);
}

/** Non-URL blocked values as browsers write them ("inline", "eval", "data", "blob", …). */
function blockedKind(v: string): string {
  const k = v.toLowerCase().replace(/:.*$/, "").slice(0, 32);
  return k === "" ? "unknown" : k;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}
function firstWord(v: string | undefined): string | undefined {
  return v?.split(/\s+/)[0];
}
function opt<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

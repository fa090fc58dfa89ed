// The dataset's tables and columns: one declaration that the CSV and Parquet writers, the tests
// and the README's schema section all follow. Keys that join: site_id everywhere; (site_id,
// page_url) to pages; (site_id, party) to parties.domain.

export type ColumnType = "string" | "int" | "bool" | "timestamp" | "json";

export interface Column {
  name: string;
  type: ColumnType;
  doc: string;
}

export type TableName = "sites" | "pages" | "parties" | "requests" | "cookies" | "findings";

export const TABLE_NAMES: readonly TableName[] = [
  "sites",
  "pages",
  "parties",
  "requests",
  "cookies",
  "findings",
];

const siteId: Column = { name: "site_id", type: "string", doc: "the site (report file name)" };
const pageUrl: Column = {
  name: "page_url",
  type: "string",
  doc: "start URL of the page (joins pages.page_url)",
};

export const TABLES: Record<TableName, readonly Column[]> = {
  sites: [
    siteId,
    { name: "start_url", type: "string", doc: "the site's first start URL" },
    { name: "report_file", type: "string", doc: "the report the row came from" },
    { name: "schema_version", type: "int", doc: "report schemaVersion" },
    { name: "tool_version", type: "string", doc: "skimscan version that scanned" },
    { name: "browser_version", type: "string", doc: "Chromium version" },
    { name: "started_at", type: "timestamp", doc: "scan start (UTC)" },
    { name: "finished_at", type: "timestamp", doc: "scan end (UTC)" },
    { name: "partial", type: "bool", doc: "the scan was interrupted" },
    { name: "pages", type: "int", doc: "pages in the report" },
    { name: "pages_ok", type: "int", doc: "pages loaded" },
    { name: "pages_failed", type: "int", doc: "pages that failed" },
    { name: "requests", type: "int", doc: "requests captured" },
    { name: "cookies", type: "int", doc: "cookies" },
    { name: "third_parties", type: "int", doc: "third parties" },
    { name: "rogue", type: "int", doc: "rogue parties (with an allowlist)" },
    { name: "findings", type: "int", doc: "findings" },
    { name: "policy_violated", type: "bool", doc: "the report's policy verdict (exit 1)" },
  ],
  pages: [
    siteId,
    pageUrl,
    { name: "final_url", type: "string", doc: "top-level URL after redirects" },
    { name: "outcome", type: "string", doc: "ok | failed | skipped" },
    { name: "reason", type: "string", doc: "why it failed or was skipped" },
    { name: "timed_out", type: "bool", doc: "hit --timeout" },
    { name: "http_status", type: "int", doc: "the document's HTTP status" },
    { name: "first_party", type: "string", doc: "first-party domains, space-separated" },
  ],
  parties: [
    siteId,
    { name: "domain", type: "string", doc: "the party's registrable domain" },
    { name: "status", type: "string", doc: "authorized | rogue | unlisted" },
    { name: "entity", type: "string", doc: "the company, when known" },
    { name: "category", type: "string", doc: "its category, when known" },
    { name: "hosts", type: "string", doc: "hosts contacted, space-separated" },
    { name: "requests", type: "int", doc: "requests to it" },
    { name: "pixels", type: "int", doc: "pixels" },
    { name: "beacons", type: "int", doc: "beacons" },
    { name: "cookies", type: "int", doc: "cookies it set" },
    { name: "pages", type: "int", doc: "pages it appeared on" },
    { name: "first_seen", type: "string", doc: "page it first appeared on" },
    { name: "rules", type: "json", doc: "allowlist entries that matched, JSON array" },
    { name: "loaded_by", type: "json", doc: "initiator chains, JSON array of arrays" },
  ],
  requests: [
    siteId,
    pageUrl,
    { name: "url", type: "string", doc: "request URL" },
    { name: "host", type: "string", doc: "its host" },
    { name: "party", type: "string", doc: "registrable domain (joins parties.domain)" },
    { name: "verdict", type: "string", doc: "first-party | authorized | rogue | unlisted" },
    { name: "rule", type: "string", doc: "allowlist entry that decided" },
    { name: "kind", type: "string", doc: "document | script | pixel | beacon | xhr | …" },
    { name: "resource_type", type: "string", doc: "CDP resource type" },
    { name: "method", type: "string", doc: "HTTP method" },
    { name: "frame", type: "string", doc: "URL of the frame or worker that sent it" },
    { name: "target", type: "string", doc: "page | iframe | worker | service_worker | …" },
    { name: "http_status", type: "int", doc: "response status" },
    { name: "failure", type: "string", doc: "network error, if any" },
    { name: "body_bytes", type: "int", doc: "request body bytes" },
    { name: "redirects", type: "int", doc: "redirect hops before it" },
    { name: "initiators", type: "json", doc: "scripts responsible, outermost first, JSON array" },
  ],
  cookies: [
    siteId,
    pageUrl,
    { name: "name", type: "string", doc: "cookie name" },
    { name: "domain", type: "string", doc: "cookie domain as stored" },
    { name: "path", type: "string", doc: "cookie path" },
    { name: "party", type: "string", doc: "registrable domain of the cookie's domain" },
    { name: "set_by", type: "string", doc: "header | script" },
    { name: "set_by_party", type: "string", doc: "party of the response or script that wrote it" },
    { name: "script", type: "string", doc: "the writing script" },
    { name: "expires", type: "timestamp", doc: "expiry as stored (capped at 400 days)" },
    { name: "requested_expires", type: "timestamp", doc: "expiry the site asked for" },
    { name: "same_site", type: "string", doc: "Strict | Lax | None" },
    { name: "secure", type: "bool", doc: "Secure attribute" },
    { name: "http_only", type: "bool", doc: "HttpOnly attribute" },
    { name: "third_party_context", type: "bool", doc: "set from a third-party context" },
    { name: "blocked", type: "bool", doc: "every write was blocked" },
    { name: "blocked_reasons", type: "json", doc: "why, JSON array" },
    { name: "writes", type: "int", doc: "how often it was written" },
  ],
  findings: [
    siteId,
    { name: "finding_id", type: "string", doc: "stable fingerprint of the finding" },
    { name: "code", type: "string", doc: "finding code" },
    { name: "severity", type: "string", doc: "info | low | medium | high" },
    { name: "party", type: "string", doc: "the party concerned" },
    { name: "page_url", type: "string", doc: "the page concerned" },
    { name: "evidence", type: "json", doc: "the evidence object, JSON" },
  ],
};

/** One row: column name → value; null for absent (empty in CSV, null in Parquet). */
export type Row = Record<string, string | number | boolean | null>;

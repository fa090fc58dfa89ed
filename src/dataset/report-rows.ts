// One report → its rows in every table of the dataset (pure). Values follow src/dataset/schema.ts:
// absent fields are null, lists of domains are space-separated, other lists and objects are JSON.
import type { Report } from "../model/report.js";
import { policyViolated } from "../report/report-view.js";
import type { Row, TableName } from "./schema.js";

export type SiteRows = Record<TableName, Row[]>;

const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export function reportRows(siteId: string, report: Report, reportFile: string): SiteRows {
  const pages = report.scan.pages;
  const count = (outcome: string) => pages.filter((p) => p.outcome === outcome).length;
  return {
    sites: [
      {
        site_id: siteId,
        start_url: opt(report.scan.startUrls[0]),
        report_file: reportFile,
        schema_version: report.schemaVersion,
        tool_version: report.tool.version,
        browser_version: report.scan.browser.version,
        started_at: report.scan.startedAt,
        finished_at: report.scan.finishedAt,
        partial: report.partial,
        pages: pages.length,
        pages_ok: count("ok"),
        pages_failed: count("failed"),
        requests: report.summary.requests,
        cookies: report.summary.cookies,
        third_parties: report.summary.thirdParties,
        rogue: report.summary.rogue,
        findings: report.summary.findings,
        policy_violated: policyViolated(report),
      },
    ],
    pages: pages.map((p) => ({
      site_id: siteId,
      page_url: p.url,
      final_url: p.finalUrl,
      outcome: p.outcome,
      reason: opt(p.reason),
      timed_out: p.timedOut,
      http_status: opt(p.httpStatus),
      first_party: (p.firstParty ?? []).join(" "),
    })),
    parties: report.parties.map((p) => ({
      site_id: siteId,
      domain: p.domain,
      status: p.status,
      entity: opt(p.entity),
      category: opt(p.category),
      hosts: p.hosts.join(" "),
      requests: p.requests,
      pixels: p.pixels,
      beacons: p.beacons,
      cookies: p.cookies,
      pages: p.pages.length,
      first_seen: p.firstSeen,
      rules: JSON.stringify(p.rules),
      loaded_by: JSON.stringify(p.loadedBy),
    })),
    requests: report.requests.map((r) => ({
      site_id: siteId,
      page_url: r.page,
      url: r.url,
      host: r.host,
      party: r.party,
      verdict: r.verdict,
      rule: opt(r.rule),
      kind: r.kind,
      resource_type: r.type,
      method: r.method,
      frame: r.frame,
      target: r.target,
      http_status: opt(r.httpStatus),
      failure: opt(r.failure),
      body_bytes: r.bodyBytes,
      redirects: r.redirects.length,
      initiators: JSON.stringify(r.initiators),
    })),
    cookies: report.cookies.map((c) => ({
      site_id: siteId,
      page_url: c.page,
      name: c.name,
      domain: c.domain,
      path: c.path,
      party: c.party,
      set_by: c.setBy,
      set_by_party: c.setByParty,
      script: opt(c.script),
      expires: opt(c.expires),
      requested_expires: opt(c.requestedExpires),
      same_site: opt(c.sameSite),
      secure: c.secure,
      http_only: c.httpOnly,
      third_party_context: c.thirdPartyContext,
      blocked: c.blocked,
      blocked_reasons: c.blockedReasons ? JSON.stringify(c.blockedReasons) : null,
      writes: c.writes,
    })),
    findings: report.findings.map((f) => ({
      site_id: siteId,
      finding_id: f.id,
      code: f.code,
      severity: f.severity,
      party: opt(f.party),
      page_url: opt(f.page),
      evidence: JSON.stringify(f.evidence),
    })),
  };
}

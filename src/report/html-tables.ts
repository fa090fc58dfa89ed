// The HTML report's tables of record: cookies, findings, storage, failed pages and the scan itself.
import type { Finding, Report, ReportCookie } from "../model/report.js";
import { code, t } from "./html-text.js";
import {
  evidencePairs,
  failedPages,
  findingTitle,
  lifetimeDays,
  plural,
  sortFindings,
} from "./report-view.js";
import { cleanText } from "./sanitize.js";

export function cookieTable(cookies: ReportCookie[], from: string): string {
  const rows = cookies.map((c) => {
    const days = lifetimeDays(c.requestedExpires ?? c.expires, from);
    const flags = [
      c.secure ? "Secure" : "",
      c.httpOnly ? "HttpOnly" : "",
      c.sameSite ? `SameSite=${c.sameSite}` : "",
      c.partitionKey ? "Partitioned" : "",
      c.thirdPartyContext ? "third-party context" : "",
      c.blocked ? `blocked (${(c.blockedReasons ?? []).map(cleanText).join(", ")})` : "",
    ].filter(Boolean);
    return (
      `<tr><td>${code(c.name)}</td><td>${code(c.domain)}${c.path !== "/" ? code(c.path) : ""}</td>` +
      `<td>${t(c.setBy)}${c.script ? `<br>${code(c.script)}` : ""}<br><span class="muted">${t(c.setByParty)}</span></td>` +
      `<td class="nowrap">${lifetime(days)}</td><td>${flags.map(t).join("<br>")}</td>` +
      `<td class="num">${t(c.writes)}</td></tr>`
    );
  });
  return (
    `<table><thead><tr><th>Name</th><th>Domain</th><th>Set by</th><th>Lifetime</th><th>Attributes</th>` +
    `<th class="num">Writes</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}

function lifetime(days: number | undefined): string {
  if (days === undefined) return "session";
  if (days < 0) return "expired";
  return days === 0 ? "&lt; 1 day" : plural(days, "day");
}

export function findingList(findings: Finding[]): string {
  const rows = sortFindings(findings).map(
    (f) =>
      `<tr><td>${t(f.severity)}</td><td>${t(findingTitle(f.code))}<br>${code(f.code)}</td><td>${f.party ? code(f.party) : ""}</td>` +
      `<td>${f.page ? code(f.page) : ""}</td><td>${evidencePairs(f.evidence).map(code).join("<br>")}</td></tr>`,
  );
  return (
    `<table><thead><tr><th>Severity</th><th>Finding</th><th>Party</th><th>Page</th><th>Evidence</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
  );
}

export function findingsSection(findings: Finding[]): string {
  if (findings.length === 0) return `<h2 id="findings">Findings</h2><p class="muted">None.</p>`;
  return `<h2 id="findings">Findings (${findings.length})</h2>${findingList(findings)}`;
}

export function cookiesSection(report: Report): string {
  if (report.cookies.length === 0) return "";
  return (
    `<h2 id="cookies">Cookies (${report.cookies.length})</h2>` +
    `<p class="muted">Every cookie written during the scan, first-party ones included: ` +
    `"set by" names the party whose response or script wrote it.</p>` +
    cookieTable(report.cookies, report.scan.startedAt)
  );
}

export function storageSection(report: Report): string {
  if (report.storage.length === 0) return "";
  const rows = report.storage.map(
    (w) =>
      `<tr><td>${code(w.origin)}</td><td>${t(w.kind)}</td><td>${code(w.key)}</td>` +
      `<td class="num">${t(w.bytes)}</td><td>${w.script ? code(w.script) : ""}</td><td>${code(w.page)}</td></tr>`,
  );
  return (
    `<h2 id="storage">Storage (${report.storage.length})</h2>` +
    `<p class="muted">localStorage, sessionStorage and IndexedDB writes: identifiers live here as often as in cookies.</p>` +
    `<table><thead><tr><th>Origin</th><th>Kind</th><th>Key</th><th class="num">Bytes</th><th>Script</th>` +
    `<th>Page</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}

export function failedSection(report: Report): string {
  const failed = failedPages(report);
  if (failed.length === 0) return "";
  const rows = failed.map(
    (p) => `<tr><td>${code(p.url)}</td><td>${t(p.reason ?? "no reason recorded")}</td></tr>`,
  );
  return (
    `<h2 id="failed">Pages that could not be scanned</h2><table><thead><tr><th>Page</th><th>Reason</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
  );
}

export function scanSection(report: Report): string {
  const rows = report.scan.pages.map(
    (p) =>
      `<tr><td>${code(p.url)}${p.finalUrl !== p.url ? `<br>→ ${code(p.finalUrl)}` : ""}</td><td>${t(p.outcome)}` +
      `${p.timedOut ? " (time limit)" : ""}</td><td class="num">${t(p.httpStatus ?? "")}</td></tr>`,
  );
  return (
    `<h2 id="scan">Scan</h2><p>From ${t(report.scan.startedAt)} to ${t(report.scan.finishedAt)} with ` +
    `${code(report.scan.browser.version)}, user agent ${code(report.scan.browser.userAgent)}.</p>` +
    `<table><thead><tr><th>Page</th><th>Outcome</th><th class="num">HTTP</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}

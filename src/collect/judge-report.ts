// A received violation judged as it arrives: the blocked host's party and its allowlist verdict on
// the reporting page's site, and the visitor's browser family (never the IP or the full UA).
import { judgeContact, scanDay } from "../analyze/allowlist-match.js";
import type { Allowlist } from "../config/allowlist.js";
import { hostOf, partyOf } from "../domain/party.js";
import type { IncomingReport, Mechanism } from "./parse-reports.js";

export interface StoredReport {
  receivedAt: string;
  mechanism: Mechanism;
  documentUrl: string;
  blockedUrl: string;
  blockedHost: string;
  party: string;
  /** first-party | authorized | rogue | unlisted, or "none" when nothing with a URL was blocked. */
  verdict: string;
  directive: string;
  disposition: "enforce" | "report";
  sourceFile?: string;
  statusCode?: number;
  uaFamily: string;
}

export function judgeReport(
  r: IncomingReport,
  at: Date,
  allowlist: Allowlist | undefined,
  headerUserAgent: string | undefined,
): StoredReport {
  const host = /^(https?|wss?):/i.test(r.blockedUrl) ? hostOf(r.blockedUrl) : "";
  const party = host ? partyOf(host) : "";
  let verdict = "none";
  if (host) {
    const site = partyOf(hostOf(r.documentUrl));
    const firstParty = new Set([site, ...(allowlist?.firstParty ?? [])]);
    let pagePath = "/";
    try {
      pagePath = new URL(r.documentUrl).pathname;
    } catch {}
    const j = judgeContact(
      { url: r.blockedUrl, host, party },
      { firstParty, pagePath, day: scanDay(at.toISOString()) },
      allowlist,
    );
    verdict = j.verdict;
  }
  return {
    receivedAt: at.toISOString(),
    mechanism: r.mechanism,
    documentUrl: r.documentUrl,
    blockedUrl: r.blockedUrl,
    blockedHost: host,
    party,
    verdict,
    directive: r.directive,
    disposition: r.disposition,
    ...(r.sourceFile ? { sourceFile: r.sourceFile } : {}),
    ...(r.statusCode !== undefined ? { statusCode: r.statusCode } : {}),
    uaFamily: userAgentFamily(r.userAgent ?? headerUserAgent ?? ""),
  };
}

/** "Chrome", "Edge", "Firefox", "Safari", "Opera", "Samsung Internet" (+ " mobile"), or "other". */
export function userAgentFamily(ua: string): string {
  const mobile = /Mobile|Android|iPhone|iPad/.test(ua) ? " mobile" : "";
  const family = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\//.test(ua)
      ? "Opera"
      : /SamsungBrowser\//.test(ua)
        ? "Samsung Internet"
        : /Firefox\//.test(ua)
          ? "Firefox"
          : /(Chrome|Chromium|CriOS)\//.test(ua)
            ? "Chrome"
            : /Safari\//.test(ua) && /Version\//.test(ua)
              ? "Safari"
              : "";
  return family ? family + mobile : "other";
}

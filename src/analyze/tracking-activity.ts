// What a third party did that tracks a visitor, per party, within a chosen window of each page:
// tracking requests (one definition: tracking-request.ts) and identifier cookies it got stored.
// Every privacy finding (before consent, after reject, with a signal on) is this, on other pages.

import { partyOf } from "../domain/party.js";
import type { CapturedPage, CookieWrite } from "../model/capture.js";
import type { IdentifierCookieEvidence, TrackingRequestEvidence } from "../model/report.js";
import type { Window } from "../signals/consent-state.js";
import type { CheckContext } from "./checks/check.js";
import { isIdentifierLike } from "./leaks/identifiers.js";
import { IDENTIFIER_REASONS, trackingReason } from "./tracking-request.js";

/** A pixel, beacon or filter-list tracker (`rule`), with the DNT / Sec-GPC headers as sent. */
export type TrackingRequest = TrackingRequestEvidence;

/** An identifier cookie write; `source` is the response URL (header) or the script (script). */
export type IdentifierCookie = Omit<IdentifierCookieEvidence, "writes">;

export interface PartyActivity {
  party: string;
  requests: TrackingRequest[];
  cookies: IdentifierCookie[];
  /** Every request of the party in the window (tracking or not), and how many carried each signal. */
  allRequests: number;
  /** Tracking requests that carried an identifier themselves (a cookie, a stored id, a fingerprint). */
  identifierRequests: number;
  dntRequests: number;
  gpcRequests: number;
  pages: string[];
}

export type PageFilter = (page: CapturedPage, index: number) => Window | undefined;

function inWindow(w: Window, ms: number): boolean {
  if ("all" in w) return true;
  if ("beforeMs" in w) return ms < w.beforeMs;
  return ms >= w.fromMs;
}

/**
 * The party a cookie write puts an identifier with: the cookie's own domain. A third-party script
 * writing on the site's own domain is not counted: consent managers store the visitor's choice
 * that way on every page (OptanonConsent, CookieConsent), and those values look random. Such
 * vendors are still seen through their pixels and beacons.
 */
function cookieParty(w: CookieWrite): string {
  return partyOf(w.domain.replace(/^\./, "")) || partyOf(hostOfUrl(w.url));
}

function hostOfUrl(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

/**
 * Third-party tracking per party on the pages and windows `filter` picks (undefined: skip page).
 * First-party requests and cookies never count; blocked and deleting cookie writes never count.
 */
export function trackingActivity(
  ctx: CheckContext<"requests" | "filterLists">,
  filter: PageFilter,
): PartyActivity[] {
  const byParty = new Map<string, PartyActivity>();
  const get = (party: string) => {
    let a = byParty.get(party);
    if (!a) {
      a = {
        party,
        requests: [],
        cookies: [],
        allRequests: 0,
        identifierRequests: 0,
        dntRequests: 0,
        gpcRequests: 0,
        pages: [],
      };
      byParty.set(party, a);
    }
    return a;
  };
  const windows = ctx.pages.map((jp) => filter(jp.page, jp.pageIndex));
  const touched = new Set<PartyActivity>();
  for (const jr of ctx.requests) {
    const w = windows[jr.pageIndex];
    if (!w || jr.verdict === "first-party" || !jr.party) continue;
    const r = jr.request;
    if (!inWindow(w, r.startedMs)) continue;
    const a = get(jr.party);
    a.allRequests++;
    if (r.requestHeaders.dnt === "1") a.dntRequests++;
    if (r.requestHeaders["sec-gpc"] === "1") a.gpcRequests++;
    const reason = trackingReason(ctx, jr);
    if (!reason) continue;
    const rule = ctx.filterMatches.get(jr)?.rule;
    if (IDENTIFIER_REASONS.has(reason)) a.identifierRequests++;
    a.requests.push({
      url: r.url,
      kind: jr.kind,
      reason,
      page: jr.page.url,
      ms: Math.round(r.startedMs),
      ...(rule ? { rule } : {}),
      ...(r.requestHeaders.dnt ? { dnt: r.requestHeaders.dnt } : {}),
      ...(r.requestHeaders["sec-gpc"] ? { gpc: r.requestHeaders["sec-gpc"] } : {}),
    });
    touched.add(a);
    if (!a.pages.includes(jr.page.url)) a.pages.push(jr.page.url);
  }
  const scanTime = Date.parse(ctx.capture.startedAt) || Date.now();
  for (const jp of ctx.pages) {
    const w = windows[jp.pageIndex];
    if (!w) continue;
    for (const c of jp.page.cookieWrites) {
      if (c.blocked || c.deletion || !inWindow(w, c.ms)) continue;
      const party = cookieParty(c);
      if (!party || jp.firstParty.has(party)) continue;
      if (!isIdentifierLike(c.value, scanTime)) continue;
      const a = get(party);
      a.cookies.push({
        name: c.name,
        domain: c.domain.replace(/^\./, ""),
        setBy: c.setBy,
        source: c.setBy === "script" ? (c.script ?? c.url) : c.url,
        valueLength: c.valueLength,
        ...(c.requestedExpires ? { requestedExpires: c.requestedExpires } : {}),
        page: jp.page.url,
        ms: Math.round(c.ms),
      });
      touched.add(a);
      if (!a.pages.includes(jp.page.url)) a.pages.push(jp.page.url);
    }
  }
  return [...touched].sort((x, y) => x.party.localeCompare(y.party));
}

/** The first few of a list for evidence, with how many there were in all. */
export function sample<T>(items: readonly T[], max = 10): { shown: T[]; total: number } {
  return { shown: items.slice(0, max), total: items.length };
}

/** Cookies once per (name, domain), first write kept, with the count of writes. */
export function distinctCookies(cookies: readonly IdentifierCookie[]): IdentifierCookieEvidence[] {
  const out = new Map<string, IdentifierCookieEvidence>();
  for (const c of cookies) {
    const key = `${c.name}\u0000${c.domain}`;
    const seen = out.get(key);
    if (seen) seen.writes++;
    else out.set(key, { ...c, writes: 1 });
  }
  return [...out.values()];
}

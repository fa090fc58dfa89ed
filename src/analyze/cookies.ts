// Cookie writes of all pages folded into one entry per cookie (name, domain, path).

import { hostOf, partyOf, partyOfUrl } from "../domain/party.js";
import type { Capture, CapturedPage, CookieWrite, JarCookie } from "../model/capture.js";
import type { ReportCookie } from "../model/report.js";
import { refusedForDomain } from "./refused-cookie.js";

export interface JudgedCookie {
  cookie: ReportCookie;
  /** Every write, in scan order, with the page it happened on. */
  writes: { write: CookieWrite; page: CapturedPage }[];
}

function normDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/^\.+/, "").replace(/\.+$/, "");
}

function keyOf(name: string, domain: string, path: string): string {
  return JSON.stringify([name, normDomain(domain), path || "/"]);
}

/** The party that wrote it: the response's for a header, the script's (else the document's) for script. */
export function writerParty(w: CookieWrite): string {
  if (w.setBy === "header") return partyOfUrl(w.url);
  return partyOfUrl(w.script ?? w.url) || partyOfUrl(w.url);
}

/** A write from a response or frame of another site than the top-level page's. */
export function isThirdPartyContext(w: CookieWrite, page: CapturedPage): boolean {
  const top = partyOfUrl(w.topLevelUrl ?? page.finalUrl ?? page.url);
  const writer = partyOfUrl(w.url);
  return top !== "" && writer !== "" && top !== writer;
}

export function aggregateCookies(capture: Capture): JudgedCookie[] {
  const byKey = new Map<string, JudgedCookie>();
  const jar = new Map<string, JarCookie>();
  for (const page of capture.pages) {
    // Later pages' jars are newer: the last one that holds the cookie decides what was stored.
    for (const c of page.jar) jar.set(keyOf(c.name, c.domain, c.path), c);
  }
  for (const page of capture.pages) {
    const writes = [...page.cookieWrites].sort((a, b) => a.ms - b.ms);
    for (const w of writes) {
      const key = keyOf(w.name, w.domain, w.path);
      let acc = byKey.get(key);
      if (!acc) {
        const domain = normDomain(w.domain) || hostOf(w.url);
        acc = {
          cookie: {
            name: w.name,
            domain,
            path: w.path || "/",
            party: partyOf(domain),
            setBy: w.setBy,
            setByParty: writerParty(w),
            ...(w.script ? { script: w.script } : {}),
            page: page.url,
            secure: w.secure,
            httpOnly: w.httpOnly,
            thirdPartyContext: false,
            blocked: true,
            writes: 0,
          },
          writes: [],
        };
        byKey.set(key, acc);
      }
      acc.writes.push({ write: w, page });
      const c = acc.cookie;
      c.writes++;
      if (isThirdPartyContext(w, page)) c.thirdPartyContext = true;
      if (!w.blocked) c.blocked = false;
    }
  }
  for (const [key, acc] of byKey) finish(acc, jar.get(key));
  return [...byKey.values()].sort((a, b) => compareCookies(a.cookie, b.cookie));
}

function finish(acc: JudgedCookie, stored: JarCookie | undefined): void {
  const c = acc.cookie;
  const last = acc.writes[acc.writes.length - 1]?.write as CookieWrite;
  // Attributes of the last write the browser accepted (else the last attempt).
  const lastOk = [...acc.writes].reverse().find((x) => !x.write.blocked)?.write ?? last;
  if (lastOk.requestedExpires) c.requestedExpires = lastOk.requestedExpires;
  const sameSite = stored?.sameSite ?? lastOk.sameSite;
  if (sameSite) c.sameSite = sameSite;
  c.secure = stored?.secure ?? lastOk.secure;
  c.httpOnly = stored?.httpOnly ?? lastOk.httpOnly;
  if (stored?.expires) c.expires = stored.expires;
  if (stored?.partitionKey) c.partitionKey = stored.partitionKey;
  if (acc.writes.every(({ write }) => refusedForDomain(write))) c.domainRefused = true;
  else if (!c.blocked && lastOk.deletion) c.deleted = true;
  const reasons = new Set<string>();
  for (const { write } of acc.writes) for (const r of write.blockedReasons ?? []) reasons.add(r);
  if (reasons.size > 0) c.blockedReasons = [...reasons].sort();
}

/** A cookie a party keeps: stored (not refused outright) and not deleted by its last write. */
export function isLiveCookie(c: ReportCookie): boolean {
  return !c.domainRefused && !c.deleted;
}

export function compareCookies(a: ReportCookie, b: ReportCookie): number {
  return (
    a.party.localeCompare(b.party) ||
    a.domain.localeCompare(b.domain) ||
    a.name.localeCompare(b.name) ||
    a.path.localeCompare(b.path)
  );
}

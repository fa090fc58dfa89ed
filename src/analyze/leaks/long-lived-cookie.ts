// long-lived-cookie: a third-party cookie asking to live longer than --max-cookie-days (395 days,
// the 13 months European regulators accept), judged on the expiry it asked for.
import { cookieEvidence, thirdPartyCookieWrites } from "./third-party-cookie-writes.js";
import type { LeakDraft, LeakInput, LeakOptions } from "./types.js";

export const DEFAULT_MAX_COOKIE_DAYS = 395;

export function detectLongLivedCookie(input: LeakInput, options: LeakOptions = {}): LeakDraft[] {
  const maxDays = options.maxCookieDays ?? DEFAULT_MAX_COOKIE_DAYS;
  const worst = new Map<string, { draft: LeakDraft; days: number }>();
  for (const w of thirdPartyCookieWrites(input)) {
    const expires = w.write.requestedExpires ? Date.parse(w.write.requestedExpires) : Number.NaN;
    if (!Number.isFinite(expires)) continue;
    const days = (expires - w.at) / 86_400_000;
    // The write time is the browser's, the expiry the server's: a "Max-Age=395 days" read a few
    // milliseconds early must not count as 395.00001 days. Whole days decide.
    if (Math.round(days) <= maxDays) continue;
    const key = JSON.stringify([w.write.name, w.write.domain.replace(/^\.+/, ""), w.write.path]);
    const prev = worst.get(key);
    if (prev && prev.days >= days) continue;
    worst.set(key, {
      days,
      draft: {
        code: "long-lived-cookie",
        severity: "low",
        party: w.party,
        ...(w.writer && w.writer !== w.party ? { parties: [w.writer] } : {}),
        page: prev?.draft.page ?? w.page.url,
        key,
        evidence: {
          ...cookieEvidence(w),
          requestedExpires: w.write.requestedExpires,
          requestedDays: Math.round(days),
          maxDays,
        },
      },
    });
  }
  return [...worst.values()].map((v) => v.draft).sort((a, b) => a.key.localeCompare(b.key));
}

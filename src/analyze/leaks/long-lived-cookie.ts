// long-lived-cookie: a third-party cookie asking to live longer than --max-cookie-days (395 days,
// the 13 months European regulators accept), judged on the expiry it asked for.
import { defineCheck, type FindingDraft } from "../checks/check.js";
import { cookieEvidence, thirdPartyCookieWrites } from "./third-party-cookie-writes.js";
import type { LeakInput, LeakOptions } from "./types.js";

export const DEFAULT_MAX_COOKIE_DAYS = 395;

export const longLivedCookieCheck = defineCheck({
  meta: {
    code: "long-lived-cookie",
    title: "Long-lived cookie",
    description:
      "A third-party cookie asked to live longer than --max-cookie-days (default 395 days, the 13 months European regulators accept), judged from the expiry the site asked for, not Chromium's 400-day cap.",
    severity: "low",
  },
  requires: ["requests", "leaks"],
  run: (ctx) => detectLongLivedCookie(ctx, ctx.leakOptions),
});

export function detectLongLivedCookie(
  input: LeakInput,
  options: LeakOptions = {},
): FindingDraft<"long-lived-cookie">[] {
  const maxDays = options.maxCookieDays ?? DEFAULT_MAX_COOKIE_DAYS;
  const worst = new Map<string, { draft: FindingDraft<"long-lived-cookie">; days: number }>();
  for (const w of thirdPartyCookieWrites(input)) {
    const requestedExpires = w.write.requestedExpires;
    const expires = requestedExpires ? Date.parse(requestedExpires) : Number.NaN;
    if (!requestedExpires || !Number.isFinite(expires)) continue;
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
        severity: "low",
        party: w.party,
        ...(w.writer && w.writer !== w.party ? { parties: [w.writer] } : {}),
        page: prev?.draft.page ?? w.page.url,
        key,
        evidence: {
          ...cookieEvidence(w),
          requestedExpires,
          requestedDays: Math.round(days),
          maxDays,
        },
      },
    });
  }
  return [...worst.values()].map((v) => v.draft).sort((a, b) => a.key.localeCompare(b.key));
}

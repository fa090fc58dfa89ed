// insecure-third-party-cookie: a third-party cookie without Secure (readable on any plain-HTTP
// request to its domain), or SameSite=None set over plain HTTP.
import type { InsecureThirdPartyCookieEvidence, Severity } from "../../model/report.js";
import { defineCheck, type FindingDraft } from "../checks/check.js";
import { cookieEvidence, thirdPartyCookieWrites } from "./third-party-cookie-writes.js";
import type { LeakInput } from "./types.js";

export type InsecureReason = InsecureThirdPartyCookieEvidence["reason"];

export const insecureThirdPartyCookieCheck = defineCheck({
  meta: {
    code: "insecure-third-party-cookie",
    title: "Third-party cookie without Secure",
    description:
      "A third-party cookie was set without the Secure attribute, or with SameSite=None over plain HTTP, so it can travel over plain HTTP.",
    severity: "low",
    severityRules: [{ severity: "medium", when: "SameSite=None was set over plain HTTP" }],
  },
  requires: ["requests"],
  run: (ctx) => detectInsecureThirdPartyCookie(ctx),
});

export function detectInsecureThirdPartyCookie(
  input: LeakInput,
): FindingDraft<"insecure-third-party-cookie">[] {
  const drafts = new Map<string, FindingDraft<"insecure-third-party-cookie">>();
  for (const w of thirdPartyCookieWrites(input)) {
    const reasons: [InsecureReason, Severity][] = [];
    if (!w.write.secure) reasons.push(["not-secure", "low"]);
    if (w.write.sameSite === "None" && /^http:/i.test(w.write.url))
      reasons.push(["samesite-none-over-http", "medium"]);
    for (const [reason, severity] of reasons) {
      const key = JSON.stringify([w.write.name, w.write.domain.replace(/^\.+/, ""), reason]);
      if (drafts.has(key)) continue;
      drafts.set(key, {
        severity,
        party: w.party,
        ...(w.writer && w.writer !== w.party ? { parties: [w.writer] } : {}),
        page: w.page.url,
        key,
        evidence: {
          ...cookieEvidence(w),
          reason,
          secure: w.write.secure,
          ...(w.write.sameSite ? { sameSite: w.write.sameSite } : {}),
        },
      });
    }
  }
  return [...drafts.values()].sort((a, b) => a.key.localeCompare(b.key));
}

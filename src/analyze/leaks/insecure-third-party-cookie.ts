// insecure-third-party-cookie: a third-party cookie without Secure (readable on any plain-HTTP
// request to its domain), or SameSite=None set over plain HTTP.
import type { Severity } from "../../model/report.js";
import { cookieEvidence, thirdPartyCookieWrites } from "./third-party-cookie-writes.js";
import type { LeakDraft, LeakInput } from "./types.js";

export type InsecureReason = "not-secure" | "samesite-none-over-http";

export function detectInsecureThirdPartyCookie(input: LeakInput): LeakDraft[] {
  const drafts = new Map<string, LeakDraft>();
  for (const w of thirdPartyCookieWrites(input)) {
    const reasons: [InsecureReason, Severity][] = [];
    if (!w.write.secure) reasons.push(["not-secure", "low"]);
    if (w.write.sameSite === "None" && /^http:/i.test(w.write.url))
      reasons.push(["samesite-none-over-http", "medium"]);
    for (const [reason, severity] of reasons) {
      const key = JSON.stringify([w.write.name, w.write.domain.replace(/^\.+/, ""), reason]);
      if (drafts.has(key)) continue;
      drafts.set(key, {
        code: "insecure-third-party-cookie",
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

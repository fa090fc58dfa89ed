// One line saying what the visitor said and the proof it was said (signals on the wire, the
// consent click and the CMP's state read back), for the text reports of scan and compare.
import type { ReportPrivacy } from "../model/report.js";
import { cleanText } from "./sanitize.js";

export function privacySummary(p: ReportPrivacy): string {
  const parts: string[] = [];
  if (p.signals.includes("dnt")) parts.push(`DNT: 1 on ${p.dntRequests}/${p.requests} requests`);
  if (p.signals.includes("gpc"))
    parts.push(`Sec-GPC: 1 on ${p.gpcRequests}/${p.requests} requests`);
  const c = p.consent;
  if (c) {
    const cmp = cleanText(c.cmp ?? "no consent banner recognised");
    const state =
      c.action === "none"
        ? "banner left alone"
        : c.choiceMade
          ? `${c.action === "reject" ? "rejected" : "accepted"}${c.stateReadBack === true ? " (CMP state read back)" : ""}, ${c.afterPages.length} page(s) after`
          : `${c.action}: no banner handled`;
    parts.push(`consent ${cmp}: ${state}`);
  }
  if (p.optOutCookies?.length)
    parts.push(`opt-out cookies: ${p.optOutCookies.map(cleanText).join(", ")}`);
  return parts.length ? `privacy: ${parts.join(" · ")}` : "privacy: no signal sent";
}

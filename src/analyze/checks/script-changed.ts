// An approved script changed: the same URL now delivers bytes no baseline run saw (the polyfill.io
// case). One finding per script URL per scan, listing its pages; high when the script is
// authorized, medium otherwise. Volatile scripts (two hashes within one run) are compared by their
// normalised form, or by size band when that is missing.
import type { ReportScript } from "../../model/report.js";
import { type KnownScript, sameSizeBand } from "../baseline-index.js";
import { defineCheck, type FindingDraft } from "./check.js";

export const scriptChangedCheck = defineCheck({
  meta: {
    code: "script-changed",
    title: "Script content changed",
    description:
      "With --baseline: a script URL now delivers bytes (SHA-256) that no baseline run saw, e.g. an approved CDN that changed hands; one per URL per scan, with the pages, the hashes before and after and any host its requests reach that they did not before. Volatile scripts are compared by their normalised form.",
    severity: "medium",
    severityRules: [{ severity: "high", when: "the script is authorized" }],
  },
  requires: ["scripts", "baseline", "requests"],
  run(ctx) {
    const index = ctx.baseline;
    if (!index.hasScripts) return [];
    const byUrl = new Map<string, ReportScript[]>();
    for (const s of ctx.scripts) {
      if (s.kind !== "url" || !s.hash) continue;
      byUrl.set(s.url, [...(byUrl.get(s.url) ?? []), s]);
    }
    const drafts: FindingDraft<"script-changed">[] = [];
    for (const [url, scripts] of byUrl) {
      const known = index.scripts.get(url);
      if (!known) continue;
      const changed = scripts.filter((s) => !stillKnown(s, known));
      if (changed.length === 0) continue;
      const first = changed[0] as ReportScript;
      const authorized = scripts.some((s) => s.verdict === "authorized");
      const newHosts = contactedNow(ctx.requests, url).filter((h) => !known.contactedHosts.has(h));
      drafts.push({
        severity: authorized ? "high" : "medium",
        party: first.party,
        page: first.page,
        key: url,
        evidence: {
          url,
          before: [...known.hashes].sort(),
          after: [...new Set(changed.map((s) => s.hash as string))].sort(),
          pages: [...new Set(changed.map((s) => s.page))],
          verdict: first.verdict,
          volatile: scripts.some((s) => s.volatile) || known.volatile,
          newHosts,
          loadedBy: first.loadedBy,
        },
      });
    }
    return drafts;
  },
});

function stillKnown(s: ReportScript, known: KnownScript): boolean {
  if (s.hash && known.hashes.has(s.hash)) return true;
  if (!s.volatile && !known.volatile) return false;
  if (s.normalisedHash && known.normalised.size > 0) return known.normalised.has(s.normalisedHash);
  return sameSizeBand(s.bytes, known.sizes);
}

/** Hosts contacted by requests this script was responsible for, in this scan. */
function contactedNow(
  requests: readonly { initiators: string[]; host: string }[],
  url: string,
): string[] {
  return [...new Set(requests.filter((r) => r.initiators.includes(url)).map((r) => r.host))].sort();
}

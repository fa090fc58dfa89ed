// A script never seen before on a critical page (--critical-pages, e.g. the checkout), even from
// an authorized party: PCI DSS 6.4.3 wants every script on a payment page authorized one by one.
// Pages no baseline visited give no finding (there is nothing to compare with).
import { scriptIdentity } from "../baseline-index.js";
import { criticalPageMatcher } from "../critical-pages.js";
import { defineCheck, type FindingDraft } from "./check.js";

export const newScriptCheck = defineCheck({
  meta: {
    code: "new-script",
    title: "New script on a critical page",
    description:
      "With --baseline and --critical-pages: a script never seen on that page before, even from an authorized party. Every script on a payment page must be authorized one by one (PCI DSS 6.4.3).",
    severity: "medium",
    severityRules: [{ severity: "high", when: "its party is rogue or unlisted" }],
  },
  requires: ["scripts", "baseline", "criticalPages"],
  run(ctx) {
    const index = ctx.baseline;
    if (!index.hasScripts) return [];
    const critical = criticalPageMatcher(ctx.criticalPages);
    const drafts: FindingDraft<"new-script">[] = [];
    for (const s of ctx.scripts) {
      if (!critical(s.page)) continue;
      const known = index.pageScripts.get(s.page);
      const id = scriptIdentity(s);
      if (!known || known.has(id)) continue;
      drafts.push({
        severity: s.verdict === "rogue" || s.verdict === "unlisted" ? "high" : "medium",
        party: s.party,
        page: s.page,
        key: `${s.page} ${id}`,
        evidence: {
          url: s.url,
          hash: s.hash,
          kind: s.kind,
          verdict: s.verdict,
          ...(s.rule ? { rule: s.rule } : {}),
          loadedBy: s.loadedBy,
        },
      });
    }
    return drafts;
  },
});

// A third-party script on a critical page (--critical-pages) without an `integrity` attribute:
// nothing in the visitor's browser would stop it from changing. Information, not an alarm.
import { criticalPageMatcher } from "../critical-pages.js";
import { defineCheck } from "./check.js";

export const sriMissingCheck = defineCheck({
  meta: {
    code: "sri-missing",
    title: "Third-party script without SRI",
    description:
      "A third-party script on a --critical-pages page has no integrity attribute: nothing in the visitor's browser stops it from changing. The evidence suggests an attribute that holds for the bytes seen.",
    severity: "info",
  },
  requires: ["scripts", "criticalPages"],
  run(ctx) {
    const critical = criticalPageMatcher(ctx.criticalPages);
    return ctx.scripts
      .filter((s) => s.kind === "url" && s.verdict !== "first-party" && critical(s.page))
      .filter((s) => !s.integrity)
      .map((s) => ({
        severity: "info" as const,
        party: s.party,
        page: s.page,
        key: `${s.page} ${s.url}`,
        evidence: {
          url: s.url,
          hash: s.hash,
          // A volatile script cannot be pinned: no attribute would hold on the next load.
          suggested: s.hash && !s.volatile ? `integrity="${s.hash}"` : null,
        },
      }));
  },
});

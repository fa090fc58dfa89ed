// A third-party script on a critical page (--critical-pages) without an `integrity` attribute:
// nothing in the visitor's browser would stop it from changing. Information, not an alarm.
import { criticalPageMatcher } from "../critical-pages.js";
import type { Check } from "./check.js";

export const sriMissingCheck: Check = {
  code: "sri-missing",
  run(ctx) {
    const critical = criticalPageMatcher(ctx.criticalPages);
    return (ctx.scripts ?? [])
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
};

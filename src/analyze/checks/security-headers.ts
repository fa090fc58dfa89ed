// Security headers weakened (header-changed) or dropped (header-removed) since the most recent
// baseline that saw the page; how "weakened" is decided lives in header-weakening.ts.
import { compareHeader } from "../header-weakening.js";
import type { Check, CheckContext, FindingDraft } from "./check.js";

function headerDrafts(ctx: CheckContext, want: "changed" | "removed"): FindingDraft[] {
  const index = ctx.baseline;
  if (!index) return [];
  const drafts: FindingDraft[] = [];
  for (const jp of ctx.pages) {
    const now = jp.page.securityHeaders;
    const before = index.headers.get(jp.page.url);
    if (!now || !before || jp.page.outcome !== "ok") continue;
    for (const [name, old] of Object.entries(before.headers)) {
      const current = now[name];
      if (current === undefined) {
        if (want === "removed")
          drafts.push({
            severity: "medium",
            page: jp.page.url,
            key: `${jp.page.url} ${name}`,
            evidence: { page: jp.page.url, header: name, before: old, since: before.at },
          });
        continue;
      }
      const change = compareHeader(name, old, current);
      if (want === "changed" && change.weakened)
        drafts.push({
          severity: "medium",
          page: jp.page.url,
          key: `${jp.page.url} ${name}`,
          evidence: {
            page: jp.page.url,
            header: name,
            before: old,
            after: current,
            reasons: change.reasons,
            since: before.at,
          },
        });
    }
  }
  return drafts;
}

export const headerChangedCheck: Check = {
  code: "header-changed",
  run: (ctx) => headerDrafts(ctx, "changed"),
};

export const headerRemovedCheck: Check = {
  code: "header-removed",
  run: (ctx) => headerDrafts(ctx, "removed"),
};

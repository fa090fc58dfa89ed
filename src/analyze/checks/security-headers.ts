// Security headers weakened (header-changed) or dropped (header-removed) since the most recent
// baseline that saw the page; how "weakened" is decided lives in header-weakening.ts.
import { compareHeader } from "../header-weakening.js";
import { type CheckContext, defineCheck, type FindingDraft } from "./check.js";

type HeaderCode = "header-changed" | "header-removed";

function headerDrafts<C extends HeaderCode>(
  ctx: CheckContext<"baseline" | "requests">,
  want: C,
): FindingDraft<C>[] {
  const index = ctx.baseline;
  const drafts: FindingDraft<HeaderCode>[] = [];
  for (const jp of ctx.pages) {
    const now = jp.page.securityHeaders;
    const before = index.headers.get(jp.page.url);
    if (!now || !before || jp.page.outcome !== "ok") continue;
    for (const [name, old] of Object.entries(before.headers)) {
      const current = now[name];
      if (current === undefined) {
        if (want === "header-removed")
          drafts.push({
            severity: "medium",
            page: jp.page.url,
            key: `${jp.page.url} ${name}`,
            evidence: { page: jp.page.url, header: name, before: old, since: before.at },
          });
        continue;
      }
      const change = compareHeader(name, old, current);
      if (want === "header-changed" && change.weakened)
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
  // Each draft above was made for `want` alone.
  return drafts as FindingDraft<C>[];
}

export const headerChangedCheck = defineCheck({
  meta: {
    code: "header-changed",
    title: "Security header weakened",
    description:
      "With --baseline: a security header of a page's document is weaker than in the last baseline that saw the page (CSP directive removed or widened, HSTS max-age lowered, a looser Referrer-Policy, X-Frame-Options, COOP/COEP/CORP or Permissions-Policy); the reasons say which.",
    severity: "medium",
  },
  requires: ["baseline", "requests"],
  run: (ctx) => headerDrafts(ctx, "header-changed"),
});

export const headerRemovedCheck = defineCheck({
  meta: {
    code: "header-removed",
    title: "Security header removed",
    description:
      "With --baseline: a security header the page's document sent in the last baseline that saw it (CSP, HSTS, X-Frame-Options, …) is gone.",
    severity: "medium",
  },
  requires: ["baseline", "requests"],
  run: (ctx) => headerDrafts(ctx, "header-removed"),
});

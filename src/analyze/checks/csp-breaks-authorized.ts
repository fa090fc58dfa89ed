// scan --csp: the policy under test stopped a request the allowlist authorizes (or the site's own
// request, or its inline code): shipping it would break something the site wants.
import { defineCheck } from "./check.js";

export const cspBreaksAuthorizedCheck = defineCheck({
  meta: {
    code: "csp-breaks-authorized",
    title: "Policy under test breaks an authorized request",
    description:
      "With scan --csp: the Content-Security-Policy stopped (or, report-only, would stop) a request the allowlist authorizes, or the site's own request or inline code. Add the host to the named directive (skimscan csp writes it from a scan) or change the policy before shipping it.",
    severity: "medium",
  },
  requires: ["csp"],
  run(ctx) {
    const { csp } = ctx;
    return [...csp.broken, ...csp.blockedInline].map((e) => ({
      severity: "medium" as const,
      party: e.party,
      page: e.pages[0],
      key: `${e.host}|${e.directive}|${e.examples[0] ?? ""}`,
      evidence: {
        host: e.host,
        verdict: e.verdict,
        directive: e.directive,
        mode: csp.mode,
        pages: e.pages,
        requests: e.requests,
        examples: e.examples,
      },
    }));
  },
});

// scan --csp: a rogue request that the policy under test governs went through anyway (e.g. a rogue
// path on an allowed host: host sources cannot tell paths apart after a redirect).
import { defineCheck } from "./check.js";

export const cspMissesRogueCheck = defineCheck({
  meta: {
    code: "csp-misses-rogue",
    title: "Policy under test lets a rogue party through",
    description:
      "With scan --csp: a rogue request within the Content-Security-Policy's reach was not stopped, e.g. a rogue path on an allowed host (CSP matches hosts, and ignores source paths after a redirect). Narrow the host list or remove the tag that sends it.",
    severity: "high",
  },
  requires: ["csp"],
  run(ctx) {
    const { csp } = ctx;
    return csp.missed.map((e) => ({
      severity: "high" as const,
      party: e.party,
      page: e.pages[0],
      key: `${e.host}|${e.directive}`,
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

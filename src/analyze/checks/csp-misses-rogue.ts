// scan --csp: a rogue request that the policy under test governs went through anyway (e.g. a rogue
// path on an allowed host: host sources cannot tell paths apart after a redirect).
import { evaluateCsp } from "../csp/evaluate-scan.js";
import type { Check } from "./check.js";

export const cspMissesRogueCheck: Check = {
  code: "csp-misses-rogue",
  run(ctx) {
    const csp = evaluateCsp(ctx.capture, ctx.pages, ctx.requests);
    if (!csp) return [];
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
};

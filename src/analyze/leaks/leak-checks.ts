// The leak detectors as checks of the core's registry: `...leakChecks(options)` in CHECKS, with the
// scan's identity, cookie limit and search parameters (given here, or per scan in the context's
// leakOptions, which options given here override). The judged scan is passed through as is.
import type { Check, CheckContext, FindingDraft } from "../checks/check.js";
import { LEAK_DETECTORS } from "./index.js";
import type { LeakOptions } from "./types.js";

/** Two domains of one company per the company map (both must be known to the map). */
export function sameCompanyOf(ctx: CheckContext): (a: string, b: string) => boolean {
  return (a, b) => {
    const ea = ctx.partyByDomain.get(a)?.entity;
    return ea !== undefined && ea === ctx.partyByDomain.get(b)?.entity;
  };
}

export function leakChecks(options: LeakOptions = {}): Check[] {
  return LEAK_DETECTORS.map(({ code, detect }) => ({
    code,
    run(ctx: CheckContext): FindingDraft[] {
      const merged = { ...ctx.leakOptions, ...definedOnly(options) };
      const sameCompany = merged.sameCompany ?? sameCompanyOf(ctx);
      return detect(ctx, { ...merged, sameCompany }).map(({ code: _code, ...draft }) => draft);
    },
  }));
}

function definedOnly(options: LeakOptions): LeakOptions {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as LeakOptions;
}

// Where the seeded identity (--identity) left the page: every third-party carrier that holds it in
// a form the leak engine knows (plain, URL-encoded, base64, hashed), computed once per scan.
import type { CheckContext } from "../checks/check.js";
import { type IdentityPattern, identityPatterns, matchIdentity } from "../leaks/hashes.js";
import { type SentValue, sentValues } from "../leaks/sent-values.js";

export interface IdentitySend {
  sent: SentValue;
  pattern: IdentityPattern;
}

const cache = new WeakMap<object, IdentitySend[]>();

export function identitySends(ctx: CheckContext<"requests" | "leaks">): IdentitySend[] {
  const identity = ctx.leakOptions.identity;
  if (!identity) return [];
  const hit = cache.get(ctx.requests);
  if (hit) return hit;
  const patterns = identityPatterns(identity);
  const out: IdentitySend[] = [];
  for (const sent of sentValues(ctx)) {
    if (sent.firstParty || sent.carrier.container) continue;
    const [pattern] = matchIdentity(sent.carrier.value, patterns);
    if (pattern) out.push({ sent, pattern });
  }
  cache.set(ctx.requests, out);
  return out;
}

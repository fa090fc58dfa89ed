// Two registrable domains of one brand under different suffixes (facebook.com / facebook.net,
// criteo.com / criteo.net): a vendor's script host and its collection host, even without the map.
import { getDomainWithoutSuffix } from "tldts";

const TLDTS = { allowPrivateDomains: true, detectSpecialUse: false } as const;

/** Brand labels this short are too generic to join on ("ad.com" / "ad.net"). */
export const MIN_BRAND_LABEL = 4;

export function sameBrand(a: string, b: string): boolean {
  if (a === b) return true;
  const la = getDomainWithoutSuffix(a, TLDTS);
  const lb = getDomainWithoutSuffix(b, TLDTS);
  return !!la && la === lb && la.length >= MIN_BRAND_LABEL;
}

// The leak detectors, one line each, and one call that runs them all over a judged scan.
import { detectFirstPartyIdLeak } from "./first-party-id-leak.js";
import { detectIdSync } from "./id-sync.js";
import { detectInsecureThirdPartyCookie } from "./insecure-third-party-cookie.js";
import { detectLongLivedCookie } from "./long-lived-cookie.js";
import { detectPiiLeak } from "./pii-leak.js";
import { detectSearchTermLeak } from "./search-term-leak.js";
import type { Detector, LeakCode, LeakDraft, LeakInput, LeakOptions } from "./types.js";
import { detectUrlLeak } from "./url-leak.js";

export type { Carrier, CarrierLocation } from "./decode.js";
export { requestCarriers } from "./decode.js";
export type * from "./types.js";

export const LEAK_DETECTORS: readonly { code: LeakCode; detect: Detector }[] = [
  { code: "id-sync", detect: detectIdSync },
  { code: "first-party-id-leak", detect: detectFirstPartyIdLeak },
  { code: "url-leak", detect: detectUrlLeak },
  { code: "search-term-leak", detect: detectSearchTermLeak },
  { code: "pii-leak", detect: detectPiiLeak },
  { code: "long-lived-cookie", detect: detectLongLivedCookie },
  { code: "insecure-third-party-cookie", detect: detectInsecureThirdPartyCookie },
];

export function detectLeaks(input: LeakInput, options: LeakOptions = {}): LeakDraft[] {
  return LEAK_DETECTORS.flatMap((d) => d.detect(input, options));
}
export { LEAK_THRESHOLDS, type Threshold } from "./thresholds.js";

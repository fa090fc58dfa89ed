// Integrity pins (`integrity:` on a `url:` entry): an approved URL serving code other than the
// approved bytes is rogue, whatever host it comes from (the polyfill.io case). Fails closed: a
// script whose bytes could not be read cannot be shown to match and counts as a mismatch.
import type { AllowlistEntry } from "../config/allowlist.js";
import type { CapturedPage } from "../model/capture.js";

export const INTEGRITY_MISMATCH = "integrity-mismatch";

export interface PinCheck {
  ok: boolean;
  /** The hashes seen for the URL on the page that matched no pin ("null" when unreadable). */
  mismatched: string[];
}

/** Checks every script run from `url` on the page against the entry's pins. */
export function checkPins(entry: AllowlistEntry, url: string, page: CapturedPage): PinCheck {
  if (!entry.integrity) return { ok: true, mismatched: [] };
  const pins = new Set(entry.integrity);
  const seen = page.scripts.filter((s) => s.kind === "url" && s.url === url);
  const mismatched = [
    ...new Set(seen.filter((s) => !s.hash || !pins.has(s.hash)).map((s) => s.hash ?? "null")),
  ];
  return { ok: mismatched.length === 0, mismatched };
}

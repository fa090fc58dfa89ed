// The privacy settings a capture was made with, read back from its options: the signals the
// browser sent (--signals) and the opt-out cookies it held (--opt-out-cookie).
import type { Capture } from "../model/capture.js";

export type Signal = "dnt" | "gpc";

export function signalsOf(capture: Capture): Signal[] {
  const s = capture.options.signals;
  return Array.isArray(s) ? s.filter((x): x is Signal => x === "dnt" || x === "gpc") : [];
}

export interface OptOutCookie {
  name: string;
  domain: string;
}

/** "name@domain" entries as the capture records them (values are not kept there). */
export function optOutCookiesOf(capture: Capture): OptOutCookie[] {
  const list = capture.options.optOutCookies;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s) => {
    const at = typeof s === "string" ? s.lastIndexOf("@") : -1;
    return at > 0 ? [{ name: String(s).slice(0, at), domain: String(s).slice(at + 1) }] : [];
  });
}

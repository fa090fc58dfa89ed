// A cookie write the browser refused for its Domain: no one's cookie, whoever tried to write it.
//
// Analytics libraries find the widest domain that accepts a cookie by writing a probe for each
// suffix of the host, `com` or `example` included; the browser refuses those (a public suffix,
// or a domain the writer's host is not part of). Such a write is not a party's cookie and not
// the subject of any finding; it stays in the report's cookies[] as blocked. A write blocked by
// policy (third-party cookie blocking) is different: that is still intent to track.

import { hostOf, isPublicSuffix, normalizeHost } from "../domain/party.js";
import type { CookieWrite } from "../model/capture.js";

/** Chromium's blocked reason for a Domain attribute the response's host may not set. */
const INVALID_DOMAIN = "InvalidDomain";

export function refusedForDomain(w: CookieWrite): boolean {
  if (!w.blocked) return false;
  if (w.blockedReasons?.includes(INVALID_DOMAIN)) return true;
  const domain = normalizeHost(w.domain.replace(/^\.+/, ""));
  if (domain === "") return false;
  if (isPublicSuffix(domain)) return true;
  const host = hostOf(w.url);
  return host !== "" && host !== domain && !host.endsWith(`.${domain}`);
}

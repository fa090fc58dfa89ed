// Who a host belongs to: its registrable domain (tldts, private suffixes on), the unit of "party".
import { parse } from "tldts";

// allowPrivateDomains keeps two customers' *.cloudfront.net apart; special-use detection stays
// off so reserved names (.example, .test, .local) are ordinary domains, as our fixtures need.
const TLDTS = {
  allowPrivateDomains: true,
  detectSpecialUse: false,
  detectIp: true,
  validateHostname: true,
  extractHostname: true,
} as const;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * Canonical host: lower case, no port, no trailing dot, no IPv6 brackets, Unicode names in
 * punycode (the form URLs carry on the wire). Returns "" for input that is not a host.
 */
export function normalizeHost(input: string): string {
  let host = input.trim().toLowerCase();
  if (host === "") return "";
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end > 0 ? host.slice(1, end) : "";
  }
  if (host.includes(":")) {
    // Either a bare IPv6 address or host:port.
    const colons = host.split(":").length - 1;
    if (colons > 1) return host;
    host = host.slice(0, host.indexOf(":"));
  }
  host = host.replace(/\.+$/, "");
  if (host === "") return "";
  if (/[^\x21-\x7e]/.test(host) || host.includes("%")) {
    try {
      host = new URL(`http://${host}/`).hostname.replace(/\.+$/, "");
    } catch {
      return "";
    }
  }
  return host;
}

/** True for IPv4 and IPv6 literals (normalized hosts). */
export function isIp(host: string): boolean {
  return IPV4.test(host) || host.includes(":");
}

/** The host of a URL, normalized; "" when the URL has none (data:, about:, malformed). */
export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === "blob:") return hostOf(u.pathname);
    return normalizeHost(u.hostname);
  } catch {
    return "";
  }
}

const cache = new Map<string, string>();

/**
 * The registrable domain of a host (its party). An IP address, `localhost`, a single label or a
 * bare public suffix has no registrable domain and stands for itself.
 */
export function partyOf(host: string): string {
  const h = normalizeHost(host);
  if (h === "") return "";
  const hit = cache.get(h);
  if (hit !== undefined) return hit;
  let party = h;
  if (!isIp(h) && h !== "localhost") {
    const parsed = parse(h, TLDTS);
    if (parsed.domain) party = parsed.domain;
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(h, party);
  return party;
}

/** The party of a URL's host ("" when it has no host). */
export function partyOfUrl(url: string): string {
  return partyOf(hostOf(url));
}

/** True when the host is exactly a public suffix (e.g. "co.uk", "github.io"): no one's domain. */
export function isPublicSuffix(host: string): boolean {
  const h = normalizeHost(host);
  if (h === "" || isIp(h) || h === "localhost") return false;
  const parsed = parse(h, TLDTS);
  return parsed.publicSuffix === h;
}

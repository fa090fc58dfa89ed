// A domain → value index that answers "who owns this host?" in O(labels): exact hosts plus
// domain-and-subdomain entries, the most specific winning. Shared by the bundled and the user maps.
import { getPublicSuffix } from "tldts";

/**
 * Lower-cases a host, domain or URL and strips what is not the host: scheme, path, port,
 * IPv6 brackets, trailing dots, a leading "*." and surrounding space. Unicode becomes punycode.
 * Returns "" for something with no host.
 */
export function normalizeHost(input: string): string {
  // Most calls pass an already clean host: skip the work.
  if (/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(input)) return input;
  let s = input.trim();
  if (s.includes("://")) {
    try {
      s = new URL(s).hostname;
    } catch {
      return "";
    }
  } else {
    s = s.replace(/[/?#].*$/, "");
    if (s.startsWith("[")) {
      s = s.slice(1, s.indexOf("]") < 0 ? undefined : s.indexOf("]"));
    } else if (/^[^:]*:\d*$/.test(s)) {
      s = s.slice(0, s.indexOf(":"));
    }
  }
  s = s.toLowerCase().replace(/\.+$/, "").replace(/^\*\./, "");
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: any byte above ASCII needs punycode
  if (/[^\x00-\x7f]/.test(s)) {
    try {
      s = new URL(`http://${s}`).hostname;
    } catch {
      return "";
    }
  }
  return s;
}

/**
 * A suffix entry on a public suffix ("*.cloudfront.net", "*.github.io", "*.blogspot.com", or a
 * data error like "*.net.pl") would hand every customer of that platform to the platform's owner,
 * so an allowlist's `entity: Amazon` would authorize any pixel served from CloudFront. Such entries
 * only name the suffix itself. `operatorOnly` lists suffixes whose every subdomain really is run
 * by the owner (see overlay.ts).
 */
export function isSharedSuffix(domain: string, operatorOnly: ReadonlySet<string>): boolean {
  if (operatorOnly.has(domain)) return false;
  const options = { allowPrivateDomains: true, extractHostname: false, validateHostname: false };
  return getPublicSuffix(`x.${domain}`, options) === domain;
}

function isIp(host: string): boolean {
  return host.includes(":") || /^\d+\.\d+\.\d+\.\d+$/.test(host);
}

export class DomainIndex<T> {
  private readonly exact = new Map<string, T>();
  private readonly suffix = new Map<string, T>();

  constructor(private readonly operatorOnly: ReadonlySet<string> = new Set()) {}

  /**
   * Adds `domain` with its subdomains (`subdomains: true`) or that host only.
   * The first value given for a key is kept: callers add the stronger source first.
   */
  add(domain: string, value: T, subdomains: boolean): void {
    const d = normalizeHost(domain);
    if (!d) return;
    const map = subdomains && !isSharedSuffix(d, this.operatorOnly) ? this.suffix : this.exact;
    if (!map.has(d)) map.set(d, value);
  }

  /** The value of the most specific entry covering `host`, or undefined. */
  lookup(host: string): T | undefined {
    return this.match(host)?.value;
  }

  /** Like lookup, and says which entry decided: its key and whether it covers subdomains. */
  match(host: string): { value: T; key: string; subdomains: boolean } | undefined {
    const h = normalizeHost(host);
    if (!h) return undefined;
    const hit = this.exact.get(h);
    if (hit !== undefined) return { value: hit, key: h, subdomains: false };
    if (isIp(h)) return undefined;
    let at = 0;
    let s = h;
    for (;;) {
      const v = this.suffix.get(s);
      if (v !== undefined) return { value: v, key: s, subdomains: true };
      at = h.indexOf(".", at);
      if (at < 0) return undefined;
      at += 1;
      s = h.slice(at);
    }
  }

  /** Every key, exact hosts and domains alike, with its value. */
  *entries(): IterableIterator<[string, T]> {
    yield* this.exact;
    yield* this.suffix;
  }
}

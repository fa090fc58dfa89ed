// Canonical form of a page URL, so that one page reached by many spellings is visited once.
//
// Rules (documented for the README):
// - only http: and https: URLs are pages; anything else (mailto:, data:, unparsable) → undefined;
// - scheme and host are lower-cased, internationalised hosts become punycode, a trailing dot on
//   the host is dropped, default ports (:80 for http, :443 for https) are dropped, "." and ".."
//   path segments are resolved, percent-escapes use upper-case hex (all by WHATWG URL plus us);
// - the fragment is dropped: it never reaches the server;
// - query parameters whose name matches an ignored pattern (tracking parameters such as utm_*,
//   gclid, fbclid; case-insensitive, `*` matches any run of characters) are removed; the other
//   parameters keep their order and spelling, because a server may care about both; an empty
//   query ("?" alone) is dropped;
// - trailing slashes: normaliseUrl keeps the path as written ("/news/" stays "/news/") since that
//   is the URL a browser should load, but pageKey() folds "/news" and "/news/" into one identity,
//   so the frontier visits only the first spelling it meets. The root path "/" is its own page.

/** Tracking parameters ignored by default: click ids and campaign tags that never change the page. */
export const DEFAULT_IGNORED_PARAMS: readonly string[] = [
  "utm_*",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "fbclid",
  "msclkid",
  "mc_cid",
  "mc_eid",
  "_ga",
  "_gl",
  "yclid",
  "igshid",
  "twclid",
  "ttclid",
  "li_fat_id",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
  "oly_anon_id",
  "oly_enc_id",
  "vero_id",
  "rb_clickid",
  "s_cid",
  "ef_id",
  "srsltid",
  "_kx",
];

export interface NormaliseOptions {
  /** Query parameter names to drop; `*` matches any run of characters, case-insensitive. */
  ignoredParams: readonly string[];
}

const matcherCache = new Map<string, (name: string) => boolean>();

/** Compiles a list of parameter-name patterns into one test; cached because links come in bulk. */
export function paramMatcher(patterns: readonly string[]): (name: string) => boolean {
  const cacheKey = patterns.join("\n");
  const cached = matcherCache.get(cacheKey);
  if (cached) return cached;
  const exact = new Set<string>();
  const wild: RegExp[] = [];
  for (const p of patterns) {
    const lower = p.trim().toLowerCase();
    if (!lower) continue;
    if (lower.includes("*")) {
      const body = lower
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
      wild.push(new RegExp(`^${body}$`));
    } else {
      exact.add(lower);
    }
  }
  const test = (name: string): boolean => {
    const lower = name.toLowerCase();
    return exact.has(lower) || wild.some((re) => re.test(lower));
  };
  if (matcherCache.size > 32) matcherCache.clear();
  matcherCache.set(cacheKey, test);
  return test;
}

/** The canonical URL to load, or undefined when the input is not an http(s) URL. */
export function normaliseUrl(url: string, opts: NormaliseOptions): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
  if (!u.hostname) return undefined;
  // Setters re-parse the URL, so each runs only when it changes something.
  if (u.hash) u.hash = "";
  if (u.hostname.endsWith(".")) u.hostname = u.hostname.replace(/\.+$/, "");
  if (!u.hostname) return undefined;
  if (/%[0-9a-f]?[a-f]/.test(u.pathname)) u.pathname = upperEscapes(u.pathname);
  if (u.href.endsWith("?")) u.search = "";
  if (u.search) {
    const query = filterQuery(u.search.slice(1), paramMatcher(opts.ignoredParams));
    if (query !== u.search) u.search = query;
  }
  return u.href;
}

/**
 * The identity of a normalised URL for "visited once": the same URL with one trailing slash of
 * a non-root path removed, so "/news" and "/news/" are one page.
 */
export function pageKey(normalisedUrl: string): string {
  const q = normalisedUrl.indexOf("?");
  const head = q < 0 ? normalisedUrl : normalisedUrl.slice(0, q);
  const tail = q < 0 ? "" : normalisedUrl.slice(q);
  const schemeEnd = head.indexOf("//") + 2;
  const pathStart = head.indexOf("/", schemeEnd);
  if (pathStart < 0 || head.length - pathStart <= 1 || !head.endsWith("/")) return normalisedUrl;
  return head.slice(0, -1) + tail;
}

/** Removes ignored parameters from a raw query string without re-encoding the others. */
function filterQuery(query: string, ignored: (name: string) => boolean): string {
  const kept: string[] = [];
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawName = eq < 0 ? part : part.slice(0, eq);
    if (ignored(safeDecode(rawName.replace(/\+/g, " ")))) continue;
    kept.push(upperEscapes(part));
  }
  return kept.length ? `?${kept.join("&")}` : "";
}

function upperEscapes(s: string): string {
  return s.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

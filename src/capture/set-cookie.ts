// Parses a Set-Cookie line (or a document.cookie assignment, same syntax) into the attributes
// the site asked for. Pure: the lifetime is judged from what was requested, not what was stored.

export interface ParsedCookie {
  name: string;
  value: string;
  /** Domain attribute without the leading dot, or the default host when absent. */
  domain: string;
  /** True when the line had a Domain attribute (a domain cookie, not host-only). */
  hostOnly: boolean;
  path: string;
  /** ISO 8601 of the requested expiry (Max-Age wins over Expires); absent for session cookies. */
  requestedExpires?: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: "Strict" | "Lax" | "None";
  partitioned: boolean;
  /** Expiry in the past or Max-Age <= 0: the write removes the cookie. */
  deletion: boolean;
}

/** RFC 6265 5.1.4: the directory of the request path, "/" at the top. */
export function defaultCookiePath(urlPath: string): string {
  if (!urlPath.startsWith("/")) return "/";
  const last = urlPath.lastIndexOf("/");
  return last <= 0 ? "/" : urlPath.slice(0, last);
}

function sameSiteOf(v: string): ParsedCookie["sameSite"] {
  const l = v.trim().toLowerCase();
  if (l === "strict") return "Strict";
  if (l === "lax") return "Lax";
  if (l === "none") return "None";
  return undefined;
}

/**
 * @param line  the Set-Cookie value or the string assigned to document.cookie
 * @param url   the response URL (header) or document URL (script): default domain and path
 * @param now   when the write happened, for Max-Age
 */
export function parseSetCookie(line: string, url: string, now: Date): ParsedCookie | undefined {
  const parts = line.split(";");
  const first = parts.shift() ?? "";
  const eq = first.indexOf("=");
  // A pair without "=" is a cookie with an empty name (RFC 6265bis 5.4 step 5).
  const name = (eq < 0 ? "" : first.slice(0, eq)).trim();
  const value = (eq < 0 ? first : first.slice(eq + 1)).trim();
  if (!name && !value) return undefined;
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  const cookie: ParsedCookie = {
    name,
    value,
    domain: u?.hostname ?? "",
    hostOnly: true,
    path: defaultCookiePath(u?.pathname ?? "/"),
    secure: false,
    httpOnly: false,
    partitioned: false,
    deletion: false,
  };
  let expires: number | undefined;
  let maxAge: number | undefined;
  for (const attr of parts) {
    const i = attr.indexOf("=");
    const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? "" : attr.slice(i + 1).trim();
    switch (key) {
      case "domain": {
        const d = val.replace(/^\./, "").toLowerCase();
        if (d) {
          cookie.domain = d;
          cookie.hostOnly = false;
        }
        break;
      }
      case "path":
        if (val.startsWith("/")) cookie.path = val;
        break;
      case "expires": {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) expires = t;
        break;
      }
      case "max-age":
        if (/^-?\d+$/.test(val)) maxAge = Number(val);
        break;
      case "secure":
        cookie.secure = true;
        break;
      case "httponly":
        cookie.httpOnly = true;
        break;
      case "samesite":
        cookie.sameSite = sameSiteOf(val);
        break;
      case "partitioned":
        cookie.partitioned = true;
        break;
    }
  }
  const at = maxAge !== undefined ? (maxAge <= 0 ? 0 : now.getTime() + maxAge * 1000) : expires;
  if (at !== undefined) {
    cookie.deletion = at <= now.getTime();
    cookie.requestedExpires = new Date(Math.max(at, 0)).toISOString();
  }
  return cookie;
}

/** The lines of a Set-Cookie header as CDP reports them (several joined with newlines). */
export function splitSetCookieHeader(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

// Cookies in a HAR: Set-Cookie response headers (one line per header, or Firefox's one header
// with newline-joined lines), else the structured `response.cookies`; and the Cookie a request
// sent, from its header or `request.cookies`. Pure.
import type { HarCookie, HarNameValue } from "./har-types.js";

function text(v: unknown): string | undefined {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined;
}

/** Every value of the headers with this (case-insensitive) name. */
export function headerValues(headers: HarNameValue[] | undefined, name: string): string[] {
  const want = name.toLowerCase();
  const out: string[] = [];
  for (const h of Array.isArray(headers) ? headers : []) {
    const n = text(h?.name);
    const v = text(h?.value);
    if (n !== undefined && v !== undefined && n.toLowerCase() === want) out.push(v);
  }
  return out;
}

/** Headers as one lower-case record; repeated headers joined as browsers join them. */
export function headerRecord(headers: HarNameValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of Array.isArray(headers) ? headers : []) {
    const n = text(h?.name);
    const v = text(h?.value);
    // HTTP/2 pseudo-headers (":authority") are not headers a party receives as data.
    if (n === undefined || v === undefined || n.startsWith(":")) continue;
    const k = n.toLowerCase();
    const sep = k === "cookie" ? "; " : k === "set-cookie" ? "\n" : ", ";
    out[k] = out[k] === undefined ? v : `${out[k]}${sep}${v}`;
  }
  return out;
}

/** A structured HAR cookie written back as the Set-Cookie line it stands for. */
export function setCookieLine(c: HarCookie): string | undefined {
  const name = text(c.name);
  if (name === undefined) return undefined;
  const parts = [`${name}=${text(c.value) ?? ""}`];
  const domain = text(c.domain);
  if (domain) parts.push(`Domain=${domain}`);
  const path = text(c.path);
  if (path) parts.push(`Path=${path}`);
  const expires = text(c.expires);
  if (expires && !Number.isNaN(Date.parse(expires)))
    parts.push(`Expires=${new Date(expires).toUTCString()}`);
  if (c.secure === true) parts.push("Secure");
  if (c.httpOnly === true) parts.push("HttpOnly");
  const sameSite = text(c.sameSite);
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join("; ");
}

/**
 * The Set-Cookie lines of a response. The header lines are preferred: they carry the attributes
 * exactly as the server asked (Max-Age included), which `response.cookies` flattens.
 */
export function setCookieLines(headers: HarNameValue[] | undefined, cookies: unknown): string[] {
  const lines = headerValues(headers, "set-cookie")
    .flatMap((v) => v.split("\n"))
    .map((l) => l.trim())
    .filter((l) => l !== "");
  if (lines.length > 0) return lines;
  if (!Array.isArray(cookies)) return [];
  return (cookies as HarCookie[])
    .map((c) => (c && typeof c === "object" ? setCookieLine(c) : undefined))
    .filter((l): l is string => l !== undefined);
}

/** The Cookie header as sent: the header itself, else `request.cookies` joined. */
export function requestCookieHeader(
  headers: HarNameValue[] | undefined,
  cookies: unknown,
): string | undefined {
  const values = headerValues(headers, "cookie");
  if (values.length > 0) return values.join("; ");
  if (!Array.isArray(cookies) || cookies.length === 0) return undefined;
  const pairs = (cookies as HarCookie[])
    .map((c) => (c && text(c.name) !== undefined ? `${text(c.name)}=${text(c.value) ?? ""}` : ""))
    .filter((p) => p !== "");
  return pairs.length > 0 ? pairs.join("; ") : undefined;
}

/** True when the entry carries any cookie at all, either way (sanitized-HAR detection). */
export function hasCookieMaterial(
  request: { headers?: HarNameValue[]; cookies?: unknown } | undefined,
  response: { headers?: HarNameValue[]; cookies?: unknown } | undefined,
): boolean {
  const some = (v: unknown) => Array.isArray(v) && v.length > 0;
  return (
    headerValues(request?.headers, "cookie").length > 0 ||
    headerValues(response?.headers, "set-cookie").length > 0 ||
    some(request?.cookies) ||
    some(response?.cookies)
  );
}

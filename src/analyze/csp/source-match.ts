// Does a URL match a CSP source list? CSP3 §6.7.2, the parts that decide where data may go:
// keywords, schemes, hosts with a leading wildcard, ports, and paths (ignored after a redirect).

export interface MatchContext {
  /** The origin of the document (or worker) whose policy applies, for 'self'. */
  self: string;
  /** True for a hop reached through a redirect: the browser ignores source paths then. */
  redirected?: boolean;
}

/** True when url is allowed by the source list (an empty list or 'none' allows nothing). */
export function sourceListAllows(
  sources: readonly string[],
  url: string,
  ctx: MatchContext,
): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return sources.some((s) => sourceAllows(s, u, ctx));
}

/** http matches https, ws matches wss, https matches wss (CSP3 "scheme-part match"). */
function schemeMatches(source: string, url: string): boolean {
  if (source === url) return true;
  if (source === "http") return url === "https" || url === "ws" || url === "wss";
  if (source === "https") return url === "wss";
  if (source === "ws") return url === "wss";
  return false;
}

const DEFAULT_PORT: Record<string, string> = { http: "80", https: "443", ws: "80", wss: "443" };

export function sourceAllows(source: string, u: URL, ctx: MatchContext): boolean {
  const s = source.trim();
  const scheme = u.protocol.replace(/:$/, "");
  const lower = s.toLowerCase();
  if (lower === "'self'") return selfMatches(u, ctx.self);
  if (lower.startsWith("'")) return false; // 'none', nonces, hashes, 'unsafe-*': not URLs
  if (s === "*") return !["data", "blob", "filesystem"].includes(scheme);
  const schemeOnly = /^([a-z][a-z0-9+.-]*):$/i.exec(s);
  if (schemeOnly) return schemeMatches(schemeOnly[1]?.toLowerCase() ?? "", scheme);
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|(?:\*\.)?[^/:]+)(?::(\d+|\*))?(\/.*)?$/i.exec(s);
  if (!m) return false;
  const [, srcScheme, srcHost = "", srcPort, srcPath] = m;
  const selfScheme = safeScheme(ctx.self);
  if (srcScheme) {
    if (!schemeMatches(srcScheme.toLowerCase(), scheme)) return false;
  } else if (!schemeMatches(selfScheme, scheme) && !(selfScheme === "" && scheme === "https")) {
    return false;
  }
  const host = u.hostname.toLowerCase();
  const h = srcHost.toLowerCase();
  if (h === "*") {
    // a bare "*" was handled above; "*" with a scheme or port matches any host
  } else if (h.startsWith("*.")) {
    if (!host.endsWith(h.slice(1))) return false;
  } else if (host !== h) return false;
  if (srcPort !== "*") {
    const urlPort = u.port || DEFAULT_PORT[scheme] || "";
    const want = srcPort ?? DEFAULT_PORT[srcScheme?.toLowerCase() ?? scheme] ?? "";
    // A default port of the source's scheme also matches the upgraded scheme's default port.
    const upgraded = !srcPort && want === "80" && urlPort === "443";
    if (urlPort !== want && !upgraded) return false;
  }
  if (srcPath && !ctx.redirected && srcPath !== "/") {
    const path = decodeURIComponent(u.pathname);
    const want = decodeURIComponent(srcPath);
    if (want.endsWith("/") ? !path.startsWith(want) : path !== want) return false;
  }
  return true;
}

function safeScheme(origin: string): string {
  try {
    return new URL(origin).protocol.replace(/:$/, "");
  } catch {
    return "";
  }
}

function selfMatches(u: URL, self: string): boolean {
  let o: URL;
  try {
    o = new URL(self);
  } catch {
    return false;
  }
  if (u.hostname !== o.hostname) return false;
  const scheme = u.protocol;
  // 'self' also allows the secure upgrade of its own scheme (http page → https, ws → wss).
  const sameScheme =
    scheme === o.protocol ||
    (o.protocol === "http:" && (scheme === "https:" || scheme === "ws:" || scheme === "wss:")) ||
    (o.protocol === "https:" && scheme === "wss:");
  if (!sameScheme) return false;
  const port = (x: URL) => x.port || DEFAULT_PORT[x.protocol.replace(/:$/, "")] || "";
  return port(u) === port(o) || (port(o) === "80" && port(u) === "443");
}

// The security headers of a page's top document as the server sent them, from the document
// request's Network response headers. A policy under test (--csp, capture/csp-injector.ts) is
// added to those as one more header line; it is taken out again here, so only the server's remain.
export const SECURITY_HEADERS = [
  "content-security-policy",
  "content-security-policy-report-only",
  "strict-transport-security",
  "x-frame-options",
  "x-content-type-options",
  "referrer-policy",
  "permissions-policy",
  "cross-origin-opener-policy",
  "cross-origin-embedder-policy",
  "cross-origin-resource-policy",
] as const;

/** The security headers among lower-case response headers (several lines joined by "\n"). */
export function securityHeadersOf(
  headers: Record<string, string> | undefined,
  injected?: { name: string; value: string },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SECURITY_HEADERS) {
    let value = headers?.[name];
    if (value !== undefined && injected && injected.name.toLowerCase() === name) {
      const lines = value.split("\n");
      const at = lines.lastIndexOf(injected.value);
      if (at >= 0) lines.splice(at, 1);
      value = lines.length > 0 ? lines.join("\n") : undefined;
    }
    if (value !== undefined) out[name] = value;
  }
  return out;
}

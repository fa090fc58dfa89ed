// The security headers of a page's top document as the server sent them: read from the document
// request's Network response headers, which is before anything skimscan itself adds to the page
// (a policy under test is injected by Fetch and never written back into these).
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
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SECURITY_HEADERS) {
    const value = headers?.[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

// --csp: puts a Content-Security-Policy on every first-party document (and worker script) response,
// beside the site's own policy, so the browser enforces (or only reports) it as if the site sent
// it. Browser-wide Fetch interception at the response stage; the response is fulfilled again with
// its own body, because Chromium applies a CSP only from headers it parses itself, which a
// continued response's edited headers are not.
import { getDomain } from "tldts";
import type { CdpConnection, CdpEvent, CdpSession, Protocol } from "./cdp-connection.js";

export interface CspInjection {
  /** The policy, as a header value. */
  policy: string;
  /** Content-Security-Policy-Report-Only instead of Content-Security-Policy. */
  reportOnly: boolean;
  /** Registrable domains of the site: only their responses get the policy. */
  sites: string[];
}

/** Chromium flags the injection needs: a fulfilled document has no IP address space, so
 * Local Network Access would block its requests to staging or fixture hosts on private IPs. */
export const CSP_INJECTION_FLAGS = ["--disable-features=LocalNetworkAccessChecks"];

/** Starts the injection on the browser's own session; pauses of other kinds are let go. */
export async function installCspInjector(conn: CdpConnection, csp: CspInjection): Promise<void> {
  const browser = conn.session(undefined);
  const sites = new Set(csp.sites.map((s) => s.toLowerCase()));
  const header = csp.reportOnly ? "Content-Security-Policy-Report-Only" : "Content-Security-Policy";
  browser.on("Fetch.requestPaused", (p) => {
    void answer(browser, p, sites, header, csp.policy);
  });
  // Document: pages and frames. A dedicated worker's script (resource type Other here) carries
  // the worker's own policy; Script covers the rest (a classic script ignores a CSP header, so
  // adding it there changes nothing, nor on a favicon).
  // The patterns are a prefilter (a `*` also matches inside a path): answer() checks the host again.
  const types: Protocol.Network.ResourceType[] = ["Document", "Script", "Other"];
  const patterns: Protocol.Fetch.RequestPattern[] = [...sites].flatMap((site) =>
    types.flatMap((resourceType) =>
      [`http*://${site}/*`, `http*://*.${site}/*`].map((urlPattern) => ({
        urlPattern,
        resourceType,
        requestStage: "Response" as const,
      })),
    ),
  );
  await browser.send("Fetch.enable", { patterns });
}

async function answer(
  browser: CdpSession,
  p: CdpEvent<"Fetch.requestPaused">,
  sites: ReadonlySet<string>,
  header: string,
  policy: string,
): Promise<void> {
  const requestId = p.requestId;
  const status = p.responseStatusCode;
  const letGo = () => browser.send("Fetch.continueRequest", { requestId }).catch(() => undefined);
  if (status === undefined || p.responseErrorReason || !isSiteUrl(p.request.url, sites))
    return void (await letGo());
  // Redirects and empty answers carry no document to protect; their bodies cannot be read.
  if ((status >= 300 && status < 400) || status === 204) return void (await letGo());
  try {
    const body = await browser.send("Fetch.getResponseBody", { requestId });
    const base64 = body.base64Encoded ? body.body : Buffer.from(body.body).toString("base64");
    const responseHeaders = [...(p.responseHeaders ?? []), { name: header, value: policy }];
    await browser.send("Fetch.fulfillRequest", {
      requestId,
      responseCode: status,
      ...(p.responseStatusText ? { responsePhrase: p.responseStatusText } : {}),
      responseHeaders,
      body: base64,
    });
  } catch {
    await letGo();
  }
}

function isSiteUrl(url: string, sites: ReadonlySet<string>): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return sites.has(getDomain(host, { allowPrivateDomains: true }) ?? host);
  } catch {
    return false;
  }
}

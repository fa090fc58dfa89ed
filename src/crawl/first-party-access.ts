// --header and --cookie for scanning staging or preview deployments: sent to the site's own hosts
// only, never to a third party. Headers are added per request through the Fetch domain (never
// Network.setExtraHTTPHeaders, which would send them everywhere); cookies are stored in the
// visitor's jar for the first-party domains, so the browser's own cookie rules keep them home.
import { getDomain } from "tldts";
import type { CdpConnection, CdpSession, Protocol } from "../capture/cdp-connection.js";
import type { CapturedPage } from "../model/capture.js";
import { REDACTED } from "../model/redacted.js";

export interface FirstPartyAccess {
  headers: Array<[name: string, value: string]>;
  cookies: Array<[name: string, value: string]>;
}

/** The registrable domain of a host (the host itself for IPs and single labels). */
export function siteOf(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, "");
  return getDomain(h, { allowPrivateDomains: true }) ?? h;
}

/** A host-test for the site: the host is one of the domains or a subdomain of one. */
export function firstPartyTest(domains: readonly string[]): (host: string) => boolean {
  const sites = new Set(domains.map((d) => siteOf(d)));
  return (host) => sites.has(siteOf(host));
}

/**
 * Prepares one page's tab: the cookies into its context's jar, the headers on every request of
 * its top target to a first-party host. Fetch patterns are only a prefilter (a `*` in them also
 * matches inside a third party's path), so each paused request's host is checked again.
 */
export async function applyFirstPartyAccess(
  conn: CdpConnection,
  top: CdpSession,
  browserContextId: string,
  domains: readonly string[],
  access: FirstPartyAccess,
): Promise<void> {
  const sites = [...new Set(domains.map(siteOf))];
  if (access.cookies.length > 0) {
    const cookies = sites.flatMap((site) =>
      access.cookies.map(
        ([name, value]): Protocol.Network.CookieParam => ({
          name,
          value,
          domain: `.${site}`,
          path: "/",
          secure: false,
          sameSite: "Lax",
        }),
      ),
    );
    await conn.send("Storage.setCookies", { cookies, browserContextId });
  }
  if (access.headers.length === 0) return;
  const isFirstParty = firstPartyTest(sites);
  top.on("Fetch.requestPaused", (p) => {
    const requestId = p.requestId;
    let host = "";
    try {
      host = new URL(String(p.request?.url)).hostname;
    } catch {}
    if (!isFirstParty(host)) {
      void top.send("Fetch.continueRequest", { requestId }).catch(() => undefined);
      return;
    }
    const names = new Set(access.headers.map(([n]) => n.toLowerCase()));
    const kept = Object.entries(p.request?.headers ?? {})
      .filter(([n]) => !names.has(n.toLowerCase()))
      .map(([name, value]) => ({ name, value: String(value) }));
    const headers = [...kept, ...access.headers.map(([name, value]) => ({ name, value }))];
    void top.send("Fetch.continueRequest", { requestId, headers }).catch(() => undefined);
  });
  const patterns = sites.flatMap((site): Protocol.Fetch.RequestPattern[] => [
    { urlPattern: `http*://${site}/*`, requestStage: "Request" },
    { urlPattern: `http*://*.${site}/*`, requestStage: "Request" },
  ]);
  await top.send("Fetch.enable", { patterns });
}

/**
 * The --header and --cookie values are the user's secrets (a staging password, a preview token):
 * they are removed from what the page recorded, where the browser echoed them back.
 */
export function redactAccess(
  page: CapturedPage,
  access: FirstPartyAccess | undefined,
): CapturedPage {
  if (!access || (access.headers.length === 0 && access.cookies.length === 0)) return page;
  const headerNames = new Set(access.headers.map(([n]) => n.toLowerCase()));
  const cookieNames = new Set(access.cookies.map(([n]) => n));
  const cookieLine = (line: string) =>
    line
      .split(/;\s*/)
      .map((pair) => {
        const eq = pair.indexOf("=");
        return eq > 0 && cookieNames.has(pair.slice(0, eq))
          ? `${pair.slice(0, eq)}=${REDACTED}`
          : pair;
      })
      .join("; ");
  const requests = page.requests.map((r) => {
    const entries = Object.entries(r.requestHeaders);
    if (!entries.some(([n]) => headerNames.has(n) || n === "cookie")) return r;
    const requestHeaders = Object.fromEntries(
      entries.map(([n, v]) => [
        n,
        headerNames.has(n) ? REDACTED : n === "cookie" ? cookieLine(v) : v,
      ]),
    );
    return { ...r, requestHeaders };
  });
  const jar = page.jar.map((c) => (cookieNames.has(c.name) ? { ...c, value: REDACTED } : c));
  return { ...page, requests, jar };
}

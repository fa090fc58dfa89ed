// The Set-Cookie lines of each response of a request, with the browser's verdict on each, from
// Network.responseReceivedExtraInfo. A redirected request gets one ExtraInfo per hop, in order.
import type { CapturedRequest } from "../model/capture.js";
import type { CdpEvent } from "./cdp-connection.js";
import type { ResponseCookies } from "./cookies-from-headers.js";
import { lowerHeaders } from "./request-data.js";
import { splitSetCookieHeader } from "./set-cookie.js";

/** One ExtraInfo: the response's status, cookie lines and verdicts, and when it came. */
export type ExtraResponse = Omit<ResponseCookies, "url"> & { statusCode: number };

/** CDP's CookiePartitionKey is {topLevelSite, hasCrossSiteAncestor} (older: a string). */
export function partitionSite(key: unknown): string | undefined {
  if (typeof key === "string") return key;
  if (key && typeof key === "object" && "topLevelSite" in key) return String(key.topLevelSite);
  return undefined;
}

export function toExtraResponse(
  p: CdpEvent<"Network.responseReceivedExtraInfo">,
  ms: number,
  topUrl: string,
): ExtraResponse {
  const headers = lowerHeaders(p.headers);
  const blocked = new Map<string, string[]>();
  for (const b of p.blockedCookies ?? []) {
    blocked.set(b.cookieLine, b.blockedReasons ?? []);
  }
  const exempted = new Map<string, string>();
  for (const e of p.exemptedCookies ?? []) {
    exempted.set(e.cookieLine, e.exemptionReason);
  }
  const partitionKey = partitionSite(p.cookiePartitionKey);
  return {
    statusCode: p.statusCode,
    setCookies: splitSetCookieHeader(headers["set-cookie"]),
    blocked,
    exempted,
    ...(partitionKey ? { partitionKey } : {}),
    ms,
    at: Date.now(),
    topUrl,
  };
}

/**
 * Pairs each response of a request (its redirect hops, then the final one) with its ExtraInfo
 * by status, in arrival order. A response without ExtraInfo (cache, service worker) falls back
 * to the Set-Cookie of its own headers, without verdicts.
 */
export function pairResponses(
  req: CapturedRequest,
  hopHeaders: Array<Record<string, string>>,
  extras: ExtraResponse[],
  topUrl: string,
): ResponseCookies[] {
  const statuses = [...req.redirects.map((h) => h.status), req.status];
  const urls = [...req.redirects.map((h) => h.url), req.url];
  const out: ResponseCookies[] = [];
  let j = 0;
  statuses.forEach((status, i) => {
    const extra = extras[j];
    const url = urls[i] ?? req.url;
    const isLast = i === statuses.length - 1;
    if (extra && (extra.statusCode === status || (isLast && status === undefined))) {
      j++;
      const { statusCode: _, ...cookies } = extra;
      out.push({ url, ...cookies });
      return;
    }
    const headers = i < hopHeaders.length ? hopHeaders[i] : req.responseHeaders;
    out.push({
      url,
      setCookies: splitSetCookieHeader(headers?.["set-cookie"]),
      blocked: new Map(),
      exempted: new Map(),
      ms: req.finishedMs ?? req.startedMs,
      at: Date.now(),
      topUrl,
    });
  });
  return out;
}

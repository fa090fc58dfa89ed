// Cookies set by response headers, blocked ones included, one write per Set-Cookie line of every
// response of a request (each redirect hop of a cookie sync can set its own). Pure.
import type { CapturedRequest, CookieWrite } from "../model/capture.js";
import { parseSetCookie } from "./set-cookie.js";

/** One response of a request (a redirect hop or the final one) with its cookie verdicts. */
export interface ResponseCookies {
  url: string;
  setCookies: string[];
  /** Set-Cookie line → CDP blockedReasons (Network.responseReceivedExtraInfo.blockedCookies). */
  blocked: Map<string, string[]>;
  /** Set-Cookie line → exemptionReason: stored only thanks to an exemption (still worth knowing). */
  exempted: Map<string, string>;
  partitionKey?: string;
  /** ms since page start when the response arrived. */
  ms: number;
  /** Epoch ms when it arrived: Max-Age counts from here. */
  at: number;
  /** The page's top-level URL at that moment. */
  topUrl: string;
}

export function headerCookieWrites(
  req: CapturedRequest,
  responses: ResponseCookies[],
): CookieWrite[] {
  const out: CookieWrite[] = [];
  for (const res of responses) {
    for (const line of res.setCookies) {
      const c = parseSetCookie(line, res.url, new Date(res.at));
      if (!c) continue;
      const reasons = res.blocked.get(line);
      const exemption = res.exempted.get(line);
      const write: CookieWrite = {
        setBy: "header",
        name: c.name,
        domain: c.domain,
        path: c.path,
        valueLength: c.value.length,
        value: c.value,
        ...(c.requestedExpires ? { requestedExpires: c.requestedExpires } : {}),
        secure: c.secure,
        httpOnly: c.httpOnly,
        ...(c.sameSite ? { sameSite: c.sameSite } : {}),
        partitioned: c.partitioned,
        url: res.url,
        requestId: req.id,
        ...(req.frameId ? { frameId: req.frameId } : {}),
        targetId: req.targetId,
        topLevelUrl: res.topUrl,
        blocked: reasons !== undefined,
        ...(reasons ? { blockedReasons: reasons } : {}),
        ...(exemption ? { exemptionReason: exemption } : {}),
        deletion: c.deletion,
        raw: line,
        ms: res.ms,
      };
      out.push(write);
    }
  }
  return out;
}

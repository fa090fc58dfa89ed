// headerCookieWrites: one write per Set-Cookie line of every response of a request, blocked
// ones with CDP's reasons, each hop of a redirect chain attributed to its own URL.
import { describe, expect, it } from "vitest";
import { headerCookieWrites } from "../../src/capture/cookies-from-headers.js";
import type { CapturedRequest } from "../../src/model/capture.js";

const req: CapturedRequest = {
  id: "42.7",
  url: "https://px.vendor.test/p.gif",
  method: "GET",
  resourceType: "Image",
  targetId: "T1",
  targetType: "page",
  frameId: "F1",
  initiator: { type: "parser", url: "https://www.pub.test/" },
  redirects: [{ url: "https://sync.a.test/s", status: 302, setCookies: [] }],
  requestHeaders: {},
  setCookies: [],
  bodyBytes: 43,
  startedMs: 10,
};

describe("headerCookieWrites", () => {
  it("attributes each hop's cookies to that hop and keeps blocked reasons", () => {
    const at = Date.parse("2026-11-29T10:00:00Z");
    const writes = headerCookieWrites(req, [
      {
        url: "https://sync.a.test/s",
        setCookies: ["sid=1; Max-Age=60; SameSite=None; Secure"],
        blocked: new Map([["sid=1; Max-Age=60; SameSite=None; Secure", ["ThirdPartyPhaseout"]]]),
        exempted: new Map(),
        ms: 20,
        at,
        topUrl: "https://www.pub.test/",
      },
      {
        url: "https://px.vendor.test/p.gif",
        setCookies: ["vid=9; Domain=vendor.test; Path=/", "gone=; Max-Age=0"],
        blocked: new Map(),
        exempted: new Map([["vid=9; Domain=vendor.test; Path=/", "TPCDHeuristics"]]),
        ms: 30,
        at,
        topUrl: "https://www.pub.test/",
      },
    ]);
    expect(writes.map((w) => [w.name, w.domain, w.url, w.blocked, w.deletion])).toEqual([
      ["sid", "sync.a.test", "https://sync.a.test/s", true, false],
      ["vid", "vendor.test", "https://px.vendor.test/p.gif", false, false],
      ["gone", "px.vendor.test", "https://px.vendor.test/p.gif", false, true],
    ]);
    expect(writes[0]).toMatchObject({
      setBy: "header",
      blockedReasons: ["ThirdPartyPhaseout"],
      requestedExpires: "2026-11-29T10:01:00.000Z",
      requestId: "42.7",
      frameId: "F1",
      targetId: "T1",
      topLevelUrl: "https://www.pub.test/",
      sameSite: "None",
      secure: true,
      raw: "sid=1; Max-Age=60; SameSite=None; Secure",
    });
    expect(writes[1]?.blockedReasons).toBeUndefined();
    expect(writes[1]?.exemptionReason).toBe("TPCDHeuristics");
    expect(writes[2]?.exemptionReason).toBeUndefined();
  });
});

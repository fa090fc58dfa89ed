// NetworkCollector driven by recorded-shape CDP events on a fake session: redirect hops paired
// with their ExtraInfo (which may come early), bodies, beacons, preflights and the in-flight count.
import { describe, expect, it } from "vitest";
import type { CdpSession } from "../../src/capture/cdp-connection.js";
import { NetworkCollector } from "../../src/capture/network.js";
import type { CapturedTarget } from "../../src/model/capture.js";

/** Recorded-shape CDP payloads: only the fields a test needs. */
type CdpParams = Record<string, unknown>;

function fakeSession(id = "S1") {
  const listeners = new Map<string, Array<(p: CdpParams) => void>>();
  const sent: string[] = [];
  const send = async (method: string) => {
    sent.push(method);
    return {};
  };
  const session: CdpSession = {
    sessionId: id,
    send: send as CdpSession["send"],
    on: (method, l) =>
      listeners.set(method, [...(listeners.get(method) ?? []), l as (p: CdpParams) => void]),
  };
  const emit = (method: string, params: CdpParams) => {
    for (const l of listeners.get(method) ?? []) l(params);
  };
  return { session, emit, sent };
}

const page: CapturedTarget = { id: "T1", type: "page", url: "https://www.pub.test/" };
const clock = { ms: () => 5, topUrl: () => "https://www.pub.test/" };

function collector() {
  const c = new NetworkCollector(clock, 8);
  const s = fakeSession();
  void c.attach(s.session, page);
  return { c, ...s };
}

const request = (url: string, extra: CdpParams = {}) => ({
  url,
  method: "GET",
  headers: {},
  ...extra,
});

describe("NetworkCollector", () => {
  it("pairs each redirect hop with its own Set-Cookie, even when ExtraInfo comes first", () => {
    const { c, emit } = collector();
    // ExtraInfo of the first hop arrives before requestWillBeSent (it happens for navigations).
    emit("Network.responseReceivedExtraInfo", {
      requestId: "R1",
      statusCode: 302,
      headers: { "Set-Cookie": "a=1; Secure; SameSite=None" },
      blockedCookies: [],
    });
    emit("Network.requestWillBeSent", {
      requestId: "R1",
      type: "Image",
      frameId: "F1",
      initiator: { type: "parser", url: "https://www.pub.test/" },
      request: request("https://sync.a.test/s"),
    });
    emit("Network.responseReceivedExtraInfo", {
      requestId: "R1",
      statusCode: 302,
      headers: { "set-cookie": "b=2\nc=3" },
      blockedCookies: [{ cookieLine: "c=3", blockedReasons: ["ThirdPartyPhaseout"] }],
    });
    emit("Network.requestWillBeSent", {
      requestId: "R1",
      type: "Image",
      request: request("https://match.b.test/m"),
      redirectResponse: { status: 302, headers: { Location: "https://match.b.test/m" } },
    });
    emit("Network.requestWillBeSent", {
      requestId: "R1",
      type: "Image",
      request: request("https://px.c.test/p.gif"),
      redirectResponse: { status: 302, headers: { location: "https://px.c.test/p.gif" } },
    });
    emit("Network.responseReceived", {
      requestId: "R1",
      response: { status: 200, mimeType: "image/gif", headers: {} },
    });
    emit("Network.loadingFinished", { requestId: "R1", encodedDataLength: 43 });

    const { requests, cookieWrites } = c.result();
    expect(requests).toHaveLength(1);
    const r = requests[0];
    expect(r?.url).toBe("https://px.c.test/p.gif");
    expect(r?.redirects).toEqual([
      {
        url: "https://sync.a.test/s",
        status: 302,
        location: "https://match.b.test/m",
        setCookies: ["a=1; Secure; SameSite=None"],
      },
      {
        url: "https://match.b.test/m",
        status: 302,
        location: "https://px.c.test/p.gif",
        setCookies: ["b=2", "c=3"],
      },
    ]);
    expect(r?.bodyBytes).toBe(43);
    expect(
      cookieWrites.map((w) => [w.name, w.domain, w.blocked, w.blockedReasons ?? null]),
    ).toEqual([
      ["a", "sync.a.test", false, null],
      ["b", "match.b.test", false, null],
      ["c", "match.b.test", true, ["ThirdPartyPhaseout"]],
    ]);
  });

  it("keeps binary bodies from postDataEntries up to the cap and marks sendBeacon", () => {
    const { c, emit } = collector();
    const bytes = Buffer.from([0x1f, 0x8b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    emit("Network.requestWillBeSent", {
      requestId: "B1",
      type: "Ping",
      initiator: { type: "script" },
      request: request("https://c.test/b", {
        method: "POST",
        headers: { "Content-Type": "application/octet-stream" },
        hasPostData: true,
        postDataEntries: [
          { bytes: bytes.subarray(0, 5).toString("base64") },
          { bytes: bytes.subarray(5).toString("base64") },
        ],
      }),
    });
    const r = c.result().requests[0];
    expect(r?.beacon).toBe("sendBeacon");
    expect(r?.body).toEqual({
      base64: bytes.subarray(0, 8).toString("base64"),
      bytes: 12,
      truncated: true,
      contentType: "application/octet-stream",
    });
  });

  it("tells an <a ping> from sendBeacon", () => {
    const { c, emit } = collector();
    emit("Network.requestWillBeSent", {
      requestId: "P1",
      type: "Ping",
      request: request("https://c.test/ping", {
        method: "POST",
        headers: { "Content-Type": "text/ping", "Ping-To": "https://x.test/" },
      }),
    });
    expect(c.result().requests[0]?.beacon).toBe("ping");
  });

  it("counts in-flight requests, ends preflights with their response and ignores streams", () => {
    const { c, emit } = collector();
    let changes = 0;
    c.onActivity(() => changes++);
    emit("Network.requestWillBeSent", {
      requestId: "A",
      type: "Fetch",
      request: request("https://c.test/a"),
    });
    emit("Network.requestWillBeSent", {
      requestId: "PF",
      type: "Other",
      initiator: { type: "preflight" },
      request: request("https://c.test/a", { method: "OPTIONS" }),
    });
    emit("Network.requestWillBeSent", {
      requestId: "ES",
      type: "EventSource",
      request: request("https://c.test/events"),
    });
    emit("Network.webSocketCreated", {
      requestId: "WS",
      url: "wss://c.test/s",
      initiator: { type: "script" },
    });
    expect(c.inflightCount).toBe(2);
    emit("Network.responseReceived", { requestId: "PF", response: { status: 204, headers: {} } });
    expect(c.inflightCount).toBe(1);
    emit("Network.loadingFailed", {
      requestId: "A",
      errorText: "net::ERR_BLOCKED_BY_ORB",
      corsErrorStatus: { corsError: "MissingAllowOriginHeader" },
    });
    expect(c.inflightCount).toBe(0);
    expect(changes).toBeGreaterThanOrEqual(4);
    const a = c.result().requests.find((r) => r.id === "A");
    expect(a).toMatchObject({
      failure: "net::ERR_BLOCKED_BY_ORB",
      corsError: "MissingAllowOriginHeader",
    });
    expect(c.result().requests.find((r) => r.id === "WS")?.resourceType).toBe("WebSocket");
  });

  it("takes the real Cookie and Referer from requestWillBeSentExtraInfo, whichever comes first", () => {
    const { c, emit } = collector();
    emit("Network.requestWillBeSentExtraInfo", {
      requestId: "X",
      headers: { Cookie: "id=7", Referer: "https://www.pub.test/a" },
    });
    emit("Network.requestWillBeSent", {
      requestId: "X",
      type: "Script",
      request: request("https://t.test/x.js", { headers: { Referer: "https://www.pub.test/" } }),
    });
    emit("Network.requestWillBeSent", {
      requestId: "Y",
      type: "Script",
      request: request("https://t.test/y.js"),
    });
    emit("Network.requestWillBeSentExtraInfo", { requestId: "Y", headers: { cookie: "id=8" } });
    const [x, y] = c.result().requests;
    expect(x?.requestHeaders).toMatchObject({ cookie: "id=7", referer: "https://www.pub.test/a" });
    expect(y?.requestHeaders.cookie).toBe("id=8");
  });
});

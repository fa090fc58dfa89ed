// Every capture path in real Chromium against the capture-lab sites (fixtures/sites/*.test):
// frames, workers, sockets, cookies, storage, beacons, redirects, pixels, bodies and the raw
// initiator data the core builds "who loaded whom" chains from. One browser for the file.
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import { scan } from "../../src/index.js";
import type {
  Capture,
  CapturedPage,
  CapturedRequest,
  CapturedStack,
  StackFrame,
} from "../../src/model/capture.js";

const ARTICLE = "https://www.daily-gazette.test/article.html";
const STORAGE = "https://www.daily-gazette.test/storage.html";
const LIVE = "https://www.daily-gazette.test/live.html";
const SPORTS = "https://www.daily-gazette.test/sports.html";

let server: FixtureServer;
let capture: Capture;
let article: CapturedPage;
let storage: CapturedPage;
let live: CapturedPage;
let sports: CapturedPage;

beforeAll(async () => {
  server = await startFixtureServer();
  capture = await scan([ARTICLE, STORAGE, LIVE, SPORTS], {
    session: "fresh",
    blockThirdPartyCookies: false,
    timeoutMs: 15_000,
    dwellMs: 0,
    hostRules: server.hostRules,
    insecure: true,
    maxBodyBytes: 64 * 1024,
  });
  [article, storage, live, sports] = capture.pages as [
    CapturedPage,
    CapturedPage,
    CapturedPage,
    CapturedPage,
  ];
});
afterAll(() => server?.close());

function req(page: CapturedPage, urlPart: string): CapturedRequest {
  const r = page.requests.find((x) => x.url.includes(urlPart));
  if (!r) throw new Error(`no request matching ${urlPart} in ${page.url}`);
  return r;
}

/** All frames of a stack and its async parents, innermost first. */
function allFrames(s: CapturedStack | undefined): StackFrame[] {
  const out: StackFrame[] = [];
  for (let cur = s; cur; cur = cur.parent) out.push(...cur.frames);
  return out;
}

function descriptions(s: CapturedStack | undefined): string[] {
  const out: string[] = [];
  for (let cur = s; cur; cur = cur.parent) if (cur.description) out.push(cur.description);
  return out;
}

describe("pages and the browser", () => {
  it("captures each page fully, with status and final URL", () => {
    expect(capture.partial).toBe(false);
    for (const p of capture.pages) {
      expect(p.outcome).toBe("ok");
      expect(p.timedOut).toBe(false);
      expect(p.httpStatus).toBe(200);
      expect(p.finalUrl).toBe(p.url);
    }
  });

  it("looks like a normal Chrome: no HeadlessChrome in the user agent or client hints, workers included", () => {
    expect(capture.browser.version).toMatch(/Chrome\/\d+\./);
    expect(capture.browser.userAgent).toMatch(/ Chrome\/\d+\.0\.0\.0 /);
    expect(capture.browser.userAgent).not.toContain("Headless");
    const doc = req(live, "live.html");
    expect(doc.requestHeaders["user-agent"]).toBe(capture.browser.userAgent);
    expect(doc.requestHeaders["sec-ch-ua"]).toContain('"Chromium"');
    expect(doc.requestHeaders["sec-ch-ua"]).not.toContain("Headless");
    expect(req(live, "/worker?ev=reader").requestHeaders["user-agent"]).toBe(
      capture.browser.userAgent,
    );
    // And on the wire, as the servers saw it.
    const seen = server.received.filter((r) => r.host.endsWith(".test"));
    expect(seen.length).toBeGreaterThan(10);
    // Requests the browser sends itself (a beacon after its page is gone) carry the same hints.
    const beacon = server.received.find((r) => r.path === "/beacon");
    expect(beacon?.headers["sec-ch-ua"]).toBe(doc.requestHeaders["sec-ch-ua"]);
    const headless = seen.filter((r) => String(r.headers["user-agent"]).includes("Headless"));
    expect(headless.map((r) => `${r.host}${r.path}`)).toEqual([]);
  });

  it("shows a fraud-detection script no automation traces (webdriver, Headless, injected globals)", () => {
    const report = req(sports, "collect.botcheck.test/signals");
    const signals = JSON.parse(Buffer.from(report.body?.base64 ?? "", "base64").toString());
    expect(signals).toEqual({
      webdriver: false,
      headlessUa: false,
      headlessBrand: false,
      extraGlobals: [],
    });
  });

  it("never records Chromium's own background traffic", () => {
    for (const p of capture.pages) {
      for (const r of p.requests) expect(new URL(r.url).hostname).not.toMatch(/google/);
      for (const t of p.targets) expect(t.url).not.toMatch(/^chrome/);
    }
  });
});

describe("targets", () => {
  it("records a request made inside a cross-site (out-of-process) iframe", () => {
    const frame = article.targets.find((t) =>
      t.url.startsWith("https://ads.adnetwork.test/frame.html"),
    );
    expect(frame?.type).toBe("iframe");
    const page = article.targets.find((t) => t.type === "page");
    expect(frame?.parentId).toBe(page?.id);
    const imp = req(article, "ads.adnetwork.test/impression");
    expect(imp.targetType).toBe("iframe");
    expect(imp.targetId).toBe(frame?.id);
  });

  it("records a nested iframe inside the ad iframe and its request", () => {
    const ad = article.targets.find((t) => t.url.includes("ads.adnetwork.test/frame.html"));
    const nested = article.targets.find(
      (t) => t.url === "https://sync.cookiesync.test/nested.html",
    );
    expect(nested?.parentId).toBe(ad?.id);
    const ping = req(article, "nested-ping");
    expect(ping.targetId).toBe(nested?.id);
    const f = article.frames.find((x) => x.id === nested?.id);
    expect(f?.url).toBe("https://sync.cookiesync.test/nested.html");
    expect(f?.parentId).toBeDefined();
  });

  it("records requests of a dedicated worker and of a service worker", () => {
    const worker = live.targets.find((t) => t.type === "worker");
    expect(worker?.url).toBe("https://www.daily-gazette.test/counter-worker.js");
    expect(req(live, "/worker?ev=reader")).toMatchObject({
      targetType: "worker",
      targetId: worker?.id,
    });
    const sw = live.targets.find((t) => t.type === "service_worker");
    expect(sw?.url).toBe("https://www.daily-gazette.test/sw.js");
    expect(req(live, "/sw?ev=activate")).toMatchObject({
      targetType: "service_worker",
      targetId: sw?.id,
    });
  });

  it("records a shared worker's request, and waits for a late service worker (its script is served 1.5 s late)", () => {
    const shared = live.targets.find((t) => t.type === "shared_worker");
    expect(shared?.url).toBe("https://www.daily-gazette.test/shared-worker.js");
    expect(req(live, "/shared?ev=session")).toMatchObject({
      targetType: "shared_worker",
      targetId: shared?.id,
    });
    const sw = req(live, "/sw?ev=activate");
    expect(sw.startedMs).toBeGreaterThan(1500);
  });

  it("records an EventSource stream without waiting for it to end", () => {
    const es = req(live, "rt.realtime.test/events");
    expect(es.resourceType).toBe("EventSource");
    expect(live.timedOut).toBe(false);
  });

  it("records a WebSocket with its handshake", () => {
    const ws = req(live, "wss://rt.realtime.test/socket");
    expect(ws.resourceType).toBe("WebSocket");
    expect(ws.status).toBe(101);
    expect(ws.initiator.type).toBe("script");
  });
});

describe("cookies", () => {
  it("records a header cookie set in a cross-site iframe, accepted by default", () => {
    const w = article.cookieWrites.find((c) => c.name === "an_uid");
    expect(w).toMatchObject({
      setBy: "header",
      domain: "ads.adnetwork.test",
      blocked: false,
      secure: true,
      sameSite: "None",
      topLevelUrl: ARTICLE,
      url: "https://ads.adnetwork.test/frame.html?slot=ad-slot",
    });
    expect(article.jar.find((c) => c.name === "an_uid")?.domain).toBe("ads.adnetwork.test");
    const chips = article.jar.find((c) => c.name === "an_chips");
    expect(chips?.partitionKey).toBe("https://daily-gazette.test");
  });

  it("attributes script cookies to the script that wrote them, in any frame", () => {
    expect(article.cookieWrites.find((c) => c.name === "_av_vid")).toMatchObject({
      setBy: "script",
      api: "document.cookie",
      script: "https://cdn.adsvendor.test/c.js",
      domain: "www.daily-gazette.test",
      blocked: false,
      deletion: false,
    });
    const inFrame = article.cookieWrites.find((c) => c.name === "an_seen");
    expect(inFrame).toMatchObject({
      setBy: "script",
      script: "https://ads.adnetwork.test/frame.js",
      domain: "ads.adnetwork.test",
      topLevelUrl: ARTICLE,
      blocked: false,
    });
    const frameTarget = article.targets.find((t) =>
      t.url.includes("ads.adnetwork.test/frame.html"),
    );
    expect(inFrame?.targetId).toBe(frameTarget?.id);
  });

  it("attributes CookieStore writes and deletions to their script", () => {
    expect(storage.cookieWrites.find((c) => c.name === "_an_cs")).toMatchObject({
      api: "CookieStore",
      script: "https://static.analytics.test/cookie-store.js",
      blocked: false,
      deletion: false,
      value: "cs-1",
    });
    expect(storage.cookieWrites.find((c) => c.name === "_an_old")).toMatchObject({
      api: "CookieStore",
      deletion: true,
    });
    const gone = storage.cookieWrites.find((c) => c.name === "gz_old");
    expect(gone).toMatchObject({ deletion: true, script: STORAGE, blocked: false });
  });

  it("keeps the requested lifetime, not the stored one", () => {
    const pm = article.cookieWrites.find((c) => c.name === "pm_uid");
    expect(pm?.requestedExpires).toBe("2031-01-01T00:00:00.000Z");
  });
});

describe("requests", () => {
  it("records a redirect chain with each hop's Set-Cookie (a cookie sync)", () => {
    const sync = req(article, "p.gif?matched=1");
    expect(sync.redirects.map((h) => [new URL(h.url).host, h.status])).toEqual([
      ["sync.cookiesync.test", 302],
      ["match.partner.test", 302],
    ]);
    expect(sync.redirects[0]?.setCookies[0]).toMatch(/^cs_id=cs-9911;/);
    expect(sync.redirects[1]?.setCookies[0]).toMatch(/^pm_uid=pm-4242;/);
    expect(sync.redirects[0]?.location).toContain("https://match.partner.test/match");
    const cs = article.cookieWrites.find((c) => c.name === "cs_id");
    expect(cs?.url).toBe("https://sync.cookiesync.test/sync?partner=gazette");
    expect(cs?.requestId).toBe(sync.id);
    expect(sync.initiator).toMatchObject({ type: "parser", url: ARTICLE });
  });

  it("tells a 1×1 pixel from a 16×16 icon by the decoded image size", () => {
    expect(req(article, "p.gif?src=adsvendor").image).toEqual({ width: 1, height: 1 });
    expect(req(article, "cdn.adsvendor.test/logo-16.png").image).toEqual({ width: 16, height: 16 });
    expect(req(article, "/spacer.gif").image).toEqual({ width: 1, height: 1 });
    expect(req(article, "p.gif?src=adsvendor").bodyBytes).toBeGreaterThan(0);
  });

  it("keeps the body of a pagehide beacon and marks it, and the keepalive fetch beside it", () => {
    const beacon = req(storage, "collect.analytics.test/beacon");
    expect(beacon.beacon).toBe("sendBeacon");
    expect(beacon.method).toBe("POST");
    const body = JSON.parse(Buffer.from(beacon.body?.base64 ?? "", "base64").toString("utf8"));
    expect(body.event).toBe("pagehide");
    expect(body.id).toMatch(/^an-/);
    const keepalive = req(storage, "/keepalive?ev=pagehide");
    expect(keepalive.beacon).toBe("keepalive");
    expect(Buffer.from(keepalive.body?.base64 ?? "", "base64").toString()).toBe("bye");
    // The server really got them, so nothing was invented.
    expect(
      server.received.some((r) => r.path === "/beacon" && r.host === "collect.analytics.test"),
    ).toBe(true);
  });

  it("marks an <a ping> hyperlink-auditing request apart from sendBeacon", () => {
    const ping = req(storage, "/ping?link=promo");
    expect(ping).toMatchObject({ resourceType: "Ping", beacon: "ping", method: "POST" });
    expect(ping.requestHeaders["ping-to"]).toBe("https://www.daily-gazette.test/spacer.gif");
  });

  it("marks a keepalive fetch made while the page is alive, and only that one", () => {
    expect(req(storage, "/engaged?t=1")).toMatchObject({
      beacon: "keepalive",
      method: "POST",
      resourceType: "Fetch",
    });
    const gz = storage.requests.find((r) => r.url.endsWith("/gz") && r.method === "POST");
    expect(gz?.beacon).toBeUndefined();
  });

  it("keeps a binary gzip POST body byte for byte", () => {
    const gz = storage.requests.find((r) => r.url.endsWith("/gz") && r.method === "POST");
    if (!gz) throw new Error("no gzip POST");
    expect(gz.method).toBe("POST");
    expect(gz.body?.contentType).toBe("application/octet-stream");
    const bytes = Buffer.from(gz.body?.base64 ?? "", "base64");
    expect(gz.body?.bytes).toBe(bytes.length);
    expect(gz.body?.truncated).toBe(false);
    const batch = JSON.parse(gunzipSync(bytes).toString("utf8"));
    expect(batch.events).toEqual(["view", "scroll"]);
    expect(batch.page).toBe(STORAGE);
    const onWire = server.received.find((r) => r.path === "/gz" && r.method === "POST");
    expect(onWire && Buffer.compare(onWire.body, bytes)).toBe(0);
  });

  it("keeps the Cookie and Referer headers a request carried", () => {
    const imp = req(article, "ads.adnetwork.test/impression");
    expect(imp.requestHeaders.cookie).toContain("an_uid=an-55e1");
    // Same-origin, so the full URL of the ad frame (strict-origin-when-cross-origin).
    expect(imp.requestHeaders.referer).toBe("https://ads.adnetwork.test/frame.html?slot=ad-slot");
  });
});

describe("storage", () => {
  it("records localStorage, sessionStorage and IndexedDB with the writing script", () => {
    const ls = storage.storage.find((s) => s.kind === "localStorage" && s.key === "_an_id");
    expect(ls).toMatchObject({
      origin: "https://www.daily-gazette.test",
      script: "https://static.analytics.test/analytics.js",
      documentUrl: STORAGE,
    });
    expect(ls?.value).toMatch(/^an-/);
    expect(ls?.bytes).toBe(ls?.value?.length);
    expect(storage.storage.filter((s) => s.key === "_an_id")).toHaveLength(1);
    expect(storage.storage.find((s) => s.kind === "sessionStorage")?.key).toBe("_an_session");
    expect(storage.storage.find((s) => s.kind === "indexedDB")).toMatchObject({
      key: "an_events",
      script: "https://static.analytics.test/analytics.js",
    });
  });
});

describe("storage property writes", () => {
  it("records `localStorage.k = v` (seen by the browser, no script to name)", () => {
    const w = storage.storage.find((s) => s.key === "gz_last_visit");
    expect(w).toMatchObject({
      kind: "localStorage",
      origin: "https://www.daily-gazette.test",
      value: "2026-11-29",
      bytes: 10,
    });
    expect(w?.script).toBeUndefined();
  });
});

describe("raw initiator data for loadedBy chains", () => {
  const script = (page: CapturedPage, url: string) => page.scripts.find((s) => s.url === url);

  it("external tag → injected script → pixel", () => {
    const cjs = req(article, "cdn.adsvendor.test/c.js");
    expect(cjs.initiator.type).toBe("script");
    expect(allFrames(cjs.initiator.stack)[0]?.url).toBe(
      "https://tags.tagpipe.test/tp.js?id=TP-GAZ-1",
    );
    const px = req(article, "p.gif?src=adsvendor");
    const urls = allFrames(px.initiator.stack).map((f) => f.url);
    expect(urls[0]).toBe("https://cdn.adsvendor.test/c.js");
    expect(script(article, "https://cdn.adsvendor.test/c.js")?.kind).toBe("url");
  });

  it("inline script inserted by a tag: the pixel's stack names a URL-less script created by the tag", () => {
    const px = req(article, "p.gif?src=custom-html");
    const inline = allFrames(px.initiator.stack).find((f) => f.url === "");
    expect(inline).toBeDefined();
    const s = article.scripts.find((x) => x.id === inline?.scriptId && x.targetId === px.targetId);
    expect(s?.url).toBe("");
    expect(allFrames(s?.createdBy)[0]?.url).toBe("https://tags.tagpipe.test/tp.js?id=TP-GAZ-1");
  });

  it("document.write: the written script's request names the page's inline script", () => {
    const dw = req(article, "dw.docwrite.test/dw.js");
    const top = allFrames(dw.initiator.stack)[0];
    expect(top?.url).toBe(ARTICLE);
    expect(article.scripts.find((s) => s.id === top?.scriptId)?.kind).toBe("inline");
    const px = req(article, "p.gif?src=docwrite");
    expect(allFrames(px.initiator.stack)[0]?.url).toBe("https://dw.docwrite.test/dw.js");
  });

  it("Promise and setTimeout hops stay on the stack as async parents", () => {
    const hop = req(article, "hop?via=timeout-promise");
    expect(descriptions(hop.initiator.stack)).toEqual(
      expect.arrayContaining(["Promise.then", "setTimeout"]),
    );
    for (const f of allFrames(hop.initiator.stack))
      expect(f.url).toBe("https://tags.tagpipe.test/tp.js?id=TP-GAZ-1");
  });

  it("script-created cross-site iframe: its document request and its frame name the tag", () => {
    const doc = req(article, "ads.adnetwork.test/frame.html");
    expect(doc.resourceType).toBe("Document");
    expect(allFrames(doc.initiator.stack)[0]?.url).toBe(
      "https://tags.tagpipe.test/tp.js?id=TP-GAZ-1",
    );
    const frame = article.frames.find((f) => f.url.includes("ads.adnetwork.test/frame.html"));
    expect(allFrames(frame?.createdBy)[0]?.url).toBe("https://tags.tagpipe.test/tp.js?id=TP-GAZ-1");
    expect(frame?.documentRequestId).toBe(doc.id);
  });

  it("requests inside the iframe are initiated by the iframe's parser and scripts", () => {
    expect(req(article, "ads.adnetwork.test/frame.js").initiator).toMatchObject({
      type: "parser",
      url: "https://ads.adnetwork.test/frame.html?slot=ad-slot",
    });
  });
});

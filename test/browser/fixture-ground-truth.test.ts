// Ground truth of the fixture internet: loads the demo publisher and the leak-pattern sites in real
// Chromium and proves from what the fixture server received that every scenario really happens.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { getDomain } from "tldts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FixtureServer,
  type ReceivedRequest,
  startFixtureServer,
} from "../../src/fixture-internet/server.js";
import { FIXTURES_DIR } from "../../src/package-info.js";

interface GroundTruthHost {
  host: string;
  party: string;
  expectedVerdict: "first-party" | "authorized" | "rogue" | "unlisted";
  role: string;
  via: string;
  loadedBy?: string[];
}
interface DemoGroundTruth {
  site: string;
  allowlist: string;
  pages: string[];
  hosts: GroundTruthHost[];
  cookies: {
    name: string;
    domain: string;
    setBy: "header" | "script";
    thirdPartyContext: boolean;
  }[];
  storage: { origin: string; kind: "localStorage" | "sessionStorage" | "indexedDB"; key: string }[];
}
/** Something the fixture server must receive: a request to host+path, optionally with a parameter. */
interface Observation {
  host: string;
  path: string;
  method?: string;
  param?: string;
  equals?: string;
  prefix?: string;
  pattern?: string;
  refererPrefix?: string;
  bodyContains?: string;
  /** Text inside a gzip body (sent without Content-Encoding, as some SDKs do). */
  gzipBodyContains?: string;
}
interface LeakSite {
  site: string;
  pages: string[];
  allowlist: string;
  /** What a crawler does on the page: type into fields (selector → text), then click. */
  drive?: { type: Record<string, string>; click: string };
  hosts: GroundTruthHost[];
  observe: Observation[];
  expectedFindings: { code: string; party?: string; value?: string }[];
}
interface LeakGroundTruth {
  sites: Record<string, LeakSite>;
}

const demo = JSON.parse(
  readFileSync(path.join(FIXTURES_DIR, "demo-ground-truth.json"), "utf8"),
) as DemoGroundTruth;
const leaks = JSON.parse(
  readFileSync(path.join(FIXTURES_DIR, "leak-ground-truth.json"), "utf8"),
) as LeakGroundTruth;

let server: FixtureServer;
let browser: Browser;
let profileDir: string;

beforeAll(async () => {
  server = await startFixtureServer();
  profileDir = mkdtempSync(path.join(os.tmpdir(), "skimscan-truth-"));
  // A default (non-incognito) profile that accepts third-party cookies, as most visitors' browsers do.
  mkdirSync(path.join(profileDir, "Default"), { recursive: true });
  writeFileSync(
    path.join(profileDir, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    userDataDir: profileDir,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      "--headless=new",
      `--host-resolver-rules=${server.hostRules}`,
      "--ignore-certificate-errors",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** Waits (bounded) until the server has received `count` requests matching `match`; the
 * assertions that follow say what was missing. */
async function receivedEventually(
  match: (r: ReceivedRequest) => boolean,
  { count = 1, from = 0, timeoutMs = 10_000 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let since = from;
  for (let seen = 0; seen < count; seen++) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    const hit = await server
      .waitForRequest(match, { since, timeoutMs: left })
      .catch(() => undefined);
    if (!hit) return;
    since = server.received.indexOf(hit, since) + 1;
  }
}

/** Loads a page like a scanner does: until the network is quiet, then away to flush pagehide beacons. */
async function visit(
  page: Page,
  url: string,
  drive?: (page: Page) => Promise<void>,
): Promise<void> {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForNetworkIdle({ idleTime: 500, timeout: 15_000 });
  if (drive) {
    await drive(page);
    await page.waitForNetworkIdle({ idleTime: 500, timeout: 15_000 });
  }
  await page.goto("about:blank");
}

/** Storage keys and IndexedDB names of the page's origin, as "kind:key". */
function storageOf(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const keys = (kind: string, store: Storage) =>
      Array.from({ length: store.length }, (_, i) => `${kind}:${store.key(i)}`);
    const dbs = (await indexedDB.databases()).map((db) => `indexedDB:${db.name}`);
    return [
      ...keys("localStorage", localStorage),
      ...keys("sessionStorage", sessionStorage),
      ...dbs,
    ];
  });
}

const to =
  (host: string, pathPrefix = "/") =>
  (r: ReceivedRequest) =>
    r.host === host && r.path.startsWith(pathPrefix);
const query = (r: ReceivedRequest) => new URL(r.path, "https://x.example").searchParams;
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function gunzipText(body: Buffer): string {
  try {
    return gunzipSync(body).toString();
  } catch {
    return "";
  }
}

function observed(o: Observation): (r: ReceivedRequest) => boolean {
  return (r) => {
    if (!to(o.host, o.path)(r)) return false;
    if (o.method && r.method !== o.method) return false;
    if (o.refererPrefix && !(r.headers.referer ?? "").startsWith(o.refererPrefix)) return false;
    if (o.bodyContains && !r.body.toString().includes(o.bodyContains)) return false;
    if (o.gzipBodyContains && !gunzipText(r.body).includes(o.gzipBodyContains)) return false;
    if (!o.param) return true;
    const value = query(r).get(o.param);
    if (value === null) return false;
    if (o.equals !== undefined && value !== o.equals) return false;
    if (o.prefix !== undefined && !value.startsWith(o.prefix)) return false;
    return o.pattern === undefined || new RegExp(o.pattern).test(value);
  };
}

describe("demo publisher www.dailybugle.example", () => {
  let demoReceived: ReceivedRequest[] = [];
  let jar: { name: string; domain: string; value: string }[] = [];
  let storage: string[] = [];

  beforeAll(async () => {
    const page = await browser.newPage();
    for (const url of demo.pages) {
      await visit(page, url, async (p) => {
        storage = await storageOf(p);
      });
    }
    // The service worker registers with its push vendor after activation, well after load.
    await receivedEventually(to("push.notifly.example", "/v1/register"));
    // Every page's pagehide beacon, so none arrives late among the next site's requests.
    await receivedEventually(to("collect.metricsly.example", "/beacon"), {
      count: demo.pages.length,
    });
    await page.close();
    demoReceived = [...server.received];
    const cdp = await browser.target().createCDPSession();
    jar = (await cdp.send("Storage.getCookies", {})).cookies.map((c) => ({
      name: c.name,
      domain: c.domain.replace(/^\./, ""),
      value: c.value,
    }));
    await cdp.detach();
  });

  it("leaves every cookie of the ground truth in the jar, third-party ones included", () => {
    const have = new Set(jar.map((c) => `${c.name}@${c.domain}`));
    const missing = demo.cookies.map((c) => `${c.name}@${c.domain}`).filter((c) => !have.has(c));
    expect(missing).toEqual([]);
    // The size probe cookie was written and deleted again: gone from the jar, though never blocked.
    expect(jar.some((c) => c.name === "_mtr_tst")).toBe(false);
  });

  it("has vendors write ids to localStorage, sessionStorage and IndexedDB of the publisher", () => {
    const expected = demo.storage.map((s) => `${s.kind}:${s.key}`);
    expect(storage).toEqual(expect.arrayContaining(expected));
  });

  it("contacts every host of the ground-truth table", () => {
    const contacted = new Set(demoReceived.map((r) => r.host));
    const missing = demo.hosts.map((h) => h.host).filter((h) => !contacted.has(h));
    expect(missing).toEqual([]);
  });

  it("contacts no fixture host outside the table", () => {
    const known = new Set(demo.hosts.map((h) => h.host));
    // Chromium's own background calls (accounts.google.com, …) reach the server too: only the
    // fixture internet's reserved TLDs belong to the scenario.
    const extra = [...new Set(demoReceived.map((r) => r.host))].filter(
      (h) => /\.(example|test)$/.test(h) && !known.has(h),
    );
    expect(extra).toEqual([]);
  });

  it("serves a first-party spacer and favicon, and sets the session cookie on the home page", () => {
    expect(demoReceived.some(to("www.dailybugle.example", "/img/spacer.gif"))).toBe(true);
    expect(demoReceived.some(to("www.dailybugle.example", "/favicon.ico"))).toBe(true);
    // Later pages send the header-set session cookie and the analytics SDK's script-set id back.
    const article = demoReceived.find(to("www.dailybugle.example", "/news/"));
    expect(article?.headers.cookie).toMatch(/bugle_sid=s%3A9f2c1e7ab34d4c0e8a61d5b7f3e2a9c4/);
    expect(article?.headers.cookie).toMatch(/_mtr_id=MT1\.1\./);
  });

  it("fires the analytics pixel with the client id and the page URL, and a beacon on pagehide", () => {
    const pixels = demoReceived.filter(to("collect.metricsly.example", "/p.gif"));
    expect(pixels.length).toBeGreaterThanOrEqual(demo.pages.length);
    const search = pixels.find((r) => query(r).get("dl")?.includes("/search?q=harbor"));
    expect(search).toBeDefined();
    const beacon = demoReceived.find(to("collect.metricsly.example", "/beacon"));
    expect(beacon?.method).toBe("POST");
    const body = JSON.parse(beacon?.body.toString() ?? "{}") as { cid?: string; t?: string };
    expect(body.t).toBe("engagement");
    expect(body.cid).toBe(query(pixels[0] as ReceivedRequest).get("cid"));
  });

  it("piggybacks skimlytics two scripts deep behind the tag manager, carrying AudienceNet's id", () => {
    const an = demoReceived.find(to("cdn.audiencenet.example", "/an.js"));
    const sync = demoReceived.find(to("cdn.audiencenet.example", "/sync.js"));
    const px = demoReceived.find(to("px.skimlytics.example", "/px.gif"));
    expect(an?.headers.referer).toMatch(/^https:\/\/www\.dailybugle\.example\//);
    expect(sync).toBeDefined();
    const event = demoReceived.find(to("ev.audiencenet.example", "/v1/events"));
    const anUid = (JSON.parse(event?.body.toString() ?? "{}") as { uid?: string }).uid;
    expect(anUid).toMatch(/^an-[0-9a-f]{24}$/);
    expect(query(px as ReceivedRequest).get("puid")).toBe(anUid);
  });

  it("fires the custom-HTML conversion pixel and the rogue pixel written in the page", () => {
    expect(demoReceived.some(to("px.socialreach.example", "/tr.gif?id=5571203"))).toBe(true);
    expect(demoReceived.some(to("pixel.trackwell.example", "/t.gif?acct=88123"))).toBe(true);
  });

  it("syncs the exchange's header-set uid to the data broker through a redirect", () => {
    const slot = demoReceived.filter(to("ads.adserve-exchange.example", "/slot"));
    expect(slot.length).toBeGreaterThanOrEqual(3);
    // Third-party cookies are accepted: the second slot load sends back the cookie the first one set.
    expect(slot.some((r) => /(^|; )uid=AX9c2f7e41b8d04a6e93f1/.test(r.headers.cookie ?? ""))).toBe(
      true,
    );
    expect(slot.some((r) => /(^|; )adx_fc=\d+\|/.test(r.headers.cookie ?? ""))).toBe(true);
    const hop1 = demoReceived.find(to("ads.adserve-exchange.example", "/sync"));
    const hop2 = demoReceived.find(to("match.databroker.example", "/match"));
    expect(query(hop1 as ReceivedRequest).get("uid")).toBe("AX9c2f7e41b8d04a6e93f1");
    expect(query(hop2 as ReceivedRequest).get("uid")).toBe("AX9c2f7e41b8d04a6e93f1");
    expect(query(hop2 as ReceivedRequest).get("partner")).toBe("adx");
  });

  it("phones home from a dedicated worker, a service worker and over a WebSocket", () => {
    const rum = demoReceived.find(to("rum.telemetry.example", "/v1/ingest"));
    expect(rum?.method).toBe("POST");
    expect(JSON.parse(rum?.body.toString() ?? "{}")).toMatchObject({ app: "dailybugle-web" });
    expect(demoReceived.some(to("push.notifly.example", "/v1/register?site=dailybugle"))).toBe(
      true,
    );
    const ws = demoReceived.find(to("live.pushwire.example", "/v2/socket"));
    expect(ws?.headers.upgrade).toBe("websocket");
    // The socket's first message makes the SDK load its 16×16 icon (an image, not a pixel).
    expect(demoReceived.some(to("live.pushwire.example", "/sdk/live-dot.png"))).toBe(true);
  });
});

describe.each(Object.entries(leaks.sites))("leak-pattern site %s", (_name, site) => {
  let got: ReceivedRequest[] = [];

  beforeAll(async () => {
    const from = server.received.length;
    const page = await browser.newPage();
    for (const url of site.pages) {
      await visit(page, url, async (p) => {
        if (!site.drive) return;
        for (const [selector, text] of Object.entries(site.drive.type))
          await p.type(selector, text);
        await p.click(site.drive.click);
      });
    }
    // Form-driven requests go out after an async digest, beacons after pagehide: wait (bounded)
    // for every observation.
    for (const o of site.observe) await receivedEventually(observed(o), { from, timeoutMs: 5_000 });
    await page.close();
    // The demo's service worker has Chromium re-fetch /sw.js for updates at any later time
    // (header `Service-Worker: script`): that belongs to the demo, not to this site.
    got = server.received.slice(from).filter((r) => r.headers["service-worker"] !== "script");
  });

  it("contacts every host of its table, and no other fixture host", () => {
    const known = new Set(site.hosts.map((h) => h.host));
    const missing = [...known].filter((h) => !got.some((r) => r.host === h));
    expect(missing).toEqual([]);
    const strays = got
      .filter((r) => /\.(example|test)$/.test(r.host) && !known.has(r.host))
      .map((r) => `${r.method} ${r.host}${r.path} dest=${r.headers["sec-fetch-dest"]}`);
    expect(strays).toEqual([]);
  });

  it("sends what its expected findings are about", () => {
    const missing = site.observe.filter((o) => !got.some(observed(o)));
    expect(missing).toEqual([]);
  });
});

describe("ground-truth tables are self-consistent", () => {
  const tables = [demo, ...Object.values(leaks.sites)];

  it("name each host's party as its registrable domain, and an existing allowlist", () => {
    for (const table of tables) {
      expect(existsSync(path.join(FIXTURES_DIR, table.allowlist))).toBe(true);
      for (const h of table.hosts) {
        expect(h.party).toBe(getDomain(h.host, { allowPrivateDomains: true }));
      }
    }
  });

  it("start every loadedBy chain at one of the site's pages", () => {
    for (const table of tables) {
      const pages = table.pages.map((u) => u.replace(/[?#].*$/, ""));
      for (const h of table.hosts.filter((x) => x.loadedBy)) {
        expect(pages).toContain(h.loadedBy?.[0]);
      }
    }
  });

  it("states the SHA-256 of the normalised seeded email", () => {
    const hashed = leaks.sites["hashed-email"];
    const email = hashed?.drive?.type["#nl-email"] ?? "";
    const finding = hashed?.expectedFindings.find((f) => f.code === "pii-leak");
    expect(finding?.value).toBe(sha256(email.trim().toLowerCase()));
  });
});

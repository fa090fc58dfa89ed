// A crawl that meets bad pages in real Chromium: a hanging page, a renderer crash, a redirect loop,
// a 404 and a 429 among good pages. Every page is listed with its outcome, the good pages' third
// parties are complete, failed loads are retried once, and the crawl goes on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CdpConnection } from "../../src/capture/cdp-connection.js";
import type { LaunchedBrowser } from "../../src/crawl/launch-browser.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture } from "../../src/model/capture.js";
import { byPath, crawl, SITE, thirdPartyHosts } from "./crawl-helpers.js";

let server: FixtureServer;
let capture: Capture;
let browser: LaunchedBrowser | undefined;
let crashes = 0;
const TIMEOUT = 10_000;

/**
 * A real renderer crash (CDP Page.crash) of the tab showing /crash.html, sent on a connection of
 * the test's own while the page waits for an image that never comes.
 */
async function crashTheCrashPage(): Promise<void> {
  if (!browser) return;
  const conn = await CdpConnection.connect(browser.wsEndpoint);
  try {
    const { targetInfos } = await conn.send("Target.getTargets");
    const target = targetInfos.find((t) => t.type === "page" && t.url.endsWith("/crash.html"));
    if (!target) return;
    const { sessionId } = await conn.send("Target.attachToTarget", {
      targetId: target.targetId,
      flatten: true,
    });
    crashes++;
    await conn
      .session(sessionId)
      .send("Page.crash")
      .catch(() => undefined);
  } finally {
    conn.close();
  }
}

beforeAll(async () => {
  server = await startFixtureServer({
    handlers: {
      "www.crawl-news.test": (req) => {
        if (req.url !== "/crash-hold.gif") return false;
        void crashTheCrashPage();
        return true; // never answered: the page is mid-load when it crashes
      },
    },
  });
  capture = await crawl(server, {
    startUrls: [
      `${SITE}/`,
      `${SITE}/hang`,
      `${SITE}/crash.html`,
      `${SITE}/loop`,
      `${SITE}/missing.html`,
      `${SITE}/busy/retry-later.html`,
      `${SITE}/news/a.html`,
      `${SITE}/news/b.html`,
      `${SITE}/members/club.html`,
    ],
    maxPages: 9,
    concurrency: 2,
    timeoutMs: TIMEOUT,
    onBrowser: (b) => {
      browser = b;
    },
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("bad pages among good ones", () => {
  it("lists every page once, in the order given", () => {
    expect(capture.pages.map((p) => new URL(p.url).pathname)).toEqual([
      "/",
      "/hang",
      "/crash.html",
      "/loop",
      "/missing.html",
      "/busy/retry-later.html",
      "/news/a.html",
      "/news/b.html",
      "/members/club.html",
    ]);
    expect(capture.partial).toBe(false);
  });

  it("ends a hanging page at its timeout, without a retry", () => {
    const hang = byPath(capture).get("/hang");
    expect(hang).toMatchObject({ outcome: "failed", failure: "timeout", timedOut: true });
    expect(hang?.reason).toBe(`no response within ${TIMEOUT} ms`);
    expect(server.received.filter((r) => r.path === "/hang")).toHaveLength(1);
  });

  it("records a renderer crash as failed after one retry", () => {
    const crash = byPath(capture).get("/crash.html");
    expect(crash).toMatchObject({
      outcome: "failed",
      failure: "load",
      reason: "the page's renderer crashed",
    });
    expect(server.received.filter((r) => r.path === "/crash.html")).toHaveLength(2);
    expect(crashes).toBe(2);
  });

  it("records a redirect loop as failed after one retry", () => {
    const loop = byPath(capture).get("/loop");
    expect(loop).toMatchObject({ outcome: "failed", failure: "load" });
    expect(loop?.reason).toMatch(/redirects in a loop/);
  });

  it("keeps a 404 as a loaded page with its status", () => {
    const missing = byPath(capture).get("/missing.html");
    expect(missing).toMatchObject({ outcome: "ok", httpStatus: 404 });
    expect(missing?.failure).toBeUndefined();
  });

  it("honours 429 Retry-After with one retry, then records the page as blocked", () => {
    const busy = byPath(capture).get("/busy/retry-later.html");
    expect(busy).toMatchObject({
      outcome: "failed",
      httpStatus: 429,
      failure: "blocked",
      reason: "blocked: rate limited (HTTP 429)",
    });
    const hits = server.received.filter((r) => r.path === "/busy/retry-later.html");
    expect(hits).toHaveLength(2);
  });

  it("records a bot challenge as failed with its vendor, never as a clean page", () => {
    expect(byPath(capture).get("/members/club.html")).toMatchObject({
      outcome: "failed",
      httpStatus: 403,
      failure: "blocked",
      reason: "blocked: Cloudflare challenge (HTTP 403)",
    });
  });

  it("captures the good pages' third parties completely", () => {
    const pages = byPath(capture);
    for (const path of ["/", "/news/b.html"]) {
      expect(pages.get(path)?.outcome).toBe("ok");
      expect(thirdPartyHosts(pages.get(path) as never)).toEqual([
        "cdn.crawl-ads.test",
        "px.crawl-ads.test",
      ]);
    }
    expect(thirdPartyHosts(pages.get("/news/a.html") as never)).toEqual([
      "stats.crawl-metrics.test",
    ]);
  });
});

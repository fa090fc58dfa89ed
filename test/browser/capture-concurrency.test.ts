// Two pages captured at once in one browser (what a crawl pool will do): each page's own
// browser context keeps its targets, requests, service worker and cookies apart.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturePage } from "../../src/crawl/capture-page.js";
import { type LaunchedBrowser, launchBrowser } from "../../src/crawl/launch-browser.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { CapturedPage } from "../../src/model/capture.js";

let server: FixtureServer;
let browser: LaunchedBrowser;
let article: CapturedPage;
let live: CapturedPage;

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchBrowser({
    blockThirdPartyCookies: false,
    hostRules: server.hostRules,
    insecure: true,
  });
  const opts = { timeoutMs: 15_000, dwellMs: 0, maxBodyBytes: 1024 };
  [article, live] = await Promise.all([
    capturePage(browser, "p1", "https://www.daily-gazette.test/article.html", opts),
    capturePage(browser, "p2", "https://www.daily-gazette.test/live.html", opts),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const hosts = (p: CapturedPage) => new Set(p.requests.map((r) => new URL(r.url).host));

describe("concurrent pages in one browser", () => {
  it("both complete normally", () => {
    expect(article).toMatchObject({ outcome: "ok", timedOut: false, httpStatus: 200 });
    // A live blog (WebSocket, EventSource reconnecting, workers) may legitimately never go quiet:
    // then it ends at the timeout as ok with everything kept, which is all this test needs.
    expect(live).toMatchObject({ outcome: "ok", httpStatus: 200 });
  });

  it("keep their requests apart", () => {
    expect(hosts(article)).toContain("tags.tagpipe.test");
    expect(hosts(article)).not.toContain("rt.realtime.test");
    expect(hosts(live)).toContain("rt.realtime.test");
    expect(hosts(live)).not.toContain("tags.tagpipe.test");
    expect(live.requests.some((r) => r.url.includes("/sw?ev=activate"))).toBe(true);
    expect(article.requests.some((r) => r.url.includes("/sw?ev=activate"))).toBe(false);
  });

  it("keep their targets apart", () => {
    const ids = new Set(article.targets.map((t) => t.id));
    for (const t of live.targets) expect(ids.has(t.id)).toBe(false);
    expect(article.targets.map((t) => t.type).sort()).toEqual(["iframe", "iframe", "page"]);
    expect(live.targets.map((t) => t.type).sort()).toEqual([
      "page",
      "service_worker",
      "shared_worker",
      "worker",
    ]);
  });

  it("leave no page or frame of theirs behind", async () => {
    const { targetInfos } = await browser.conn.send("Target.getTargets");
    const pages = (targetInfos as Array<{ url: string }>).filter(
      // A disposed context's service worker stops asynchronously, detached: only documents count.
      (t) => t.url.includes("daily-gazette") && (t as { type?: string }).type !== "service_worker",
    );
    expect(pages.map((t) => JSON.stringify(t))).toEqual([]);
  });

  it("keep their cookie jars apart", () => {
    expect(article.jar.some((c) => c.name === "an_uid")).toBe(true);
    expect(live.jar.some((c) => c.name === "an_uid")).toBe(false);
  });
});

describe("closing the browser", () => {
  it("removes the temporary profile", async () => {
    expect(existsSync(path.join(browser.userDataDir, "Default", "Preferences"))).toBe(true);
    const prefs = JSON.parse(
      readFileSync(path.join(browser.userDataDir, "Default", "Preferences"), "utf8"),
    );
    expect(prefs.profile.cookie_controls_mode).toBe(0);
    await browser.close();
    expect(existsSync(browser.userDataDir)).toBe(false);
  });
});

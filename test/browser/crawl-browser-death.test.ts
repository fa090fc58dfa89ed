// The browser process is killed (SIGKILL) in the middle of a crawl: a new one is launched, the
// pages in flight are retried, the rest are visited, and the capture is complete.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LaunchedBrowser } from "../../src/crawl/launch-browser.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture } from "../../src/model/capture.js";
import { crawl, SITE, thirdPartyHosts } from "./crawl-helpers.js";

const PATHS = [
  "/",
  "/news/a.html",
  "/news/b.html",
  "/about.html",
  "/contact.html",
  "/news/deep.html",
  "/news/sitemap-only.html",
  "/visit/second.html",
];

let server: FixtureServer;
let capture: Capture;
const browsers: LaunchedBrowser[] = [];
let killedPid: number | undefined;

beforeAll(async () => {
  server = await startFixtureServer({
    handlers: {
      "www.crawl-news.test": (req) => {
        // The fourth page's request is the moment: kill the whole browser, once.
        if (req.url === "/about.html" && killedPid === undefined) {
          killedPid = browsers[0]?.browser.process()?.pid;
          if (killedPid) process.kill(killedPid, "SIGKILL");
        }
        return false; // then serve the file as usual
      },
    },
  });
  capture = await crawl(server, {
    startUrls: PATHS.map((p) => `${SITE}${p}`),
    concurrency: 2,
    onBrowser: (b) => browsers.push(b),
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("the browser dies mid-crawl", () => {
  it("was killed, and a second browser was launched", () => {
    expect(killedPid).toBeGreaterThan(0);
    expect(browsers).toHaveLength(2);
    expect(browsers[1]?.browser.process()?.pid).not.toBe(killedPid);
    expect(capture.warnings).toContain("the browser was restarted 1 time(s)");
  });

  it("removed the temporary profile of both browsers, the dead one included", () => {
    for (const b of browsers) expect(existsSync(b.userDataDir), b.userDataDir).toBe(false);
  });

  it("still captures every page, in order, the interrupted one retried", () => {
    expect(capture.pages.map((p) => new URL(p.url).pathname)).toEqual(PATHS);
    const reasons = capture.pages.map((p) => `${p.url}: ${p.reason ?? ""}`).join("\n");
    expect(
      capture.pages.map((p) => p.outcome),
      reasons,
    ).toEqual(PATHS.map(() => "ok"));
    expect(server.received.filter((r) => r.path === "/about.html").length).toBe(2);
    expect(capture.partial).toBe(false);
  });

  it("has the third parties of pages visited after the restart", () => {
    const after = capture.pages.find((p) => p.url.endsWith("/news/sitemap-only.html"));
    expect(thirdPartyHosts(after as never)).toEqual(["stats.crawl-metrics.test"]);
    const front = capture.pages[0];
    expect(thirdPartyHosts(front as never)).toEqual(["cdn.crawl-ads.test", "px.crawl-ads.test"]);
  });
});

// Scanning as a browser that blocks third-party cookies (--block-third-party-cookies): the
// attempts are still recorded, as blocked, with Chromium's reasons. One browser for the file.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import { scan } from "../../src/index.js";
import type { Capture, CapturedPage } from "../../src/model/capture.js";

const ARTICLE = "https://www.daily-gazette.test/article.html";
let server: FixtureServer;
let capture: Capture;
let page: CapturedPage;

beforeAll(async () => {
  server = await startFixtureServer();
  capture = await scan([ARTICLE], {
    session: "fresh",
    blockThirdPartyCookies: true,
    timeoutMs: 15_000,
    dwellMs: 0,
    hostRules: server.hostRules,
    insecure: true,
    maxBodyBytes: 1024,
  });
  page = capture.pages[0] as CapturedPage;
});
afterAll(() => server?.close());

describe("blocking third-party cookies", () => {
  it("records the option in the capture", () => {
    expect(capture.options.blockThirdPartyCookies).toBe(true);
    expect(page.outcome).toBe("ok");
  });

  it("records a cross-site iframe's header cookie as blocked, with the reason", () => {
    const w = page.cookieWrites.find((c) => c.name === "an_uid");
    expect(w).toMatchObject({ setBy: "header", domain: "ads.adnetwork.test", blocked: true });
    expect(w?.blockedReasons?.length).toBeGreaterThan(0);
    expect(w?.blockedReasons?.join(" ")).toMatch(/UserPreferences|ThirdParty/);
    expect(page.jar.some((c) => c.name === "an_uid")).toBe(false);
  });

  it("records each blocked hop of a cookie-sync redirect", () => {
    for (const name of ["cs_id", "pm_uid"]) {
      expect(page.cookieWrites.find((c) => c.name === name)).toMatchObject({
        setBy: "header",
        blocked: true,
      });
    }
  });

  it("records a script cookie the cross-site iframe failed to store as blocked", () => {
    const w = page.cookieWrites.find((c) => c.name === "an_seen");
    expect(w).toMatchObject({
      setBy: "script",
      script: "https://ads.adnetwork.test/frame.js",
      blocked: true,
      blockedReasons: ["NotStoredAfterWrite"],
    });
  });

  it("still stores first-party cookies, whoever wrote them", () => {
    const w = page.cookieWrites.find((c) => c.name === "_av_vid");
    expect(w).toMatchObject({ blocked: false, script: "https://cdn.adsvendor.test/c.js" });
    expect(page.jar.some((c) => c.name === "_av_vid")).toBe(true);
  });

  it("the cookie the blocked frame's request carried is empty", () => {
    const imp = page.requests.find((r) => r.url.includes("ads.adnetwork.test/impression"));
    expect(imp).toBeDefined();
    expect(imp?.requestHeaders.cookie ?? "").not.toContain("an_uid");
  });
});

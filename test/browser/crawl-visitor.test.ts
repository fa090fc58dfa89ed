// Who the crawler is to the site: --session shared carries a visitor's cookies from page to page,
// fresh starts every page as a new visitor; --header / --cookie reach the site's own hosts only
// (never a third party, not even through a first-party redirect) and never the saved capture.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture } from "../../src/model/capture.js";
import { crawl, SITE } from "./crawl-helpers.js";

let server: FixtureServer;
let shared: Capture;
let fresh: Capture;
let preview: Capture;
let worker: Capture;
/** Where the preview crawl's requests start in server.received. */
let previewFrom = 0;
const TOKEN = "tok-7f3a9c-preview";
const SESSION = "sess-51d0e2-preview";

beforeAll(async () => {
  server = await startFixtureServer();
  const visit = (run: string) => [
    `${SITE}/visit/first.html?run=${run}`,
    `${SITE}/visit/second.html?run=${run}`,
  ];
  shared = await crawl(server, { startUrls: visit("shared"), concurrency: 1, session: "shared" });
  fresh = await crawl(server, { startUrls: visit("fresh"), concurrency: 1, session: "fresh" });
  worker = await crawl(server, {
    startUrls: ["one", "two", "three"].map((n) => `${SITE}/sw/${n}.html`),
    concurrency: 1,
    session: "shared",
    // A service worker's fetches can start late on a loaded machine: dwell like a real scan.
    dwellMs: 1500,
  });
  previewFrom = server.received.length;
  preview = await crawl(server, {
    startUrls: [`${SITE}/preview.html`],
    access: { headers: [["X-Preview-Token", TOKEN]], cookies: [["preview_session", SESSION]] },
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

const requestFor = (path: string) => server.received.find((r) => r.path === path);

describe("--session", () => {
  it("shared: the second page is sent the cookie the first page set", () => {
    expect(shared.pages.map((p) => p.outcome)).toEqual(["ok", "ok"]);
    expect(requestFor("/visit/second.html?run=shared")?.headers.cookie).toMatch(/visitor=v-\d+/);
    expect(shared.pages[1]?.jar.some((c) => c.name === "visitor")).toBe(true);
  });

  it("fresh: every page is a new visitor without cookies", () => {
    expect(fresh.pages.map((p) => p.outcome)).toEqual(["ok", "ok"]);
    expect(requestFor("/visit/second.html?run=fresh")?.headers.cookie).toBeUndefined();
    expect(fresh.pages[1]?.jar.some((c) => c.name === "visitor")).toBe(false);
    expect(fresh.options.session).toBe("fresh");
  });

  it("shared: a service worker started by one page reports the next page's traffic to it", () => {
    expect(worker.pages.map((p) => p.outcome)).toEqual(["ok", "ok", "ok"]);
    for (const [i, name] of [
      [1, "two"],
      [2, "three"],
    ] as const) {
      const page = worker.pages[i];
      const fromWorker = page?.requests.filter((r) => r.url.includes("from=worker")) ?? [];
      expect(
        fromWorker.map((r) => [r.targetType, new URL(r.url).searchParams.get("page")]),
      ).toEqual([["service_worker", `/sw/${name}.html`]]);
    }
    // The first page was not yet controlled: no worker traffic belongs to it.
    expect(worker.pages[0]?.requests.some((r) => r.url.includes("from=worker"))).toBe(false);
  });
});

describe("--header and --cookie", () => {
  it("reach the page and its first-party subresources", () => {
    for (const path of ["/preview.html", "/logo.gif", "/out/pixel.gif"]) {
      const r = requestFor(path);
      expect(r?.headers["x-preview-token"], path).toBe(TOKEN);
      expect(r?.headers.cookie, path).toContain(`preview_session=${SESSION}`);
    }
  });

  it("never reach a third party, directly, in its iframe, or after a first-party redirect", () => {
    const third = server.received
      .slice(previewFrom)
      .filter((r) => r.host.includes("crawl-ads.test"));
    // tag.js, its pixel, the ad frame and its pixel, and the pixel the first-party redirect reached.
    expect(third.map((r) => r.path.split("?")[0]).sort()).toEqual(
      ["/frame.html", "/p.gif", "/p.gif", "/p.gif", "/tag.js"].sort(),
    );
    expect(third.some((r) => r.path.includes("from=first-party-redirect"))).toBe(true);
    for (const r of third) {
      expect(r.headers["x-preview-token"], r.path).toBeUndefined();
      expect(JSON.stringify(r.headers), r.path).not.toContain(TOKEN);
      expect(JSON.stringify(r.headers), r.path).not.toContain(SESSION);
    }
  });

  it("are redacted in the capture", () => {
    expect(preview.pages[0]?.outcome).toBe("ok");
    const text = JSON.stringify(preview);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SESSION);
    expect(preview.options).toMatchObject({
      headers: ["X-Preview-Token: <redacted>"],
      cookies: ["preview_session=<redacted>"],
    });
  });
});

// Bad pages in real Chromium, through the public scan() (the CLI's crawl): every failure becomes
// a page with outcome "failed" (or timedOut), a reason for people and a failure kind for code,
// and the next page still goes on; an abort ends the run early as partial. One lane, so pages go
// in order; without --insecure so the fixture's self-signed TLS fails.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserError } from "../../src/errors.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import { scan } from "../../src/index.js";
import type { Capture, CapturedPage } from "../../src/model/capture.js";

const HTTP = "http://www.daily-gazette.test";
const URLS = [
  "https://www.daily-gazette.test/article.html", // p1 self-signed certificate
  `${HTTP}/loop`, // p2 redirect loop
  "http://dead.test/", // p3 does not resolve
  "http://refused.test/", // p4 nothing listens
  `${HTTP}/hang`, // p5 the document never arrives
  `${HTTP}/busy.html`, // p6 loads, never goes quiet
  `${HTTP}/busy.html?crash`, // p7 its renderer is killed mid-wait (and again on the retry)
  `${HTTP}/storage.html`, // p8 fine: the run goes on after a crash
  `${HTTP}/busy.html?abort`, // p9 interrupted mid-wait
  `${HTTP}/storage.html?after-abort`, // p10 never started
];
const TIMEOUT = 4000;

let server: FixtureServer;
let capture: Capture;
const abort = new AbortController();
let killed = 0;

/** Children of each pid, from /proc. */
function processTree(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {}
  }
  return kids;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** A real renderer crash: SIGKILL every renderer process of this file's browser. */
function killRenderers(port: number): number {
  const tree = processTree();
  const browser = [...tree.values()].flat().find((pid) => {
    const cmd = cmdline(pid);
    return cmd.includes(`127.0.0.1:${port}`) && !cmd.includes("--type=");
  });
  if (!browser) return 0;
  let n = 0;
  const stack = [browser];
  while (stack.length) {
    const pid = stack.pop() as number;
    for (const kid of tree.get(pid) ?? []) {
      stack.push(kid);
      if (cmdline(kid).includes("--type=renderer")) {
        process.kill(kid, "SIGKILL");
        n++;
      }
    }
  }
  return n;
}

beforeAll(async () => {
  server = await startFixtureServer();
  capture = await scan(URLS, {
    concurrency: 1,
    session: "fresh",
    blockThirdPartyCookies: false,
    timeoutMs: TIMEOUT,
    dwellMs: 0,
    hostRules: `MAP dead.test ~NOTFOUND, MAP refused.test 127.0.0.1:1, ${server.hostRules}`,
    insecure: false,
    maxBodyBytes: 1024,
    signal: abort.signal,
    log: (level, message) => {
      // React to the run's own progress events rather than to timers.
      if (level === "debug" && message.startsWith("p7 navigation: ok"))
        killed += killRenderers(server.port);
      if (level === "debug" && message.startsWith("p9 navigation: ok")) abort.abort();
    },
  });
});
afterAll(() => server?.close());

const page = (n: number) => capture.pages[n - 1] as CapturedPage;

describe("failed pages", () => {
  it("keeps one entry per start URL, in order, with stable ids", () => {
    expect(capture.pages.map((p) => p.url)).toEqual(URLS);
    expect(capture.pages.map((p) => p.id)).toEqual(URLS.map((_, i) => `p${i + 1}`));
  });

  it("a TLS error without --insecure", () => {
    expect(page(1)).toMatchObject({ outcome: "failed", failure: "load", timedOut: false });
    expect(page(1).reason).toMatch(/TLS certificate.*--insecure.*ERR_CERT_/);
  });

  it("a redirect loop", () => {
    expect(page(2)).toMatchObject({ outcome: "failed", failure: "load" });
    expect(page(2).reason).toMatch(/redirects in a loop.*ERR_TOO_MANY_REDIRECTS/);
    expect(page(2).finalUrl).toBe(`${HTTP}/loop`);
  });

  it("an unresolvable host and a refused connection", () => {
    expect(page(3).reason).toMatch(/does not resolve.*ERR_NAME_NOT_RESOLVED/);
    expect(page(4).reason).toMatch(/refused.*ERR_CONNECTION_REFUSED/);
    expect([page(3).failure, page(4).failure]).toEqual(["load", "load"]);
  });

  it("a document that never arrives: failed at the timeout", () => {
    expect(page(5)).toMatchObject({ outcome: "failed", failure: "timeout", timedOut: true });
    expect(page(5).reason).toContain(`${TIMEOUT} ms`);
  });

  it("a page that never goes quiet: ok, timedOut, everything kept", () => {
    const p = page(6);
    expect(p).toMatchObject({ outcome: "ok", timedOut: true, httpStatus: 200 });
    expect(p.reason).toBeUndefined();
    expect(p.failure).toBeUndefined();
    const px = p.requests.find((r) => r.url.includes("p.gif?src=busy"));
    expect(px?.image).toEqual({ width: 1, height: 1 });
    const poll = p.requests.find((r) => r.url.endsWith("/hanging-asset.js"));
    expect(poll).toBeDefined();
    expect(poll?.status).toBeUndefined();
    const took = Date.parse(p.finishedAt) - Date.parse(p.startedAt);
    expect(took).toBeGreaterThanOrEqual(TIMEOUT);
    expect(took).toBeLessThan(TIMEOUT + 10_000);
    expect(capture.warnings.join("\n")).toContain(
      `${HTTP}/busy.html: still loading at the ${TIMEOUT} ms timeout: ${HTTP}/hanging-asset.js`,
    );
  });

  it("a renderer crash: failed with the reason, what was seen kept, and the next page goes on", () => {
    expect(killed).toBeGreaterThan(0);
    expect(page(7)).toMatchObject({
      outcome: "failed",
      failure: "load",
      reason: "the page's renderer crashed",
    });
    expect(page(7).requests.some((r) => r.url === `${HTTP}/busy.html?crash`)).toBe(true);
    expect(page(8)).toMatchObject({ outcome: "ok", timedOut: false, httpStatus: 200 });
    expect(page(8).cookieWrites.some((c) => c.name === "gz_consent" && c.setBy === "script")).toBe(
      true,
    );
  });
});

describe("interruption", () => {
  it("ends the current wait at once, keeps that page, skips the rest, marks the run partial", () => {
    expect(capture.partial).toBe(true);
    expect(page(9)).toMatchObject({
      outcome: "ok",
      reason: "interrupted",
      failure: "interrupted",
      timedOut: false,
    });
    expect(Date.parse(page(9).finishedAt) - Date.parse(page(9).startedAt)).toBeLessThan(TIMEOUT);
    expect(page(9).requests.length).toBeGreaterThan(0);
    expect(page(10)).toMatchObject({ outcome: "skipped", failure: "interrupted" });
    expect(page(10).requests).toEqual([]);
  });
});

describe("no usable browser", () => {
  it("a --chrome-path that does not exist is a BrowserError naming it", async () => {
    const err = await scan(["https://www.daily-gazette.test/"], {
      chromePath: "/opt/no-such-browser/chrome",
      blockThirdPartyCookies: false,
      timeoutMs: 1000,
      dwellMs: 0,
      insecure: false,
      maxBodyBytes: 0,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserError);
    expect((err as BrowserError).message).toContain("/opt/no-such-browser/chrome");
    expect((err as BrowserError).exitCode).toBe(3);
    expect((err as BrowserError).hint).toContain("--chrome-path");
  });

  it("an executable that is not a browser is a BrowserError saying it would not start", async () => {
    const err = await scan(["https://www.daily-gazette.test/"], {
      chromePath: "/bin/false",
      blockThirdPartyCookies: false,
      timeoutMs: 1000,
      dwellMs: 0,
      insecure: false,
      maxBodyBytes: 0,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrowserError);
    expect((err as BrowserError).message).toMatch(/\/bin\/false would not start/);
  });
});

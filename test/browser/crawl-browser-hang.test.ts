// The browser stops answering in the middle of a crawl (its process is stopped with SIGSTOP when
// it asks for /about.html, every time): CDP commands miss their deadlines, the browser is found
// unresponsive, killed and launched again; that page fails with a reason naming the method and
// target, the pages after it are captured in the new browser, and the crawl ends normally.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LaunchedBrowser } from "../../src/crawl/launch-browser.js";
import { type FixtureServer, startFixtureServer } from "../../src/fixture-internet/server.js";
import type { Capture } from "../../src/model/capture.js";
import { crawl, SITE } from "./crawl-helpers.js";

const PATHS = ["/", "/about.html", "/contact.html", "/news/a.html"];

let server: FixtureServer;
let capture: Capture;
const browsers: LaunchedBrowser[] = [];
const frozen: number[] = [];

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  server = await startFixtureServer({
    handlers: {
      "www.crawl-news.test": (req) => {
        if (req.url === "/about.html") {
          const pid = browsers.at(-1)?.browser.process()?.pid;
          if (pid && !frozen.includes(pid)) {
            frozen.push(pid);
            process.kill(pid, "SIGSTOP");
          }
        }
        return false;
      },
    },
  });
  capture = await crawl(server, {
    startUrls: PATHS.map((p) => `${SITE}${p}`),
    concurrency: 1,
    timeoutMs: 15_000,
    // Short enough for a quick test, long enough that a loaded machine is not taken for a hang.
    deadlines: { shortMs: 6_000, longMs: 20_000, probeMs: 4_000 },
    onBrowser: (b) => browsers.push(b),
  });
}, 180_000);

afterAll(async () => {
  for (const pid of frozen) if (isRunning(pid)) process.kill(pid, "SIGKILL");
  await server?.close();
});

describe("a browser that stops answering", () => {
  it("fails the page it hung on, with a reason naming the command and its target", () => {
    const page = capture.pages.find((p) => p.url.endsWith("/about.html"));
    expect(page?.outcome).toBe("failed");
    expect(page?.failure).toBe("protocol");
    expect(page?.reason).toMatch(
      /^the browser stopped answering \(\S+\.\S+: no answer within \d+ ms/,
    );
  });

  it("was killed and replaced (the page's retry hung too), and the pages after it are captured", () => {
    expect(frozen).toHaveLength(2);
    expect(browsers).toHaveLength(3);
    for (const pid of frozen) expect(isRunning(pid)).toBe(false);
    const outcomes = capture.pages.map((p) => `${new URL(p.url).pathname} ${p.outcome}`);
    const reasons = capture.pages.map((p) => `${p.url}: ${p.failure} ${p.reason}`).join("\n");
    expect(outcomes, reasons).toEqual([
      "/ ok",
      "/about.html failed",
      "/contact.html ok",
      "/news/a.html ok",
    ]);
    expect(capture.warnings).toContain("the browser was restarted 2 time(s)");
    expect(capture.partial).toBe(false);
  });
});

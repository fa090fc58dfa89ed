// The bench's baseline: plain puppeteer-core loading the same pages with the same launch flags and
// the same waiting policy as skimscan (load, network quiet 500 ms, scroll, dwell, quiet again,
// about:blank), one browser context per lane, and no capture at all: the browser's practical limit.
import puppeteer, { type Browser, type BrowserContext } from "puppeteer-core";
import { findBrowser } from "../src/crawl/find-browser.js";
import { QUIET_FLAGS, writeProfile } from "../src/crawl/launch-browser.js";
import { QUIET_MS } from "../src/crawl/page-steps.js";

export interface BareOptions {
  urls: string[];
  concurrency: number;
  dwellMs: number;
  timeoutMs: number;
  hostRules: string;
  onPage?: (done: number) => void;
}

/** The flags both sides launch Chromium with (skimscan adds its user-agent flag). */
export function bareArgs(hostRules: string): string[] {
  return [
    ...QUIET_FLAGS,
    "--disable-blink-features=AutomationControlled",
    ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    `--host-resolver-rules=${hostRules}`,
    "--ignore-certificate-errors",
  ];
}

export async function bareLoad(opts: BareOptions): Promise<{ failed: number }> {
  const found = findBrowser({ env: process.env });
  if (!found.path) throw new Error("no browser found");
  const browser: Browser = await puppeteer.launch({
    executablePath: found.path,
    headless: true,
    userDataDir: writeProfile(false),
    args: bareArgs(opts.hostRules),
    ignoreDefaultArgs: ["--enable-automation"],
    defaultViewport: { width: 1366, height: 768 },
  });
  let next = 0;
  let done = 0;
  let failed = 0;
  const lane = async (ctx: BrowserContext) => {
    for (let i = next++; i < opts.urls.length; i = next++) {
      const page = await ctx.newPage();
      try {
        await page.goto(opts.urls[i] as string, { waitUntil: "load", timeout: opts.timeoutMs });
        await page.waitForNetworkIdle({ idleTime: QUIET_MS, timeout: opts.timeoutMs });
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await new Promise((r) => setTimeout(r, opts.dwellMs));
        await page.waitForNetworkIdle({ idleTime: QUIET_MS, timeout: opts.timeoutMs });
        await page.goto("about:blank");
      } catch {
        failed++;
      } finally {
        await page.close().catch(() => undefined);
      }
      opts.onPage?.(++done);
    }
  };
  try {
    const contexts = await Promise.all(
      Array.from({ length: opts.concurrency }, () => browser.createBrowserContext()),
    );
    await Promise.all(contexts.map(lane));
  } finally {
    await browser.close();
  }
  return { failed };
}

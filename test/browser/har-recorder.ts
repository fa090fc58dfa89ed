// Records pages in real Chromium the way browsertime / sitespeed.io do: the page target's own CDP
// events, turned into a HAR by the independent chrome-har library (not by skimscan's code).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error chrome-har ships no type declarations
import { harFromMessages } from "chrome-har";
import puppeteer, { type Browser, type CDPSession, CDPSessionEvent } from "puppeteer-core";

export interface HarRecorder {
  browser: Browser;
  /** Loads each URL in its own fresh context (as a scan does) and returns one HAR of all pages. */
  record(urls: string[]): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startHarRecorder(hostRules: string): Promise<HarRecorder> {
  const profileDir = mkdtempSync(path.join(os.tmpdir(), "skimscan-har-"));
  // A profile that accepts third-party cookies, as skimscan's scan profile does.
  mkdirSync(path.join(profileDir, "Default"), { recursive: true });
  writeFileSync(
    path.join(profileDir, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  const browser = await puppeteer.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    userDataDir: profileDir,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      "--headless=new",
      `--host-resolver-rules=${hostRules}`,
      "--ignore-certificate-errors",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    browser,
    async record(urls) {
      const messages: { method: string; params: unknown }[] = [];
      for (const url of urls) {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        const cdp = await page.createCDPSession();
        const events = [
          "Page.frameStartedLoading",
          "Page.frameRequestedNavigation",
          "Page.navigatedWithinDocument",
          "Page.loadEventFired",
          "Page.domContentEventFired",
          "Page.frameAttached",
          "Network.requestWillBeSent",
          "Network.requestServedFromCache",
          "Network.requestWillBeSentExtraInfo",
          "Network.responseReceivedExtraInfo",
          "Network.responseReceived",
          "Network.dataReceived",
          "Network.loadingFinished",
          "Network.loadingFailed",
          "Network.resourceChangedPriority",
        ];
        const listen = (session: CDPSession, methods: string[]) => {
          for (const method of methods) {
            session.on(method as never, (params: unknown) => messages.push({ method, params }));
          }
        };
        listen(cdp, events);
        // Cross-site iframes and dedicated workers run in targets of their own; DevTools shows
        // their requests in the page's Network panel, so record their Network events too.
        cdp.on(CDPSessionEvent.SessionAttached, (child: CDPSession) => {
          listen(
            child,
            events.filter((m) => m.startsWith("Network.")),
          );
          void (async () => {
            await child.send("Network.enable").catch(() => undefined);
            await child.send("Debugger.enable").catch(() => undefined);
            await child
              .send("Debugger.setAsyncCallStackDepth", { maxDepth: 32 })
              .catch(() => undefined);
            await child
              .send("Target.setAutoAttach", {
                autoAttach: true,
                waitForDebuggerOnStart: true,
                flatten: true,
              })
              .catch(() => undefined);
            await child.send("Runtime.runIfWaitingForDebugger").catch(() => undefined);
          })();
        });
        await cdp.send("Target.setAutoAttach", {
          autoAttach: true,
          waitForDebuggerOnStart: true,
          flatten: true,
        });
        await cdp.send("Page.enable");
        await cdp.send("Network.enable");
        // Async stacks, as DevTools records them with its panel open.
        await cdp.send("Debugger.enable");
        await cdp.send("Debugger.setAsyncCallStackDepth", { maxDepth: 32 });
        await page.goto(url, { waitUntil: "load" });
        await page.waitForNetworkIdle({ idleTime: 500, timeout: 15_000 }).catch(() => undefined);
        // Leave the page so pagehide beacons are sent (and recorded) before the events are read.
        await page.goto("about:blank");
        await page.waitForNetworkIdle({ idleTime: 300, timeout: 5_000 }).catch(() => undefined);
        await context.close();
      }
      return harFromMessages(messages, { includeTextFromResponseBody: false }) as Record<
        string,
        unknown
      >;
    },
    async close() {
      await browser.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

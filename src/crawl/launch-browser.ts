// Starts one Chromium for a scan (docs/ARCHITECTURE.md, "Launch"): found by findBrowser, a fresh
// temporary profile that accepts (or blocks) third-party cookies, no automation flags, the raw CDP
// recorder connected to it.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { CdpConnection } from "../capture/cdp-connection.js";
import {
  CSP_INJECTION_FLAGS,
  type CspInjection,
  installCspInjector,
} from "../capture/csp-injector.js";
import { type DeviceName, deviceProfile } from "../capture/device-profile.js";
import { Recorder } from "../capture/recorder.js";
import { normalUserAgent, type UserAgentOverride } from "../capture/user-agent.js";
import { BrowserError } from "../errors.js";
import type { CapturedBrowser } from "../model/capture.js";
import { findBrowser } from "./find-browser.js";

export interface LaunchOptions {
  chromePath?: string;
  blockThirdPartyCookies: boolean;
  hostRules?: string;
  insecure: boolean;
  env?: NodeJS.ProcessEnv;
  /** Privacy signals sent by the browser itself (issue 7): every request, frame and worker. */
  signals?: BrowserSignals;
  /** --device: the profile every target gets (desktop when absent). */
  device?: DeviceName;
  /** The behaviour hooks (probing APIs, listeners, observers) in every frame and worker; default on. */
  behaviourHooks?: boolean;
  /** --csp: a policy put on the site's own document responses (capture/csp-injector.ts). */
  csp?: CspInjection;
}

export interface BrowserSignals {
  /** `DNT: 1` and navigator.doNotTrack, from the profile preference. */
  dnt?: boolean;
  /** `Sec-GPC: 1` and navigator.globalPrivacyControl, from Chromium's own feature flags. */
  gpc?: boolean;
}

export interface LaunchedBrowser {
  browser: Browser;
  conn: CdpConnection;
  recorder: Recorder;
  userAgent: UserAgentOverride;
  info: CapturedBrowser;
  /** The temporary profile, removed by close(). */
  userDataDir: string;
  /** Whether pages of this browser get the behaviour hooks. */
  behaviourHooks: boolean;
  close(): Promise<void>;
  /** --csp: the header line skimscan adds to the site's documents (not the server's own). */
  injectedHeader?: { name: string; value: string };
}

/** Flags that keep Chromium's own background traffic out of what pages do (docs/ARCHITECTURE.md). */
export const QUIET_FLAGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-domain-reliability",
  "--no-default-browser-check",
];

/** A profile whose preferences accept third-party cookies like a default desktop browser. */
export function writeProfile(blockThirdPartyCookies: boolean, doNotTrack = false): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "skimscan-profile-"));
  mkdirSync(path.join(dir, "Default"));
  const prefs = {
    profile: {
      cookie_controls_mode: blockThirdPartyCookies ? 1 : 0,
      block_third_party_cookies: blockThirdPartyCookies,
    },
    // The browser's own setting, not a page-level override, so it also reaches workers' requests.
    ...(doNotTrack ? { enable_do_not_track: true } : {}),
  };
  writeFileSync(path.join(dir, "Default", "Preferences"), JSON.stringify(prefs));
  return dir;
}

export async function launchBrowser(opts: LaunchOptions): Promise<LaunchedBrowser> {
  const found = findBrowser({ chromePath: opts.chromePath, env: opts.env ?? process.env });
  if (!found.path) {
    throw new BrowserError(
      `no Chrome or Chromium found (looked in: ${found.tried.join(", ")})`,
      opts.chromePath
        ? "check the --chrome-path value"
        : "install one (Debian/Ubuntu: apt-get install chromium), or point CHROME_PATH or --chrome-path at a browser executable",
    );
  }
  const userDataDir = writeProfile(opts.blockThirdPartyCookies, opts.signals?.dnt === true);
  // A real visitor's browser: navigator.webdriver stays false without automation mode.
  const args = [...QUIET_FLAGS, "--disable-blink-features=AutomationControlled"];
  // Requests the browser makes itself (service worker scripts, beacons sent after their document
  // is gone) do not get the per-target override: the flag covers them.
  const userAgentFlag = browserUserAgentFlag(found.path, opts.device ?? "desktop");
  if (userAgentFlag) args.push(userAgentFlag);
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  if (opts.hostRules) args.push(`--host-resolver-rules=${opts.hostRules}`);
  if (opts.insecure) args.push("--ignore-certificate-errors");
  if (opts.csp) args.push(...CSP_INJECTION_FLAGS);
  // Puppeteer merges this with its own --enable-features list.
  if (opts.signals?.gpc)
    args.push("--enable-features=GlobalPrivacyControl,GlobalPrivacyControlForce");
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: found.path,
      headless: true,
      userDataDir,
      args,
      ignoreDefaultArgs: ["--enable-automation"],
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // The recorder instruments targets on its own connection; puppeteer lets them all go.
      targetFilter: (t) => t.type() === "browser",
      defaultViewport: { width: 1366, height: 768 },
      waitForInitialPage: false,
    });
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new BrowserError(
      `the browser at ${found.path} would not start: ${(err as Error).message.split("\n")[0]}`,
      "check that it runs (`chromium --version`), or pick another with --chrome-path",
    );
  }
  const close = async () => {
    conn?.close();
    await browser.close().catch(() => browser.process()?.kill("SIGKILL"));
    rmSync(userDataDir, { recursive: true, force: true });
  };
  let conn: CdpConnection | undefined;
  try {
    conn = await CdpConnection.connect(browser.wsEndpoint());
    const version = await conn.send("Browser.getVersion");
    const { userAgent, info } = browserInfo(version, found.path, opts.device ?? "desktop");
    const recorder = new Recorder(conn);
    await recorder.start();
    if (opts.csp) await installCspInjector(conn, opts.csp);
    const behaviourHooks = opts.behaviourHooks !== false;
    const injectedHeader = opts.csp ? injectedCspHeader(opts.csp) : undefined;
    return {
      ...{ browser, conn, recorder, userAgent, userDataDir, behaviourHooks, info, close },
      ...(injectedHeader ? { injectedHeader } : {}),
    };
  } catch (err) {
    await close();
    throw new BrowserError(`could not connect to the browser: ${(err as Error).message}`);
  }
}

/** The user agent every target gets (of the device profile), and what the capture records. */
function browserInfo(
  version: { product: string; userAgent: string },
  executablePath: string,
  device: DeviceName,
): { userAgent: UserAgentOverride; info: CapturedBrowser } {
  const profile = deviceProfile(
    device,
    normalUserAgent(String(version.product), String(version.userAgent)),
  );
  const userAgent = profile.userAgent;
  return {
    userAgent,
    info: {
      version: String(version.product),
      userAgent: userAgent.userAgent,
      userAgentMetadata: { ...userAgent.userAgentMetadata },
      executablePath,
      device: profile.device,
    },
  };
}

function injectedCspHeader(csp: CspInjection): { name: string; value: string } {
  const name = csp.reportOnly ? "content-security-policy-report-only" : "content-security-policy";
  return { name, value: csp.policy };
}

/** --user-agent for what the browser requests itself, of the device profile; none without a version. */
function browserUserAgentFlag(executable: string, device: DeviceName): string | undefined {
  const version = executableVersion(executable);
  if (!version) return undefined;
  const ua = normalUserAgent(`Chrome/${version}`, "");
  return `--user-agent=${deviceProfile(device, ua).userAgent.userAgent}`;
}

/** "Chromium 156.0.8078.108 built on Debian…" → "156.0.8078.108"; undefined when it will not say. */
function executableVersion(executable: string): string | undefined {
  try {
    const out = execFileSync(executable, ["--version"], {
      encoding: "utf8",
      timeout: 10_000,
      stdio: ["ignore", "pipe", "ignore"],
    });
    return /(\d+\.\d+\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

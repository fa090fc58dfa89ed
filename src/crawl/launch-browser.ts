// Starts one Chromium for a scan (docs/ARCHITECTURE.md, "Launch"): found by findBrowser, a fresh
// temporary profile that accepts (or blocks) third-party cookies, no automation flags, the raw CDP
// recorder connected to it. Puppeteer talks to it over a pipe, so the browser exits when skimscan does, even when skimscan
// is killed outright; the recorder's own connection is a WebSocket on a port of the browser's
// choosing (DevToolsActivePort).
import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { CdpConnection } from "../capture/cdp-connection.js";
import { type CdpDeadlines, deadlinesForPage } from "../capture/cdp-deadlines.js";
import {
  CSP_INJECTION_FLAGS,
  type CspInjection,
  installCspInjector,
} from "../capture/csp-injector.js";
import { Recorder } from "../capture/recorder.js";
import { normalUserAgent, type UserAgentOverride } from "../capture/user-agent.js";
import { BrowserError } from "../errors.js";
import type { CapturedBrowser } from "../model/capture.js";
import { findBrowser } from "./find-browser.js";
import { makeTempDir, removeStaleTempDirs } from "./temp-dirs.js";

export interface LaunchOptions {
  chromePath?: string;
  blockThirdPartyCookies: boolean;
  hostRules?: string;
  insecure: boolean;
  env?: NodeJS.ProcessEnv;
  /** Privacy signals sent by the browser itself (issue 7): every request, frame and worker. */
  signals?: BrowserSignals;
  /** The page timeout: CDP commands that wait on a page (navigation, bodies) may take as long. */
  timeoutMs?: number;
  /** CDP command deadlines (default: from timeoutMs, see capture/cdp-deadlines.ts). */
  deadlines?: Partial<CdpDeadlines>;
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
  /** The browser's CDP WebSocket endpoint (for observers such as tests). */
  wsEndpoint: string;
  /** Whether pages of this browser get the behaviour hooks. */
  behaviourHooks: boolean;
  /** Ends the browser (killed when it will not close) and removes its profile. Never throws. */
  close(): Promise<void>;
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
  const dir = makeTempDir("profile");
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

/** How long a browser may take to close before it is killed, and to exit once killed. */
const CLOSE_MS = 5000;
let swept = false;

export async function launchBrowser(opts: LaunchOptions): Promise<LaunchedBrowser> {
  if (!swept) {
    swept = true;
    removeStaleTempDirs();
  }
  const executable = browserExecutable(opts);
  const userDataDir = writeProfile(opts.blockThirdPartyCookies, opts.signals?.dnt === true);
  const browser = await startChromium(executable, userDataDir, opts);
  let conn: CdpConnection | undefined;
  const close = closer(browser, userDataDir, () => conn);
  try {
    const wsEndpoint = await devToolsEndpoint(userDataDir, browser.process());
    const deadlines = {
      ...(opts.timeoutMs !== undefined ? deadlinesForPage(opts.timeoutMs) : {}),
      ...opts.deadlines,
    };
    conn = await CdpConnection.connect(wsEndpoint, { deadlines });
    const version = await conn.send("Browser.getVersion");
    const userAgent = normalUserAgent(String(version.product), String(version.userAgent));
    const recorder = new Recorder(conn);
    await recorder.start();
    if (opts.csp) await installCspInjector(conn, opts.csp);
    return {
      browser,
      conn,
      recorder,
      userAgent,
      userDataDir,
      wsEndpoint,
      behaviourHooks: opts.behaviourHooks !== false,
      info: {
        version: String(version.product),
        userAgent: userAgent.userAgent,
        userAgentMetadata: { ...userAgent.userAgentMetadata },
        executablePath: executable,
      },
      close,
    };
  } catch (err) {
    await close();
    throw new BrowserError(`could not connect to the browser: ${(err as Error).message}`);
  }
}

function browserExecutable(opts: LaunchOptions): string {
  const found = findBrowser({ chromePath: opts.chromePath, env: opts.env ?? process.env });
  if (found.path) return found.path;
  throw new BrowserError(
    `no Chrome or Chromium found (looked in: ${found.tried.join(", ")})`,
    opts.chromePath
      ? "check the --chrome-path value"
      : "install one (Debian/Ubuntu: apt-get install chromium), or point CHROME_PATH or --chrome-path at a browser executable",
  );
}

function chromiumArgs(executable: string, opts: LaunchOptions): string[] {
  // A real visitor's browser: navigator.webdriver stays false without automation mode.
  const args = [...QUIET_FLAGS, "--disable-blink-features=AutomationControlled"];
  // Puppeteer's pipe (the browser exits when it closes) and a port for the recorder.
  args.push("--remote-debugging-pipe", "--remote-debugging-port=0");
  // Requests the browser makes itself (service worker scripts, beacons sent after their document
  // is gone) do not get the per-target override: the flag covers them.
  const preVersion = executableVersion(executable);
  if (preVersion)
    args.push(`--user-agent=${normalUserAgent(`Chrome/${preVersion}`, "").userAgent}`);
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  if (opts.hostRules) args.push(`--host-resolver-rules=${opts.hostRules}`);
  if (opts.insecure) args.push("--ignore-certificate-errors");
  if (opts.csp) args.push(...CSP_INJECTION_FLAGS);
  // Puppeteer merges this with its own --enable-features list.
  if (opts.signals?.gpc)
    args.push("--enable-features=GlobalPrivacyControl,GlobalPrivacyControlForce");
  return args;
}

async function startChromium(
  executable: string,
  userDataDir: string,
  opts: LaunchOptions,
): Promise<Browser> {
  try {
    // Chromium's own temp files (shared memory with --disable-dev-shm-usage) go in the profile,
    // so they are removed with it even when the browser was killed.
    const tmp = path.join(userDataDir, "tmp");
    mkdirSync(tmp);
    const browser = await puppeteer.launch({
      executablePath: executable,
      env: { ...(opts.env ?? process.env), TMPDIR: tmp },
      headless: true,
      pipe: true,
      userDataDir,
      args: chromiumArgs(executable, opts),
      ignoreDefaultArgs: ["--enable-automation"],
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // The recorder instruments targets on its own connection; puppeteer lets them all go.
      targetFilter: (t) => t.type() === "browser",
      defaultViewport: { width: 1366, height: 768 },
      waitForInitialPage: false,
    });
    // Puppeteer stops listening to its pipe once closed; a reset that comes after (the browser
    // killed) must not become an uncaught exception.
    for (const stream of browser.process()?.stdio ?? []) stream?.on("error", () => undefined);
    return browser;
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new BrowserError(
      `the browser at ${executable} would not start: ${(err as Error).message.split("\n")[0]}`,
      "check that it runs (`chromium --version`), or pick another with --chrome-path",
    );
  }
}

/** The WebSocket endpoint the browser wrote to its profile once listening (within 10 s). */
async function devToolsEndpoint(userDataDir: string, proc: ChildProcess | null): Promise<string> {
  const file = path.join(userDataDir, "DevToolsActivePort");
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      const [port, wsPath] = readFileSync(file, "utf8").split("\n");
      if (port && wsPath) return `ws://127.0.0.1:${port.trim()}${wsPath.trim()}`;
    } catch {}
    if (Date.now() > until || proc?.exitCode != null) {
      throw new Error("the browser never said which port it listens on (DevToolsActivePort)");
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** close(): at most once; a browser that will not close (hung, stopped) is killed. */
function closer(
  browser: Browser,
  userDataDir: string,
  conn: () => CdpConnection | undefined,
): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const run = async () => {
    conn()?.close();
    const proc = browser.process();
    const closed = browser.close().then(
      () => true,
      () => false,
    );
    if (!(await within(closed, CLOSE_MS))) proc?.kill("SIGKILL");
    if (proc) await within(exited(proc), CLOSE_MS);
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return () => {
    closing ??= run().catch(() => undefined);
    return closing;
  };
}

function exited(proc: ChildProcess): Promise<boolean> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => proc.once("exit", () => resolve(true)));
}

/** The promise's value, or false when it takes longer than ms. */
async function within(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
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

// A Chromium started by a test as a "remote" browser: --remote-debugging-port (0 = any free
// port, read back from its stderr), a temporary profile written like a launched
// scan's, the same quiet flags, and --host-resolver-rules for the fixture internet. Also an
// observer connection to see what a scan left on it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { CdpConnection } from "../../src/capture/cdp-connection.js";
import { normalUserAgent } from "../../src/capture/user-agent.js";
import { findBrowser } from "../../src/crawl/find-browser.js";
import { QUIET_FLAGS, writeProfile } from "../../src/crawl/launch-browser.js";

export interface RemoteChromium {
  port: number;
  /** http://127.0.0.1:PORT */
  http: string;
  /** The browser's own ws:// DevTools URL. */
  ws: string;
  proc: ChildProcess;
  /** The page and other targets, and the contexts, the browser has now. */
  state(): Promise<{ contexts: string[]; targets: { type: string; url: string }[] }>;
  /** SIGKILL, without waiting for anything else. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRemoteChromium(hostRules: string, port = 0): Promise<RemoteChromium> {
  const exe = findBrowser({ env: process.env }).path;
  if (!exe) throw new Error("no Chromium for the remote-browser tests");
  const profile = writeProfile(false);
  const version = /(\d+\.\d+\.\d+\.\d+)/.exec(
    execFileSync(exe, ["--version"], { encoding: "utf8" }),
  )?.[1];
  const args = [
    ...QUIET_FLAGS,
    "--headless",
    "--disable-blink-features=AutomationControlled",
    ...(version ? [`--user-agent=${normalUserAgent(`Chrome/${version}`, "").userAgent}`] : []),
    ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    `--host-resolver-rules=${hostRules}`,
    "--ignore-certificate-errors",
    `--user-data-dir=${profile}`,
    `--remote-debugging-port=${port}`,
    "about:blank",
  ];
  const proc = spawn(exe, args, { stdio: ["ignore", "ignore", "pipe"] });
  const ws = await new Promise<string>((resolve, reject) => {
    let err = "";
    proc.stderr?.on("data", (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve(m[1]);
    });
    proc.once("exit", (code) => reject(new Error(`chromium exited ${code}: ${err}`)));
  });
  // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/…" on stderr; the same port is
  // written to the profile's DevToolsActivePort a moment later.
  const activePort = Number(new URL(ws).port);
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const stop = async () => {
    proc.kill("SIGTERM");
    await exited;
    await rm(profile, { recursive: true, force: true });
  };
  return {
    port: activePort,
    http: `http://127.0.0.1:${activePort}`,
    ws,
    proc,
    async state() {
      const conn = await CdpConnection.connect(ws);
      try {
        const { browserContextIds } = await conn.send("Target.getBrowserContexts");
        const { targetInfos } = await conn.send("Target.getTargets");
        return {
          contexts: [...browserContextIds].sort(),
          targets: targetInfos
            .filter((t) => t.type !== "browser")
            .map((t) => ({ type: t.type, url: t.url }))
            .sort((a, b) => `${a.type}${a.url}`.localeCompare(`${b.type}${b.url}`)),
        };
      } finally {
        conn.close();
      }
    },
    async kill() {
      proc.kill("SIGKILL");
      await exited;
      await rm(profile, { recursive: true, force: true });
    },
    stop,
  };
}

// Spawns the real built CLI (bin/skimscan.js) as a child process and collects what it printed.
import { spawn } from "node:child_process";
import path from "node:path";
import { PACKAGE_ROOT } from "../../src/package-info.js";

export const BIN = path.join(PACKAGE_ROOT, "bin", "skimscan.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The CLI process's pid (its temp folders are named after it). */
  pid: number | undefined;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Send this signal once `when` resolves (e.g. the fixture server saw a request). */
  interrupt?: { when: Promise<unknown>; signal: NodeJS.Signals };
  timeoutMs?: number;
  /** Node flags before the script, e.g. ["--import", "data:…"] to inject a fault. */
  nodeArgs?: string[];
}

export function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], {
      cwd: opts.cwd ?? PACKAGE_ROOT,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 90_000);
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const interrupt = opts.interrupt;
    interrupt?.when.then(() => child.kill(interrupt.signal), reject);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, pid: child.pid });
    });
  });
}

// The built CLI (bin/skimscan.js) as a child process of the bench, its stderr kept, and the pids
// of its descendants (a SIGKILLed worker cannot close its Chromium: the bench ends it by pid).
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../src/package-info.js";

export interface CliChild {
  pid: number;
  stderr(): string;
  /** Resolves once the stderr so far matches `re`. */
  waitFor(re: RegExp): Promise<void>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

export function startCli(args: string[]): CliChild {
  const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, "bin", "skimscan.js"), ...args], {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters])
      if (w.re.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  child.stderr.on("data", (d) => {
    stderr += d;
    check();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => resolve({ code, signal, stderr }));
    },
  );
  return {
    pid: child.pid as number,
    stderr: () => stderr,
    waitFor: (re) =>
      new Promise<void>((resolve) => {
        waiters.push({ re, resolve });
        check();
      }),
    done,
    kill: (signal) => child.kill(signal),
  };
}

/** Every live descendant of `root`, from /proc's parent pids. */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(d), ppid);
    } catch {
      // Gone meanwhile.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [pid, pp] of parent)
      if (pp === p) {
        out.push(pid);
        walk(pid);
      }
  };
  walk(root);
  return out;
}

/** `<site-id>: done (exit N)` lines of a worker's stderr, site ids in order. */
export function doneSites(stderr: string): string[] {
  return [...stderr.matchAll(/(\S+): done \(exit \d+\)/g)].map((m) => m[1] as string);
}

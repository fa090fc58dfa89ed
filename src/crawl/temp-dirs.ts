// skimscan's temporary folders (browser profiles, captures in progress): named
// `skimscan-<pid>-<kind>-XXXXXX` in the system temp folder, so a later run can tell whose they
// are. Every exit path removes its own; a run killed outright (SIGKILL, power cut) cannot, so the
// next run removes those older than a day whose process is gone.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type TempKind = "profile" | "capture";

const DAY_MS = 24 * 3600 * 1000;
/** `skimscan-<pid>-<kind>-…`, and the pid-less names of earlier versions. */
const OURS = /^skimscan-(?:(\d+)-)?(profile|capture)-/;

export function tempDirPrefix(kind: TempKind, pid = process.pid): string {
  return `skimscan-${pid}-${kind}-`;
}

export function makeTempDir(kind: TempKind, root = os.tmpdir()): string {
  return mkdtempSync(path.join(root, tempDirPrefix(kind)));
}

export interface StaleSweep {
  root?: string;
  maxAgeMs?: number;
  now?: number;
  /** Whether a process still runs (tests pass their own). */
  isAlive?: (pid: number) => boolean;
}

/** Whether a folder name is a leftover to remove: ours, old enough, its process gone. */
export function isStaleTempDir(
  name: string,
  mtimeMs: number,
  opts: Required<Omit<StaleSweep, "root">>,
): boolean {
  const m = OURS.exec(name);
  if (!m) return false;
  if (opts.now - mtimeMs < opts.maxAgeMs) return false;
  const pid = m[1] ? Number(m[1]) : undefined;
  if (pid === process.pid) return false;
  return pid === undefined || !opts.isAlive(pid);
}

/** Removes stale skimscan folders of earlier runs; returns their paths. Never throws. */
export function removeStaleTempDirs(opts: StaleSweep = {}): string[] {
  const root = opts.root ?? os.tmpdir();
  const rules = {
    maxAgeMs: opts.maxAgeMs ?? DAY_MS,
    now: opts.now ?? Date.now(),
    isAlive: opts.isAlive ?? processAlive,
  };
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!OURS.test(name)) continue;
    const dir = path.join(root, name);
    try {
      const st = statSync(dir);
      if (!st.isDirectory() || !isStaleTempDir(name, st.mtimeMs, rules)) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another run removed it first, or it is not ours to remove: leave it.
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

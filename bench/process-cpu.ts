// CPU seconds of this process and every child it has waited for (Chromium and, through it, its
// renderers and GPU process, once the browser has been closed), read from /proc/self/stat.
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/** utime + stime + cutime + cstime of this process, in seconds. */
export function treeCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  // Fields after the command name (which may contain spaces) start at ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime are fields 14–17 of stat, 12–15 after the name.
  const [u, s, cu, cs] = fields.slice(11, 15).map(Number);
  return ((u ?? 0) + (s ?? 0) + (cu ?? 0) + (cs ?? 0)) / TICKS_PER_SECOND;
}

/** cutime + cstime: CPU seconds of the children this process has waited for, and theirs. */
export function reapedChildrenCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [cu, cs] = fields.slice(13, 15).map(Number);
  return ((cu ?? 0) + (cs ?? 0)) / TICKS_PER_SECOND;
}

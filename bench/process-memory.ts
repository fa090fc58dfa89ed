// Resident memory of a whole process tree (Node and every Chromium child), read from /proc,
// sampled on an interval so a benchmark can report its peak.
import { readdirSync, readFileSync } from "node:fs";

function readProcs(): Map<number, { ppid: number; rssKb: number }> {
  const procs = new Map<number, { ppid: number; rssKb: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, "utf8");
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      procs.set(Number(name), { ppid, rssKb });
    } catch {
      // The process ended while we looked.
    }
  }
  return procs;
}

/** Bytes resident in `root` and all its descendants now. */
export function treeRssBytes(root = process.pid): number {
  const procs = readProcs();
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    total += (procs.get(pid)?.rssKb ?? 0) * 1024;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export interface PeakSampler {
  stop(): number;
  /** Highest value seen so far. */
  peak(): number;
}

export function samplePeakRss(intervalMs = 250, root = process.pid): PeakSampler {
  let peak = treeRssBytes(root);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssBytes(root));
  }, intervalMs);
  return {
    peak: () => peak,
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, treeRssBytes(root));
      return peak;
    },
  };
}

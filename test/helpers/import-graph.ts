// The imports between top-level folders of src/ (read from the source text, type-only imports
// and re-exports included), and the cycles among them.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One import that crosses folders: the importing file and the module it names. */
export interface FolderEdge {
  from: string;
  to: string;
  /** Example: the file (relative to src/) and the specifier as written. */
  file: string;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|cts|tsx)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The top-level unit of a path inside src/: its first folder, or the file itself at the root. */
export function unitOf(relative: string): string {
  const [first, ...rest] = relative.split(path.sep);
  return rest.length > 0 ? (first as string) : (first as string).replace(/\.[cm]?tsx?$/, ".ts");
}

/** Every relative import of every file under `srcDir` whose target is in another unit. */
export function folderEdges(srcDir: string): FolderEdge[] {
  const edges: FolderEdge[] = [];
  for (const file of sourceFiles(srcDir)) {
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const from = unitOf(path.relative(srcDir, file));
    for (const { fileName: specifier } of info.importedFiles) {
      if (!specifier.startsWith(".")) continue;
      const target = path.relative(srcDir, path.resolve(path.dirname(file), specifier));
      if (target.startsWith("..")) continue;
      const to = unitOf(target.replace(/\.js$/, ".ts"));
      if (to !== from) edges.push({ from, to, file: path.relative(srcDir, file), specifier });
    }
  }
  return edges;
}

/**
 * The cycles among units, each as its path of edges (a → b → … → a), one per strongly connected
 * group of units: enough to name every tangle, each with the files that make it.
 */
export function folderCycles(edges: readonly FolderEdge[]): FolderEdge[][] {
  const out = new Map<string, FolderEdge[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const cycles: FolderEdge[][] = [];
  const covered = new Set<string>();
  for (const start of [...out.keys()].sort()) {
    if (covered.has(start)) continue;
    const cycle = shortestCycle(start, out);
    if (!cycle) continue;
    for (const e of cycle) covered.add(e.from);
    cycles.push(cycle);
  }
  return cycles;
}

/** Breadth-first from `start` back to itself: the shortest cycle through it, if any. */
function shortestCycle(start: string, out: Map<string, FolderEdge[]>): FolderEdge[] | undefined {
  const via = new Map<string, FolderEdge>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const unit = queue[i] as string;
    for (const e of out.get(unit) ?? []) {
      if (e.to === start) {
        const cycle = [e];
        for (let u = unit; u !== start; ) {
          const back = via.get(u) as FolderEdge;
          cycle.unshift(back);
          u = back.from;
        }
        return cycle;
      }
      if (via.has(e.to) || e.to === start) continue;
      via.set(e.to, e);
      queue.push(e.to);
    }
  }
  return undefined;
}

/** "analyze → signals (analyze/x.ts imports ../signals/y.js) → analyze (…)". */
export function describeCycle(cycle: readonly FolderEdge[]): string {
  const steps = cycle.map((e) => `→ ${e.to} (${e.file} imports ${e.specifier})`);
  return `${cycle[0]?.from} ${steps.join(" ")}`;
}

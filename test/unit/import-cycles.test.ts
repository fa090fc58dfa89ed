// No import cycle between the top-level folders of src/ (type-only imports and re-exports count):
// each layer builds on the ones below it, never on one above. The failure names the cycle and
// the file and import that make each step of it.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/package-info.js";
import {
  describeCycle,
  type FolderEdge,
  folderCycles,
  folderEdges,
} from "../helpers/import-graph.js";

const SRC = path.join(PACKAGE_ROOT, "src");

describe("imports between the top-level folders of src/", () => {
  it("form no cycle", () => {
    const edges = folderEdges(SRC);
    // The walk saw the code: the CLI sits on top of the analysis and the report renderers.
    expect(edges.some((e) => e.from === "cli" && e.to === "analyze")).toBe(true);
    const cycles = folderCycles(edges).map(describeCycle);
    expect(cycles, `import cycles between folders of src/:\n${cycles.join("\n")}`).toEqual([]);
  });

  it("keeps the domain basics (party, host patterns, path globs, categories) a leaf", () => {
    const out = folderEdges(SRC).filter((e) => e.from === "domain");
    expect(out.map((e) => `${e.file} imports ${e.specifier}`)).toEqual([]);
  });
});

describe("the cycle finder", () => {
  const edge = (from: string, to: string): FolderEdge => ({
    from,
    to,
    file: `${from}/a.ts`,
    specifier: `../${to}/b.js`,
  });

  it("names a cycle with the import behind each step", () => {
    const cycles = folderCycles([
      edge("cli", "analyze"),
      edge("analyze", "config"),
      edge("config", "analyze"),
      edge("analyze", "model"),
    ]);
    expect(cycles.map(describeCycle)).toEqual([
      "analyze → config (analyze/a.ts imports ../config/b.js) → analyze (config/a.ts imports ../analyze/b.js)",
    ]);
  });

  it("finds a longer cycle and none in a layered graph", () => {
    const long = folderCycles([edge("a", "b"), edge("b", "c"), edge("c", "a")]);
    expect(long.map((c) => c.map((e) => e.from).join(">"))).toEqual(["a>b>c"]);
    expect(
      folderCycles([edge("cli", "report"), edge("report", "model"), edge("cli", "model")]),
    ).toEqual([]);
  });
});

// Where the skimscan package lives and what it is called: read once from its package.json,
// found by walking up from this file (it runs from src/ under vitest and dist/src/ when built).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, "utf8")).name === "skimscan") {
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`skimscan's package.json not found above ${import.meta.url}`);
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot();
const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
};
export const TOOL = { name: pkg.name, version: pkg.version } as const;
export const FIXTURES_DIR = path.join(PACKAGE_ROOT, "fixtures");

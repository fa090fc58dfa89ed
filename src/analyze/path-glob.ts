// Allowlist `pages` globs are matched by the crawl's path-glob dialect (src/frontier/path-glob.ts),
// so `--include`, `--exclude` and `pages:` follow one rule: `*` one segment, `**` any depth.
import { compileGlobs, type PathMatcher } from "../frontier/path-glob.js";

// Verdicts ask the same few globs for every request: compile each once.
const compiled = new Map<string, PathMatcher>();

/** True when the page path (no query, no fragment) matches the glob. */
export function matchPath(glob: string, path: string): boolean {
  let matcher = compiled.get(glob);
  if (!matcher) {
    matcher = compileGlobs([glob]);
    compiled.set(glob, matcher);
  }
  return matcher(path);
}

// --critical-pages: which pages of a report are payment-page-like (every script on them counts).
import { compileGlobs } from "../domain/path-glob.js";

export function criticalPageMatcher(
  globs: readonly string[] | undefined,
): (url: string) => boolean {
  if (!globs?.length) return () => false;
  const match = compileGlobs(globs);
  return (url) => {
    if (!URL.canParse(url)) return false;
    const u = new URL(url);
    return match(u.pathname, u.search);
  };
}

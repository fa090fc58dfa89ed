// Path globs: which pages of the site the crawl may visit (--include / --exclude) and which pages an
// allowlist entry applies on (`pages:`): one dialect for both.
//
// Syntax (kept small, documented for the README):
// - `*` matches any run of characters within one path segment (never "/");
// - `**` matches any run of characters across segments; "/**/" also matches a single "/", and a
//   trailing "/**" also matches the folder itself, so "/account/**" covers "/account",
//   "/account/" and "/account/orders/1";
// - a pattern that does not start with "/" matches at any depth, as in .gitignore:
//   "*.pdf" covers "/files/report.pdf" and "print/**" covers "/news/print/today";
// - `?` is the query separator, as in a URL, not a wildcard: a pattern with "?" is matched
//   against "path?query" (its query part is a glob too, `*` spanning "/" and "&"),
//   so "/search?*" covers every search and "/news/*?page=*" every paged news list;
//   a pattern without "?" ignores the query;
// - matching is case-sensitive, on the path as the URL spells it and also on its
//   percent-decoded form, so "/nachrichten/über-uns" matches "/nachrichten/%C3%BCber-uns".

export type PathMatcher = (pathname: string, search?: string) => boolean;

/** One matcher that is true when any of the patterns matches; false for an empty list. */
export function compileGlobs(patterns: readonly string[]): PathMatcher {
  const compiled = patterns.map(compileOne);
  return (pathname, search = "") => {
    const query = search.startsWith("?") ? search.slice(1) : search;
    const paths = withDecoded(pathname);
    return compiled.some((c) => {
      if (!paths.some((p) => c.path.test(p))) return false;
      if (!c.query) return true;
      return withDecoded(query).some((q) => c.query?.test(q));
    });
  };
}

/** Include/exclude rules: exclude wins; with no include pattern every path is included. */
export function pathFilter(opts: {
  include?: readonly string[];
  exclude?: readonly string[];
}): (url: URL) => "excluded" | "not-included" | undefined {
  const include = opts.include?.length ? compileGlobs(opts.include) : undefined;
  const exclude = opts.exclude?.length ? compileGlobs(opts.exclude) : undefined;
  return (url) => {
    if (exclude?.(url.pathname, url.search)) return "excluded";
    if (include && !include(url.pathname, url.search)) return "not-included";
    return undefined;
  };
}

/** Checks a pattern before a crawl starts, so a typo is a usage error, not an empty crawl. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === "") return "an empty pattern matches nothing";
  if (/\s/.test(pattern)) return "a path pattern cannot contain spaces (percent-encode them)";
  if (/\*{3,}/.test(pattern)) return "use * (one segment) or ** (any depth), not ***";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pattern)) return "give a path such as /news/**, not a URL";
  return undefined;
}

interface Compiled {
  path: RegExp;
  query?: RegExp;
}

function compileOne(pattern: string): Compiled {
  const q = pattern.indexOf("?");
  let pathGlob = q < 0 ? pattern : pattern.slice(0, q);
  if (!pathGlob.startsWith("/")) pathGlob = `/**/${pathGlob}`;
  const compiled: Compiled = { path: new RegExp(`^${pathSource(pathGlob)}$`) };
  if (q >= 0) compiled.query = new RegExp(`^${querySource(pattern.slice(q + 1))}$`);
  return compiled;
}

function pathSource(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c !== "*") {
      out += escapeRe(c);
      continue;
    }
    if (glob[i + 1] !== "*") {
      out += "[^/]*";
      continue;
    }
    i++;
    const afterSlash = out.endsWith("/");
    if (afterSlash && glob[i + 1] === "/") {
      i++;
      out += "(?:.*/)?";
    } else if (afterSlash && i === glob.length - 1) {
      // "/a/**": the folder itself, with or without its slash, and everything below it.
      out = `${out.slice(0, -1)}(?:/.*)?`;
    } else {
      out += ".*";
    }
  }
  return out;
}

function querySource(glob: string): string {
  return glob
    .split("*")
    .map((s) => s.split("").map(escapeRe).join(""))
    .join(".*");
}

function escapeRe(c: string): string {
  return c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

function withDecoded(s: string): string[] {
  try {
    const d = decodeURIComponent(s);
    return d === s ? [s] : [s, d];
  } catch {
    return [s];
  }
}

// Allowlist `pages:` globs ask the same few globs for every request: each is compiled once.
const compiledGlobs = new Map<string, PathMatcher>();

/** True when the page path (no query, no fragment) matches the glob (allowlist `pages:`). */
export function matchPath(glob: string, path: string): boolean {
  let matcher = compiledGlobs.get(glob);
  if (!matcher) {
    matcher = compileGlobs([glob]);
    compiledGlobs.set(glob, matcher);
  }
  return matcher(path);
}

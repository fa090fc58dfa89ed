// A tiny path glob for allowlist `pages`: `*` within one path segment, `**` across segments.

/** Compiles a glob such as "/news/**" or "/article-*.html" to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        // "/**/" also matches a single "/", so "/a/**/b" covers "/a/b".
        if (glob[i + 1] === "/" && out.endsWith("/")) {
          i++;
          out += "(?:.*/)?";
        } else {
          out += ".*";
        }
      } else {
        out += "[^/]*";
      }
    } else {
      out += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${out}$`);
}

/** True when the path (no query, no fragment) matches the glob. */
export function matchPath(glob: string, path: string): boolean {
  return globToRegExp(glob).test(path);
}

// The words for a skipped page in scan.pages[].reason: stable text a person can act on.
import type { SkippedUrl } from "./frontier.js";

export interface SkipLimits {
  maxDepth?: number;
  maxPages?: number;
}

/** E.g. "deeper than --depth 2 (found at depth 3 on https://…/news/)". */
export function describeSkip(skip: SkippedUrl, limits: SkipLimits = {}): string {
  const found = skip.from ? ` on ${skip.from}` : "";
  switch (skip.reason) {
    case "invalid":
      return "not an http(s) page address";
    case "other-site":
      return `on another site, not a first-party domain (listed${found || ` in the ${skip.source}`})`;
    case "excluded":
      return "matches an --exclude pattern";
    case "not-included":
      return "matches no --include pattern";
    case "over-depth": {
      const limit = limits.maxDepth === undefined ? "--depth" : `--depth ${limits.maxDepth}`;
      return `deeper than ${limit} (found at depth ${skip.depth}${found})`;
    }
    case "robots":
      return "disallowed by robots.txt (--respect-robots)";
    case "over-max-pages":
      return limits.maxPages === undefined
        ? "beyond --max-pages"
        : `beyond --max-pages ${limits.maxPages}`;
    case "interrupted":
      return "not visited: the scan was interrupted";
  }
}

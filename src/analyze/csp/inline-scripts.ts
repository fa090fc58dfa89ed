// Scripts without a URL of their own in the site's documents, from captures: hashable inline
// scripts, and those a policy can only allow with 'unsafe-inline' (or a nonce + 'strict-dynamic').
import type { Capture } from "../../model/capture.js";
import type { InlineScripts } from "./generate-policy.js";

export function inlineScriptsOf(captures: readonly Capture[]): InlineScripts {
  const hashes = new Set<string>();
  let unhashed = 0;
  let dynamic = 0;
  for (const capture of captures) {
    for (const page of capture.pages) {
      const pageTargets = new Set(page.targets.filter((t) => t.type === "page").map((t) => t.id));
      for (const s of page.scripts) {
        if (!pageTargets.has(s.targetId)) continue;
        if (s.kind === "inline") {
          if (s.hash) hashes.add(s.hash);
          else unhashed++;
        } else if (s.kind === "eval" || (s.kind === "unknown" && s.url === "")) dynamic++;
      }
    }
  }
  return { hashes: [...hashes].sort(), unhashed, dynamic, known: captures.length > 0 };
}

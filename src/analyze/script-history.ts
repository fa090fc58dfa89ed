// Marks on the script inventory that need more than one load: volatile (a URL seen with two
// hashes within this scan, second loads included), and with baselines, when the script was first
// seen on its page and since when it has had its current hash.
import type { CapturedPage } from "../model/capture.js";
import type { ReportScript } from "../model/report.js";
import { type BaselineIndex, scriptIdentity } from "./baseline-index.js";
import { volatileUrls } from "./scripts.js";

export function annotateScripts(
  scripts: ReportScript[],
  pages: readonly CapturedPage[],
  startedAt: string,
  index: BaselineIndex | undefined,
): ReportScript[] {
  const volatile = volatileUrls(pages);
  return scripts.map((s) => {
    const firstSeen = index?.pageFirstSeen.get(s.page)?.get(scriptIdentity(s)) ?? startedAt;
    const known = s.kind === "url" ? index?.scripts.get(s.url) : undefined;
    const lastChanged = s.hash && known ? (known.hashSeen.get(s.hash) ?? startedAt) : firstSeen;
    return {
      ...s,
      ...(s.kind === "url" && volatile.has(s.url) ? { volatile: true } : {}),
      firstSeen,
      lastChanged,
    };
  });
}

// --critical-pages: such a page is loaded a second time, with the same visitor settings, to find
// the scripts that differ on every load (cache-busting values, per-visitor code). Only the second
// load's scripts are kept, on the first load's record: they say which hashes are volatile.
import { compileGlobs } from "../domain/path-glob.js";
import type { CapturedPage } from "../model/capture.js";
import type { CrawlLane } from "./crawl-lane.js";
import type { CrawlRun } from "./crawl-run.js";

/** True when the page's URL path matches one of the --critical-pages globs. */
export function isCriticalPage(url: string, globs: readonly string[] | undefined): boolean {
  if (!globs?.length || !URL.canParse(url)) return false;
  const u = new URL(url);
  return compileGlobs(globs)(u.pathname, u.search);
}

/** Adds `reloadScripts` from a second load; the page is unchanged when that load fails. */
export async function reloadForVolatility(
  run: CrawlRun,
  lane: CrawlLane,
  page: CapturedPage,
): Promise<CapturedPage> {
  if (page.outcome !== "ok" || run.stopping) return page;
  if (!isCriticalPage(page.url, run.opts.criticalPages)) return page;
  try {
    const kept = await run.keeper.get();
    const contextId = await lane.context(kept);
    const again = await lane.capture(kept, page.url, `${page.id}-reload`, contextId, lane.role());
    await lane.endPage(kept, contextId);
    if (again.page.outcome !== "ok") {
      run.warn(`${page.url}: the second load for volatile scripts failed: ${again.page.reason}`);
      return page;
    }
    return { ...page, reloadScripts: again.page.scripts };
  } catch (err) {
    run.warn(`${page.url}: the second load for volatile scripts failed: ${(err as Error).message}`);
    return page;
  }
}

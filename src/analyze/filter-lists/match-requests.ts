// Runs every judged request through the user's filter lists: the rule that matched each one.
import type { FilterListMatch } from "../../model/report.js";
import type { JudgedRequest } from "../judge-requests.js";
import type { CompiledFilterLists } from "./filter-list.js";

/**
 * The URL of the document (or worker) that made a request: it decides `$third-party` and
 * `$domain=` options, as the frame does in a real blocker.
 */
export function sourceUrlOf(jr: JudgedRequest): string {
  const r = jr.request;
  const frame = r.frameId ? jr.page.frames.find((f) => f.id === r.frameId)?.url : undefined;
  const target = jr.page.targets.find((t) => t.id === r.targetId);
  return r.documentUrl ?? frame ?? target?.url ?? jr.page.finalUrl;
}

/** The final URL of each request that a rule blocks (exceptions `@@` already applied). */
export function matchFilterLists(
  requests: readonly JudgedRequest[],
  lists: CompiledFilterLists,
): Map<JudgedRequest, FilterListMatch> {
  const out = new Map<JudgedRequest, FilterListMatch>();
  for (const jr of requests) {
    const m = lists.match({
      url: jr.request.url,
      type: jr.request.resourceType,
      sourceUrl: sourceUrlOf(jr),
    });
    if (m) out.set(jr, { rule: m.rule, list: m.list });
  }
  return out;
}

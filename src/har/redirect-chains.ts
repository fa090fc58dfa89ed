// A HAR writes each redirect hop as its own entry (3xx with `redirectURL`); the Capture holds one
// request per chain, with the hops in `redirects[]` as a scan records them. Pure.
import type { RedirectHop } from "../model/capture.js";
import type { HarRecord } from "./har-entry.js";

function stripFragment(url: string): string {
  const i = url.indexOf("#");
  return i < 0 ? url : url.slice(0, i);
}

/** Clocks of exporters round differently: a hop may be stamped a little before its predecessor. */
const CLOCK_SLACK_MS = 1000;

/**
 * Joins each 3xx entry with the next entry (in time) that asked for its target, so a cookie sync
 * `a → b → c` becomes one request to c with hops a and b, each keeping its own Set-Cookie lines.
 * The chain keeps the first hop's id, start, initiator and body (what was sent first), and the last
 * hop's response. Records given must be of one page, in time order.
 */
export function joinRedirects(records: readonly HarRecord[]): HarRecord[] {
  const byUrl = new Map<string, number[]>();
  records.forEach((r, i) => {
    const key = stripFragment(r.request.url);
    byUrl.set(key, [...(byUrl.get(key) ?? []), i]);
  });
  const consumed = new Set<number>();
  const next = (from: number): number | undefined => {
    const r = records[from] as HarRecord;
    if (!r.redirectTo) return undefined;
    return byUrl
      .get(stripFragment(r.redirectTo))
      ?.find(
        (j) =>
          j !== from &&
          !consumed.has(j) &&
          (records[j] as HarRecord).startedAt >= r.startedAt - CLOCK_SLACK_MS &&
          (j > from || (records[j] as HarRecord).startedAt > r.startedAt),
      );
  };
  // A hop is the target of an earlier redirect: claim targets first so chains start at their head.
  const heads: number[] = [];
  const targets = new Set<number>();
  records.forEach((_, i) => {
    const j = next(i);
    if (j !== undefined && !targets.has(j)) targets.add(j);
  });
  records.forEach((_, i) => {
    if (!targets.has(i)) heads.push(i);
  });
  const out: HarRecord[] = [];
  for (const h of heads) {
    const chain = [h];
    consumed.add(h);
    for (let j = next(h); j !== undefined && chain.length < 50; j = next(j)) {
      chain.push(j);
      consumed.add(j);
    }
    out.push(joinChain(chain.map((i) => records[i] as HarRecord)));
  }
  // Targets never reached from a head (a loop of redirects) still count as requests.
  records.forEach((r, i) => {
    if (!consumed.has(i)) out.push(r);
  });
  return out.sort((a, b) => a.startedAt - b.startedAt || a.index - b.index);
}

function joinChain(chain: HarRecord[]): HarRecord {
  const first = chain[0] as HarRecord;
  if (chain.length === 1) return first;
  const last = chain[chain.length - 1] as HarRecord;
  const redirects: RedirectHop[] = chain.slice(0, -1).map((r) => ({
    url: r.request.url,
    status: r.request.status ?? 0,
    ...(r.redirectTo ? { location: r.redirectTo } : {}),
    setCookies: r.request.setCookies,
  }));
  return {
    ...last,
    index: first.index,
    ...(first.sourceId ? { sourceId: first.sourceId } : {}),
    startedAt: first.startedAt,
    endedAt: Math.max(last.endedAt, first.endedAt),
    hasInitiator: first.hasInitiator,
    warnings: chain.flatMap((r) => r.warnings),
    request: {
      ...last.request,
      id: first.request.id,
      initiator: first.request.initiator,
      redirects,
      ...(first.request.body && !last.request.body ? { body: first.request.body } : {}),
    },
  };
}

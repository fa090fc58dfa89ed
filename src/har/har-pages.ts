// Which HAR entries belong to which page: `log.pages` and each entry's `pageref`; an entry whose
// pageref names no page gets a page of its own (per pageref), and an entry without any pageref
// joins the page running at its start, or — with no pages at all — one page started by the
// first document. Pure.
import type { HarRecord } from "./har-entry.js";
import type { HarPage } from "./har-types.js";

export interface PageGroup {
  /** The page's id in its HAR (synthetic ones are marked by `declared: false`). */
  harId: string;
  declared: boolean;
  title?: string;
  /** WebPageTest `_URL`: the page's URL when the exporter states it. */
  statedUrl?: string;
  /** Epoch ms: the page's startedDateTime, else its first entry's. */
  startedAt: number;
  run?: number;
  view?: "first" | "repeat";
  records: HarRecord[];
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

function viewOf(cached: unknown): "first" | "repeat" | undefined {
  if (cached === undefined || cached === null) return undefined;
  return cached === true || cached === 1 || cached === "1" || cached === "true"
    ? "repeat"
    : "first";
}

/** WebPageTest page ids read "page_<run>_<cached>_<step>" when the page fields are missing. */
function wptId(id: string): { run: number; view: "first" | "repeat" } | undefined {
  const m = /^page_(\d+)_([01])(?:_\d+)?$/.exec(id);
  return m ? { run: Number(m[1]), view: m[2] === "1" ? "repeat" : "first" } : undefined;
}

function groupOfPage(p: HarPage, id: string): PageGroup {
  const started = Date.parse(str(p.startedDateTime) ?? "");
  const fromId = wptId(id);
  const run = num(p._run) ?? fromId?.run;
  const view = viewOf(p._cached) ?? fromId?.view;
  const title = str(p.title);
  const statedUrl = str(p._URL) ?? str(p._url);
  return {
    harId: id,
    declared: true,
    ...(title ? { title } : {}),
    ...(statedUrl ? { statedUrl } : {}),
    startedAt: Number.isNaN(started) ? Number.POSITIVE_INFINITY : started,
    ...(run !== undefined ? { run } : {}),
    ...(view ? { view } : {}),
    records: [],
  };
}

export interface GroupResult {
  groups: PageGroup[];
  /** Said in the report's warnings. */
  warnings: string[];
}

/** Records of one HAR file grouped into its pages, in page order, each in time order. */
export function groupByPage(pages: readonly HarPage[], records: readonly HarRecord[]): GroupResult {
  const warnings: string[] = [];
  const groups: PageGroup[] = [];
  const byId = new Map<string, PageGroup>();
  for (const p of pages) {
    const id = str(p?.id);
    if (!id || byId.has(id)) continue;
    const g = groupOfPage(p, id);
    byId.set(id, g);
    groups.push(g);
  }
  const sorted = [...records].sort((a, b) => a.startedAt - b.startedAt || a.index - b.index);
  const orphans: HarRecord[] = [];
  let undeclared = 0;
  for (const r of sorted) {
    if (r.pageref) {
      let g = byId.get(r.pageref);
      if (!g) {
        undeclared++;
        g = {
          harId: r.pageref,
          declared: false,
          startedAt: r.startedAt,
          ...(r.run !== undefined ? { run: r.run } : {}),
          ...(r.cached !== undefined ? { view: r.cached ? "repeat" : "first" } : {}),
          records: [],
        };
        byId.set(r.pageref, g);
        groups.push(g);
      }
      g.records.push(r);
    } else orphans.push(r);
  }
  if (undeclared > 0)
    warnings.push(
      `${undeclared} entries name a pageref that log.pages does not declare: each such pageref is judged as a page of its own`,
    );
  for (const g of groups) {
    const first = g.records[0];
    if (first && first.startedAt < g.startedAt) g.startedAt = first.startedAt;
  }
  groups.sort((a, b) => a.startedAt - b.startedAt);
  if (orphans.length > 0) {
    if (groups.length === 0) {
      const first = orphans[0] as HarRecord;
      groups.push({ harId: "", declared: false, startedAt: first.startedAt, records: [] });
      warnings.push(
        "the HAR has no pages (log.pages empty, no pageref): all its entries are judged as one page, started by its first document",
      );
    }
    for (const r of orphans) {
      // The page running when the entry started: the last one started before it.
      let g = groups[0] as PageGroup;
      for (const c of groups) if (c.startedAt <= r.startedAt) g = c;
      g.records.push(r);
    }
    for (const g of groups)
      g.records.sort((a, b) => a.startedAt - b.startedAt || a.index - b.index);
  }
  return { groups, warnings };
}

// Checks an allowlist's `entity:` entries against the company map, so a misspelt company name
// ("Gogle") is reported instead of silently authorizing nothing.
import type { Allowlist, AllowlistEntry } from "../../config/allowlist.js";
import type { EntityMap } from "./entity-map.js";

/** Edit distance of two short strings, giving up (returning max + 1) once it exceeds `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/** Up to three names of the map close to `name`: a typo away, or one containing the other. */
export function similarEntities(map: EntityMap, name: string): string[] {
  const n = name.trim().toLowerCase();
  if (n.length < 3) return [];
  const max = n.length <= 5 ? 1 : 2;
  return map
    .entities()
    .map((e) => {
      const l = e.toLowerCase();
      const d = distance(n, l, max);
      const contains = l.length >= 4 && (l.includes(n) || n.includes(l));
      return { e, score: d <= max ? d : contains ? max + 1 : Number.POSITIVE_INFINITY };
    })
    .filter((x) => x.score !== Number.POSITIVE_INFINITY)
    .sort((a, b) => a.score - b.score || a.e.localeCompare(b.e))
    .slice(0, 3)
    .map((x) => x.e);
}

/** True when the map knows a company (or parent group) of that name, case-insensitive. */
export function knowsEntity(map: EntityMap, name: string): boolean {
  return map.domainsOf(name).length > 0;
}

/** One warning per entity entry naming a company the map does not know: it can match nothing. */
export function entityEntryWarnings(allowlist: Allowlist, map: EntityMap): string[] {
  const warnings: string[] = [];
  const where = (e: AllowlistEntry) =>
    `${allowlist.file ?? "allowlist"}${e.line ? `:${e.line}` : ""}`;
  for (const [list, entries] of [
    ["authorized", allowlist.authorized],
    ["denied", allowlist.denied],
  ] as const) {
    for (const e of entries) {
      if (e.kind !== "entity" || knowsEntity(map, e.value)) continue;
      const near = similarEntities(map, e.value);
      warnings.push(
        `${where(e)}: ${list} entry "${e.rule}" names a company the company map does not know, so it matches nothing` +
          (near.length ? ` (did you mean ${near.map((x) => `"${x}"`).join(", ")}?)` : "") +
          "; add the company with --entities FILE or use domain entries",
      );
    }
  }
  return warnings;
}

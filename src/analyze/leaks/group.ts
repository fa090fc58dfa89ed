// Many sightings of one finding become one draft: the first sighting names the page, a few more
// are kept as evidence, and the count says how often it happened.
import type { LeakDraft } from "./types.js";

/** Evidence keeps at most this many example requests per finding. */
export const MAX_EXAMPLES = 5;

export class DraftGroups {
  readonly #drafts = new Map<
    string,
    { draft: LeakDraft; examples: unknown[]; seen: Set<string>; count: number }
  >();

  /** Adds a sighting; `make` builds the draft for the first one only. */
  add(key: string, example: unknown, make: () => LeakDraft): void {
    const hit = this.#drafts.get(key);
    if (hit) {
      hit.count++;
      if (hit.examples.length >= MAX_EXAMPLES) return;
      const json = JSON.stringify(example);
      if (hit.seen.has(json)) return;
      hit.seen.add(json);
      hit.examples.push(example);
      return;
    }
    const seen = new Set([JSON.stringify(example)]);
    this.#drafts.set(key, { draft: make(), examples: [example], seen, count: 1 });
  }

  drafts(): LeakDraft[] {
    return [...this.#drafts.values()]
      .map(({ draft, examples, count }) => ({
        ...draft,
        evidence: { ...draft.evidence, requests: examples, sightings: count },
      }))
      .sort((a, b) => (a.party ?? "").localeCompare(b.party ?? "") || a.key.localeCompare(b.key));
  }
}

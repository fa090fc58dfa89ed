// Many sightings of one finding become one draft: the first sighting names the page, a few more
// are kept as evidence (`requests`), and the count says how often it happened (`sightings`).
import type { EvidenceByCode, FindingCode, LeakRequestEvidence } from "../../model/report.js";
import type { FindingDraft } from "../checks/check.js";

/** Evidence keeps at most this many example requests per finding. */
export const MAX_EXAMPLES = 5;

/** Codes whose evidence is grouped sightings. */
type GroupedCode = {
  [C in FindingCode]: EvidenceByCode[C] extends {
    requests: LeakRequestEvidence[];
    sightings: number;
  }
    ? C
    : never;
}[FindingCode];

/** A draft as its first sighting makes it: the evidence without the examples and the count. */
export type FirstSighting<C extends GroupedCode> = Omit<FindingDraft<C>, "evidence"> & {
  evidence: Omit<EvidenceByCode[C], "requests" | "sightings">;
};

export class DraftGroups<C extends GroupedCode> {
  readonly #drafts = new Map<
    string,
    { draft: FirstSighting<C>; examples: LeakRequestEvidence[]; seen: Set<string>; count: number }
  >();

  /** Adds a sighting; `make` builds the draft for the first one only. */
  add(key: string, example: LeakRequestEvidence, make: () => FirstSighting<C>): void {
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

  drafts(): FindingDraft<C>[] {
    return [...this.#drafts.values()]
      .map(({ draft, examples, count }) => ({
        ...draft,
        // The first sighting's fields plus the two this class owns: the code's whole evidence.
        evidence: { ...draft.evidence, requests: examples, sightings: count } as EvidenceByCode[C],
      }))
      .sort((a, b) => (a.party ?? "").localeCompare(b.party ?? "") || a.key.localeCompare(b.key));
  }
}

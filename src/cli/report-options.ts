// What a report's scan.options adds to the capture's own record (crawl-options.ts): the judgement
// and output settings. One convention for both: a key is absent when its flag was not given.
import type { ReportSettings } from "./report-pipeline.js";

export function reportOptionsRecord(s: ReportSettings): Record<string, unknown> {
  return {
    ...(s.firstParty.length > 0 ? { firstParty: s.firstParty } : {}),
    ...(s.targets.length > 0 ? { formats: s.targets.map((t) => t.format) } : {}),
    ...(s.allowlistFile !== undefined ? { allowlist: s.allowlistFile } : {}),
    ...(s.entitiesFiles?.length ? { entities: s.entitiesFiles } : {}),
    ...(s.filterListFiles?.length ? { filterLists: s.filterListFiles } : {}),
    ...s.leak?.record,
    ...(s.integrity?.criticalPages.length ? { criticalPages: s.integrity.criticalPages } : {}),
    ...(s.integrity?.requireJustification ? { requireJustification: true } : {}),
  };
}

// Storage writes of all pages folded into one entry per (origin, kind, key).

import { partyOfUrl } from "../domain/party.js";
import type { Capture } from "../model/capture.js";
import type { ReportStorage } from "../model/report.js";

export function aggregateStorage(capture: Capture): ReportStorage[] {
  const byKey = new Map<string, ReportStorage>();
  for (const page of capture.pages) {
    for (const w of [...page.storage].sort((a, b) => a.ms - b.ms)) {
      const key = JSON.stringify([w.origin, w.kind, w.key]);
      const seen = byKey.get(key);
      if (seen) {
        // The latest write is what stays in storage.
        seen.bytes = w.bytes;
        continue;
      }
      byKey.set(key, {
        origin: w.origin,
        party: partyOfUrl(w.origin),
        kind: w.kind,
        key: w.key,
        bytes: w.bytes,
        ...(w.script ? { script: w.script } : {}),
        page: page.url,
      });
    }
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.party.localeCompare(b.party) ||
      a.origin.localeCompare(b.origin) ||
      a.kind.localeCompare(b.kind) ||
      a.key.localeCompare(b.key),
  );
}

// Which registrable domains are "the site" on a page: its start and final URL, plus configuration.

import { normalizeHost, partyOf, partyOfUrl } from "../domain/party.js";
import type { CapturedPage } from "../model/capture.js";

export interface PageFirstParty {
  parties: Set<string>;
  /** Set when the page ended on another site than it started on. */
  warning?: string;
}

/** First parties of one page; `extra` are the allowlist's firstParty and --first-party domains. */
export function firstPartyOf(page: CapturedPage, extra: readonly string[]): PageFirstParty {
  const start = partyOfUrl(page.url);
  const final = partyOfUrl(page.finalUrl || page.url);
  const parties = new Set<string>();
  for (const p of [start, final, ...extra.map((d) => partyOf(normalizeHost(d)))])
    if (p) parties.add(p);
  if (start && final && start !== final) {
    return {
      parties,
      warning: `${page.url} redirected to another site (${final}); both ${start} and ${final} are judged first party on this page`,
    };
  }
  return { parties };
}

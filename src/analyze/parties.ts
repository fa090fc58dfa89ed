// Third parties aggregated from judged requests: hosts, counts, pages, status and loadedBy chains,
// their company (and where that knowledge came from), cookies and filter-list matches: each party
// is finished here, once, so nothing downstream patches it and no check depends on another's order.

import { partyOfUrl } from "../domain/party.js";
import type {
  FilterListMatch,
  PartyStatus,
  ReportCookie,
  ReportParty,
  Verdict,
} from "../model/report.js";
import type { EntityInfo, EntityLookup } from "./allowlist-match.js";
import { isLiveCookie } from "./cookies.js";
import type { JudgedRequest } from "./judge-requests.js";

/** Worst first: a party's status is the worst verdict among its requests. */
export const VERDICT_RANK: Record<Verdict, number> = {
  rogue: 0,
  unlisted: 1,
  authorized: 2,
  "first-party": 3,
};

export function worst(a: Verdict, b: Verdict): Verdict {
  return VERDICT_RANK[a] <= VERDICT_RANK[b] ? a : b;
}

/**
 * The chain that brought a party in, outermost first: the page, then responsible scripts and
 * frames, cut at the party's own first resource (so [page, tag.js, c.js] when c.js is the
 * party's own script that fired its pixel).
 */
export function loadedByChain(pageUrl: string, chain: string[], party: string): string[] {
  const full = [pageUrl, ...chain];
  for (let i = 1; i < full.length; i++) {
    if (partyOfUrl(full[i] as string) === party) return full.slice(0, i + 1);
  }
  return full;
}

interface Acc {
  party: ReportParty;
  /** The company map's answer for the first host seen: entity, category, source and parent. */
  info?: EntityInfo;
  cookies: number;
  filterMatches: number;
  hosts: Set<string>;
  rules: Set<string>;
  pages: string[];
  chains: Map<string, string[]>;
}

export interface PartyExtras {
  /** The report's cookies: each live one counts for its own party and for the party that set it. */
  cookies?: readonly ReportCookie[];
  /** With --filter-list: the matched requests, counted for their final party (0 when none). */
  filterMatches?: ReadonlyMap<JudgedRequest, FilterListMatch>;
}

/** Parties other than first party, sorted by status (rogue first) then domain. */
export function aggregateParties(
  requests: readonly JudgedRequest[],
  lookup?: EntityLookup,
  extras: PartyExtras = {},
): ReportParty[] {
  const byParty = new Map<string, Acc>();
  for (const jr of requests) {
    const pageUrl = jr.page.url;
    const seenHere = new Set<string>();
    for (const c of jr.contacts) {
      if (c.verdict === "first-party" || c.party === "") continue;
      let acc = byParty.get(c.party);
      if (!acc) {
        const info = lookup?.(c.host);
        acc = {
          party: {
            domain: c.party,
            status: c.verdict,
            rules: [],
            ...(info
              ? { entity: info.entity, ...(info.category ? { category: info.category } : {}) }
              : {}),
            hosts: [],
            requests: 0,
            pixels: 0,
            beacons: 0,
            cookies: 0,
            pages: [],
            firstSeen: pageUrl,
            loadedBy: [],
          },
          ...(info ? { info } : {}),
          cookies: 0,
          filterMatches: 0,
          hosts: new Set(),
          rules: new Set(),
          pages: [],
          chains: new Map(),
        };
        byParty.set(c.party, acc);
      }
      const p = acc.party;
      p.status = worst(p.status, c.verdict) as PartyStatus;
      acc.hosts.add(c.host);
      if (c.rule) acc.rules.add(c.rule);
      if (!acc.pages.includes(pageUrl)) acc.pages.push(pageUrl);
      if (seenHere.has(c.party)) continue;
      // One request counts once per party, even when it hops between the party's hosts.
      seenHere.add(c.party);
      p.requests++;
      const isFinal = jr.party === c.party;
      if (isFinal && jr.kind === "pixel") p.pixels++;
      if (isFinal && jr.kind === "beacon") p.beacons++;
      const chain = loadedByChain(pageUrl, c.chain, c.party);
      const key = chainKey(chain);
      if (!acc.chains.has(key)) acc.chains.set(key, chain);
    }
  }
  for (const c of extras.cookies ?? []) {
    if (!isLiveCookie(c)) continue;
    for (const domain of new Set([c.party, c.setByParty])) {
      const acc = byParty.get(domain);
      if (acc) acc.cookies++;
    }
  }
  for (const jr of extras.filterMatches?.keys() ?? []) {
    const acc = byParty.get(jr.party);
    if (acc) acc.filterMatches++;
  }
  const parties = [...byParty.values()].map(
    (acc): ReportParty => ({
      ...acc.party,
      rules: [...acc.rules].sort(),
      hosts: [...acc.hosts].sort(),
      cookies: acc.cookies,
      pages: acc.pages,
      loadedBy: [...acc.chains]
        .sort(([ka, a], [kb, b]) => a.length - b.length || ka.localeCompare(kb))
        .map(([, chain]) => chain),
      ...(acc.info?.source ? { entitySource: acc.info.source } : {}),
      ...(acc.info?.parent ? { parentEntity: acc.info.parent } : {}),
      ...(extras.filterMatches ? { filterMatches: acc.filterMatches } : {}),
    }),
  );
  return parties.sort(
    (a, b) => VERDICT_RANK[a.status] - VERDICT_RANK[b.status] || a.domain.localeCompare(b.domain),
  );
}

/**
 * One way in, whatever page it happened on and whatever per-page parameters its URLs carried
 * (ref=, cache busters): the same tag → script → pixel path on 500 pages is one chain, shown by
 * its first occurrence. Chains are then sorted shortest first (the most direct way in), then
 * alphabetically by this key, so two runs of the same site diff cleanly.
 */
export function chainKey(chain: readonly string[]): string {
  return JSON.stringify(chain.slice(1).map((u) => u.replace(/[?#].*$/, "")));
}

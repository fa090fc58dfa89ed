// Why a host or URL gets its verdict: every allowlist entry that names it, which one decides and
// why the others do not, and what the company map says. The data behind `skimscan explain`.

import type { Allowlist, AllowlistEntry } from "../config/allowlist.js";
import type { Verdict } from "../model/report.js";
import {
  type Contact,
  checkEntry,
  isExpired,
  judgeContact,
  type MatchScope,
} from "./allowlist-match.js";
import type { EntityExplanation, EntityMap } from "./entities/entity-map.js";

export type EntryState =
  /** This entry gives the verdict. */
  | "decides"
  /** Matches, but a denied entry wins. */
  | "overridden-by-denied"
  /** Matches, but a more specific entry of the same list decides. */
  | "less-specific"
  /** Would match, but its expiry day is before the scan day. */
  | "expired"
  /** Names the host, but the page is outside its `pages` scope. */
  | "outside-pages"
  /** Names the host, but the company map's category is not one of its `categories`. */
  | "category-mismatch"
  /** The site's own domain: no entry is consulted. */
  | "first-party";

export interface ExplainedEntry {
  list: "authorized" | "denied";
  rule: string;
  line?: number;
  state: EntryState;
  expires?: string;
  pages?: string[];
  categories?: string[];
  note?: string;
}

export interface Explanation {
  url: string;
  host: string;
  /** Registrable domain (private suffixes on), or the host itself for an IP or localhost. */
  party: string;
  firstParty: boolean;
  pagePath: string;
  day: string;
  verdict: Verdict;
  rule?: string;
  /** The deciding entry's file line. */
  line?: number;
  /** One sentence: why this verdict. */
  reason: string;
  company?: EntityExplanation;
  /** Every entry whose url, host, domain or entity names this contact, deciding one first. */
  entries: ExplainedEntry[];
}

function describeEntry(
  e: AllowlistEntry,
  list: ExplainedEntry["list"],
  state: EntryState,
): ExplainedEntry {
  return {
    list,
    rule: e.rule,
    state,
    ...(e.line ? { line: e.line } : {}),
    ...(e.expires ? { expires: e.expires } : {}),
    ...(e.pages ? { pages: e.pages } : {}),
    ...(e.categories ? { categories: e.categories } : {}),
    ...(e.note ? { note: e.note } : {}),
  };
}

const STATE_ORDER: Record<EntryState, number> = {
  decides: 0,
  "first-party": 1,
  "overridden-by-denied": 2,
  "less-specific": 3,
  expired: 4,
  "outside-pages": 5,
  "category-mismatch": 6,
};

export function explainContact(
  contact: Contact,
  scope: MatchScope,
  allowlist: Allowlist | undefined,
  map: EntityMap,
): Explanation {
  const j = judgeContact(contact, scope, allowlist);
  const firstParty = j.verdict === "first-party";
  const entries: ExplainedEntry[] = [];
  for (const list of ["authorized", "denied"] as const) {
    for (const e of allowlist?.[list] ?? []) {
      const c = checkEntry(e, contact, scope);
      if (!c.target) continue;
      let state: EntryState;
      if (firstParty) state = "first-party";
      else if (e === j.entry) state = "decides";
      else if (!c.pages) state = "outside-pages";
      else if (!c.categories) state = "category-mismatch";
      else if (isExpired(e, scope.day)) state = "expired";
      else if (list === "authorized" && j.rule?.startsWith("denied:")) {
        state = "overridden-by-denied";
      } else state = "less-specific";
      entries.push(describeEntry(e, list, state));
    }
  }
  entries.sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
  const company = map.explain(contact.host);
  return {
    url: contact.url,
    host: contact.host,
    party: contact.party,
    firstParty,
    pagePath: scope.pagePath,
    day: scope.day,
    verdict: j.verdict,
    ...(j.rule ? { rule: j.rule } : {}),
    ...(j.entry?.line ? { line: j.entry.line } : {}),
    reason: reasonOf(j.verdict, j.entry, entries, allowlist !== undefined),
    ...(company ? { company } : {}),
    entries,
  };
}

function reasonOf(
  verdict: Verdict,
  entry: AllowlistEntry | undefined,
  entries: ExplainedEntry[],
  hasAllowlist: boolean,
): string {
  if (verdict === "first-party") return "the site's own registrable domain (page or firstParty)";
  if (!hasAllowlist) return "no allowlist given: every third party is unlisted";
  if (verdict === "authorized" && entry) {
    const others = entries.filter((e) => e.state === "less-specific").length;
    const kind = { url: "a URL prefix", host: "a host", domain: "a domain", entity: "a company" }[
      entry.kind
    ];
    return others > 0
      ? `authorized by ${kind} entry, the most specific of ${others + 1} matching live entries (url prefix > host > domain > entity)`
      : `authorized by ${kind} entry`;
  }
  if (entry) return "a denied entry matches, and denied wins over any authorization";
  const blocked = entries.filter((e) => e.list === "authorized").map((e) => e.state);
  if (blocked.includes("expired")) return "rogue: the only matching approval has expired";
  if (blocked.includes("outside-pages")) {
    return "rogue: an entry names it, but only for other pages (pages: scope)";
  }
  if (blocked.includes("category-mismatch")) {
    return "rogue: an entry names it, but only for other categories";
  }
  return "rogue: no authorized entry matches";
}

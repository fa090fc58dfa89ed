// The verdict of one contacted URL against the site's first parties and the allowlist.

import type { Allowlist, AllowlistEntry } from "../config/allowlist.js";
import { matchDomain, matchHostPattern } from "../domain/host-pattern.js";
import { matchPath } from "../domain/path-glob.js";
import type { Verdict } from "../model/report.js";
import { sameEntity } from "./entities/entity-name.js";

/** What the company map (entities/entity-map.ts) knows about a host; its EntityInfo fits. */
export interface EntityInfo {
  entity: string;
  category?: string;
  /** The group owning the entity (LinkedIn → Microsoft): `entity: Microsoft` covers it too. */
  parent?: string;
  /** Where the knowledge came from (bundled data, overlay, a user's file). */
  source?: string;
}
/** The company map as a function: entity and categories entries match through it. */
export type EntityLookup = (host: string) => EntityInfo | undefined;

export interface Contact {
  url: string;
  /** Normalized host of url. */
  host: string;
  party: string;
}

export interface MatchScope {
  /** Registrable domains judged first party on this page. */
  firstParty: ReadonlySet<string>;
  /** Path of the publisher's page (its final URL), for entries with `pages`. */
  pagePath: string;
  /** The scan's start day, YYYY-MM-DD (UTC): entries expiring before it do not authorize. */
  day: string;
  lookup?: EntityLookup;
}

export interface Judgement {
  verdict: Verdict;
  /** The deciding entry as a rule string ("domain:x.example", "denied:host:y.example"). */
  rule?: string;
  entry?: AllowlistEntry;
  /** Expired authorized entries that would otherwise have matched this contact. */
  expired: AllowlistEntry[];
}

// url prefix > exact host > host pattern > domain > entity; longer values win within a kind.
export function specificity(entry: AllowlistEntry): number {
  const base = {
    url: 4000,
    host: entry.value.startsWith("*.") ? 2000 : 3000,
    domain: 1000,
    entity: 0,
  }[entry.kind];
  return base + (entry.kind === "entity" ? 0 : Math.min(entry.value.length, 999));
}

/** Among entity entries, one naming the brand itself beats one naming its parent group. */
function specificityFor(entry: AllowlistEntry, contact: Contact, scope: MatchScope): number {
  if (entry.kind !== "entity") return specificity(entry);
  const info = scope.lookup?.(contact.host);
  return info !== undefined && sameEntity(info.entity, entry.value) ? 1 : 0;
}

/** Each condition of an entry on its own, for `explain`; `entryMatches` needs the first three. */
export interface EntryCheck {
  /** The url prefix, host, domain or entity covers the contact. */
  target: boolean;
  /** No `pages` scope, or the publisher's page is inside it. */
  pages: boolean;
  /** No `categories`, or the company map's category of the host is one of them. */
  categories: boolean;
  /** The category the map gives the host, when categories were checked. */
  category?: string;
}

export function checkEntry(entry: AllowlistEntry, contact: Contact, scope: MatchScope): EntryCheck {
  let target: boolean;
  switch (entry.kind) {
    case "url":
      target = contact.url.startsWith(entry.value);
      break;
    case "host":
      target = matchHostPattern(entry.value, contact.host);
      break;
    case "domain":
      target = matchDomain(entry.value, contact.host);
      break;
    case "entity": {
      const info = scope.lookup?.(contact.host);
      target =
        info !== undefined &&
        (sameEntity(info.entity, entry.value) ||
          (info.parent !== undefined && sameEntity(info.parent, entry.value)));
      break;
    }
  }
  const pages = !entry.pages || entry.pages.some((glob) => matchPath(glob, scope.pagePath));
  if (!entry.categories) return { target, pages, categories: true };
  // Without a company map a category cannot be known, so a narrowed entry cannot be shown to hold.
  const category = scope.lookup?.(contact.host)?.category;
  const categories =
    category !== undefined &&
    entry.categories.some((c) => c.toLowerCase() === category.toLowerCase());
  return { target, pages, categories, ...(category !== undefined ? { category } : {}) };
}

/** Does the entry cover the contact, ignoring its expiry? */
export function entryMatches(entry: AllowlistEntry, contact: Contact, scope: MatchScope): boolean {
  const c = checkEntry(entry, contact, scope);
  return c.target && c.pages && c.categories;
}

/** True when the entry has an expiry and the scan day is after it. */
export function isExpired(entry: AllowlistEntry, day: string): boolean {
  return entry.expires !== undefined && day > entry.expires;
}

function mostSpecific(
  entries: AllowlistEntry[],
  contact: Contact,
  scope: MatchScope,
): AllowlistEntry | undefined {
  let best: AllowlistEntry | undefined;
  let bestScore = -1;
  for (const e of entries) {
    const score = specificityFor(e, contact, scope);
    if (score > bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return best;
}

/** Judges one contact: first party, else denied wins, else the most specific live authorized entry. */
export function judgeContact(
  contact: Contact,
  scope: MatchScope,
  allowlist?: Allowlist,
): Judgement {
  if (contact.party === "" || scope.firstParty.has(contact.party)) {
    return { verdict: "first-party", expired: [] };
  }
  if (!allowlist) return { verdict: "unlisted", expired: [] };
  const denied = mostSpecific(
    allowlist.denied.filter((e) => !isExpired(e, scope.day) && entryMatches(e, contact, scope)),
    contact,
    scope,
  );
  const matching = allowlist.authorized.filter((e) => entryMatches(e, contact, scope));
  const live = matching.filter((e) => !isExpired(e, scope.day));
  const expired = matching.filter((e) => isExpired(e, scope.day));
  if (denied)
    return { verdict: "rogue", rule: `denied:${denied.rule}`, entry: denied, expired: [] };
  const best = mostSpecific(live, contact, scope);
  if (best) return { verdict: "authorized", rule: best.rule, entry: best, expired: [] };
  return { verdict: "rogue", expired };
}

/** The scan's start day (UTC) from an ISO timestamp; replays of a capture keep the same day. */
export function scanDay(startedAt: string): string {
  const t = new Date(startedAt);
  return Number.isNaN(t.getTime()) ? startedAt.slice(0, 10) : t.toISOString().slice(0, 10);
}

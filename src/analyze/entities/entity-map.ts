// The company map: which company (entity) and category a host belongs to, from the bundled
// third-party-web data with skimscan's overlay, or from maps users bring, combined in order.
import { type Category, categoryFromThirdPartyWeb } from "../../domain/categories.js";
import { DomainIndex } from "./domain-index.js";
import { entityKey, sameEntity } from "./entity-name.js";
import { CATEGORY_OVERRIDES, COMPANIES, EXTRA_DOMAINS, OPERATOR_ONLY_SUFFIXES } from "./overlay.js";
import { THIRD_PARTY_WEB_DATA } from "./third-party-web-data.js";

export type { Category } from "../../domain/categories.js";

export const SOURCE_THIRD_PARTY_WEB = "third-party-web";
export const SOURCE_OVERLAY = "skimscan-overlay";

export interface EntityInfo {
  /** The company a publisher deals with ("Google", "LinkedIn"); what allowlist `entity:` names. */
  entity: string;
  category: Category;
  /** Where this knowledge came from: "third-party-web", "skimscan-overlay", both joined by "+", or a file path. */
  source: string;
  /** The group owning `entity` when it trades under its own name (LinkedIn → Microsoft). */
  parent?: string;
  /** The product or service, when the source names one ("Google Analytics", "LinkedIn Ads"). */
  product?: string;
}

/** What `skimscan explain` shows: the answer and the entry of the map that gave it. */
export interface EntityExplanation {
  info: EntityInfo;
  /** The map's entry that matched: a domain (covering its subdomains) or one exact host. */
  matched: string;
  scope: "domain" | "host";
}

export interface EntityMap {
  /** Who owns a host, domain or URL (case, trailing dots and ports ignored); most specific entry wins. */
  lookup(hostOrDomain: string): EntityInfo | undefined;
  /** The same answer as lookup, with the entry that decided it. */
  explain(hostOrDomain: string): EntityExplanation | undefined;
  /** Domains and hosts of an entity or of a parent group, case-insensitive; [] when unknown. */
  domainsOf(entity: string): string[];
  /** Every entity and parent name, sorted. */
  entities(): string[];
}

/** True when `name` is the info's entity or its parent group (case, legal form, aliases aside). */
export function entityMatches(info: EntityInfo, name: string): boolean {
  return (
    sameEntity(info.entity, name) || (info.parent !== undefined && sameEntity(info.parent, name))
  );
}

/** An EntityMap over a DomainIndex; the reverse index is built on the first domainsOf/entities. */
export function entityMapFromIndex(index: DomainIndex<EntityInfo>): EntityMap {
  let reverse: { domainsByName: Map<string, string[]>; sortedNames: string[] } | undefined;
  const build = () => {
    const byName = new Map<string, Set<string>>();
    const names = new Map<string, string>();
    for (const [domain, info] of index.entries()) {
      for (const name of [info.entity, info.parent]) {
        if (!name) continue;
        const key = entityKey(name);
        if (!names.has(key)) names.set(key, name);
        const set = byName.get(key) ?? new Set<string>();
        set.add(domain);
        byName.set(key, set);
      }
    }
    return {
      domainsByName: new Map([...byName].map(([k, set]) => [k, [...set].sort()])),
      sortedNames: [...names.values()].sort((a, b) => a.localeCompare(b)),
    };
  };
  return {
    lookup: (host) => index.lookup(host),
    explain(host) {
      const m = index.match(host);
      return m && { info: m.value, matched: m.key, scope: m.subdomains ? "domain" : "host" };
    },
    domainsOf(entity) {
      reverse ??= build();
      return [...(reverse.domainsByName.get(entityKey(entity)) ?? [])];
    },
    entities() {
      reverse ??= build();
      return [...reverse.sortedNames];
    },
  };
}

function buildBundled(): EntityMap {
  const index = new DomainIndex<EntityInfo>(OPERATOR_ONLY_SUFFIXES);
  // third-party-web first: its named hosts are more specific than the overlay's extra domains,
  // and DomainIndex keeps the first value per key.
  for (const line of THIRD_PARTY_WEB_DATA.split("\n")) {
    const [product = "", company = "", tpwCategory = "", domains = ""] = line.split("\t");
    if (!product || !domains) continue;
    const rule = COMPANIES[company || product];
    const override = CATEGORY_OVERRIDES[product];
    const info: EntityInfo = {
      entity: rule?.entity ?? (company || product),
      category: override?.category ?? categoryFromThirdPartyWeb(tpwCategory),
      source:
        rule || override ? `${SOURCE_THIRD_PARTY_WEB}+${SOURCE_OVERLAY}` : SOURCE_THIRD_PARTY_WEB,
      product,
    };
    if (rule?.parent) info.parent = rule.parent;
    for (const d of domains.split(" ")) {
      if (d.startsWith("*.")) index.add(d.slice(2), info, true);
      else index.add(d, info, false);
    }
  }
  for (const x of EXTRA_DOMAINS) {
    const info: EntityInfo = {
      entity: x.entity,
      category: x.category,
      source: SOURCE_OVERLAY,
      product: x.product,
    };
    if (x.parent) info.parent = x.parent;
    index.add(x.domain, info, true);
  }
  return entityMapFromIndex(index);
}

let bundled: EntityMap | undefined;

/** The map shipped with skimscan, built on first use (~50 ms of CPU) and then shared. */
export function bundledEntityMap(): EntityMap {
  bundled ??= buildBundled();
  return bundled;
}

/**
 * Several maps as one; earlier maps win (a user's --entities file before the bundled map).
 * When the winning map only knows the company (category "unknown", as in Disconnect or
 * DuckDuckGo entity files), the category comes from the first later map that knows the host.
 */
export function combineEntityMaps(...maps: EntityMap[]): EntityMap {
  if (maps.length === 1 && maps[0]) return maps[0];
  const explain = (host: string): EntityExplanation | undefined => {
    let found: EntityExplanation | undefined;
    for (const map of maps) {
      const e = map.explain(host);
      if (!e) continue;
      if (!found) {
        found = e;
        if (e.info.category !== "unknown") return found;
      } else if (e.info.category !== "unknown") {
        const { info } = found;
        return {
          ...found,
          info: { ...info, category: e.info.category, source: `${info.source}+${e.info.source}` },
        };
      }
    }
    return found;
  };
  const lookup = (host: string): EntityInfo | undefined => explain(host)?.info;
  return {
    lookup,
    explain,
    domainsOf(entity) {
      // A domain an earlier map gives to someone else is not this entity's any more.
      const all = new Set(maps.flatMap((m) => m.domainsOf(entity)));
      return [...all]
        .filter((d) => {
          const info = lookup(d);
          return info !== undefined && entityMatches(info, entity);
        })
        .sort();
    },
    entities() {
      const seen = new Map<string, string>();
      for (const m of maps) {
        for (const name of m.entities()) {
          if (!seen.has(entityKey(name))) seen.set(entityKey(name), name);
        }
      }
      return [...seen.values()].sort((a, b) => a.localeCompare(b));
    },
  };
}

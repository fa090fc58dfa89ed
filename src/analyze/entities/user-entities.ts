// Reads a company map a user brings with --entities FILE (never bundled: their licences forbid
// it), detecting its format: Disconnect, DuckDuckGo Tracker Radar, or third-party-web.

import {
  type Category,
  categoryFromThirdPartyWeb,
  categoryFromWord,
} from "../../domain/categories.js";
import { ConfigError } from "../../errors.js";
import { DomainIndex } from "./domain-index.js";
import { type EntityInfo, type EntityMap, entityMapFromIndex } from "./entity-map.js";
import { OPERATOR_ONLY_SUFFIXES } from "./overlay.js";

export const ACCEPTED_ENTITY_FORMATS = [
  "Disconnect entities.json ({entities: {Name: {properties, resources}}})",
  "Disconnect services.json ({categories: {Advertising: [{Name: {homepage: [domains]}}]}})",
  "DuckDuckGo Tracker Radar entity_map.json ({Name: {displayName, properties}})",
  "DuckDuckGo Tracker Radar domain_map.json ({domain: {entityName, displayName}})",
  "DuckDuckGo tds.json ({trackers, entities})",
  "third-party-web entities.json ([{name, company, category, domains}])",
];

type Json = Record<string, unknown>;
type Add = (domain: string, entity: string, category: Category, product?: string) => void;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
const values = (o: Json): unknown[] => Object.values(o);
const nameOf = (key: string, v: Json): string =>
  typeof v.displayName === "string" && v.displayName ? v.displayName : key;

interface Format {
  name: string;
  detect(doc: unknown): boolean;
  read(doc: unknown, add: Add): void;
}

const FORMATS: Format[] = [
  {
    name: "DuckDuckGo tds.json",
    detect: (d) => isObject(d) && isObject(d.trackers) && isObject(d.entities),
    read(d, add) {
      const doc = d as { trackers: Json; entities: Json };
      // Trackers carry categories; entity domains fill in the rest as "unknown".
      for (const [domain, t] of Object.entries(doc.trackers)) {
        if (!isObject(t) || !isObject(t.owner)) continue;
        const owner = t.owner;
        const entity = nameOf(String(owner.name ?? domain), owner);
        const cats = strings(t.categories).map(categoryFromWord);
        add(domain, entity, cats.find((c) => c !== "unknown") ?? "unknown");
      }
      for (const [key, e] of Object.entries(doc.entities)) {
        if (!isObject(e)) continue;
        for (const domain of strings(e.domains)) add(domain, nameOf(key, e), "unknown");
      }
    },
  },
  {
    name: "Disconnect entities.json",
    detect: (d) =>
      isObject(d) &&
      isObject(d.entities) &&
      values(d.entities).some((e) => isObject(e) && ("properties" in e || "resources" in e)),
    read(d, add) {
      for (const [entity, e] of Object.entries((d as { entities: Json }).entities)) {
        if (!isObject(e)) continue;
        for (const domain of [...strings(e.resources), ...strings(e.properties)]) {
          add(domain, entity, "unknown");
        }
      }
    },
  },
  {
    name: "Disconnect services.json",
    detect: (d) =>
      isObject(d) && isObject(d.categories) && values(d.categories).every(Array.isArray),
    read(d, add) {
      for (const [word, list] of Object.entries((d as { categories: Json }).categories)) {
        const category = categoryFromWord(word);
        for (const item of list as unknown[]) {
          if (!isObject(item)) continue;
          for (const [entity, sites] of Object.entries(item)) {
            if (!isObject(sites)) continue;
            // Besides {homepage: [domains]} an entry has flags such as "dnt": "eff"; skip those.
            for (const domains of values(sites)) {
              for (const domain of strings(domains)) add(domain, entity, category);
            }
          }
        }
      }
    },
  },
  {
    name: "third-party-web entities.json",
    detect: (d) =>
      Array.isArray(d) && d.length > 0 && d.every((e) => isObject(e) && Array.isArray(e.domains)),
    read(d, add) {
      for (const e of d as Json[]) {
        const product = String(e.name ?? "");
        const entity = typeof e.company === "string" && e.company ? e.company : product;
        const category = categoryFromThirdPartyWeb(String(e.category ?? ""));
        if (entity) for (const domain of strings(e.domains)) add(domain, entity, category, product);
      }
    },
  },
  {
    name: "DuckDuckGo Tracker Radar domain_map.json",
    detect: (d) =>
      isObject(d) &&
      values(d).length > 0 &&
      values(d).every((e) => isObject(e) && typeof e.entityName === "string"),
    read(d, add) {
      for (const [domain, e] of Object.entries(d as Json)) {
        const v = e as Json;
        add(domain, nameOf(String(v.entityName), v), "unknown");
      }
    },
  },
  {
    name: "DuckDuckGo Tracker Radar entity_map.json",
    detect: (d) =>
      isObject(d) &&
      values(d).length > 0 &&
      values(d).every((e) => isObject(e) && Array.isArray(e.properties)),
    read(d, add) {
      for (const [key, e] of Object.entries(d as Json)) {
        const v = e as Json;
        for (const domain of strings(v.properties)) add(domain, nameOf(key, v), "unknown");
      }
    },
  },
];

/** The name of the detected format, or undefined; exported for `explain` and tests. */
export function detectEntityFormat(doc: unknown): string | undefined {
  return FORMATS.find((f) => f.detect(doc))?.name;
}

/**
 * Parses a user's company map. Every listed domain covers its subdomains, except a public suffix
 * (cloudfront.net): that only names itself. A domain listed twice keeps its first owner, except
 * that a later entry with a known category fills in an "unknown" one of the same owner.
 */
export function parseUserEntities(text: string, file: string): EntityMap {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `not valid JSON (${(err as Error).message}); expected one of: ${ACCEPTED_ENTITY_FORMATS.join("; ")}`,
      file,
    );
  }
  const format = FORMATS.find((f) => f.detect(doc));
  if (!format) {
    throw new ConfigError(
      `not a company map skimscan knows; expected one of: ${ACCEPTED_ENTITY_FORMATS.join("; ")}`,
      file,
      undefined,
      "convert it to one of these formats, or leave out --entities to use the bundled map",
    );
  }
  const source = file;
  const byDomain = new Map<string, EntityInfo>();
  format.read(doc, (domain, entity, category, product) => {
    const key = domain.trim().toLowerCase();
    const name = entity.trim();
    if (!key || !name) return;
    const seen = byDomain.get(key);
    if (seen && !(seen.entity === name && seen.category === "unknown")) return;
    const info: EntityInfo = { entity: name, category, source };
    if (product && product !== name) info.product = product;
    byDomain.set(key, info);
  });
  if (byDomain.size === 0) {
    throw new ConfigError(`a ${format.name} file that names no domains`, file);
  }
  const index = new DomainIndex<EntityInfo>(OPERATOR_ONLY_SUFFIXES);
  for (const [domain, info] of byDomain) index.add(domain, info, true);
  return entityMapFromIndex(index);
}

// When two company names mean the same company: case, spacing, a trailing legal form and the
// overlay's aliases do not matter (`entity: jsDelivr` is the map's "JSDelivr CDN").
import { ALIASES } from "./overlay.js";

const LEGAL_FORM =
  /[\s,]+(inc|incorporated|ltd|limited|llc|gmbh|plc|corp|corporation|co|s\.?a|s\.?a\.?s|a\.?g|b\.?v|n\.?v)\.?$/;

function plainName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, " ").replace(LEGAL_FORM, "");
}

const ALIAS_KEYS = new Map(
  Object.entries(ALIASES).map(([alias, { entity }]) => [plainName(alias), plainName(entity)]),
);

/** The key two names of one company share. */
export function entityKey(name: string): string {
  const plain = plainName(name);
  return ALIAS_KEYS.get(plain) ?? plain;
}

/** True when both names stand for the same company. */
export function sameEntity(a: string, b: string): boolean {
  return entityKey(a) === entityKey(b);
}

// Identifier flows: a stored identifier (cookie or storage value) that a request sent to a party
// other than the one that wrote it. id-sync and first-party-id-leak split these by the writer.
import type { StoredEvidence } from "../../model/report.js";
import type { CarrierLocation } from "./decode.js";
import { isIdentifierLike } from "./identifiers.js";
import { firstPartyOfPage, type SentValue, sentValues } from "./sent-values.js";
import { type StoredValue, storedIndex, storedMatches, storedValues } from "./stored-values.js";
import type { LeakInput } from "./types.js";

/**
 * Places where a value is handed to someone. A Cookie header only returns a party's own cookie; a
 * redirect Location is received as the next hop's query or path, where it is counted once.
 */
export const TRANSFER_LOCATIONS: ReadonlySet<CarrierLocation> = new Set([
  "query",
  "path",
  "body",
  "header",
]);

/**
 * Consent signals (IAB TCF, GPP, US Privacy, CMP records) must travel to every vendor by law and
 * design; they are long and random-looking but say what the visitor chose, not who they are.
 */
export const CONSENT_NAMES =
  /^(euconsent(-v2)?|eupubconsent(-v2)?|addtl_consent|gdpr_consent|gdpr|gpp|gpp_sid|__gpp|us_?privacy|__uspapi|optanonconsent|optanonalertboxclosed|cookieconsent|cookielawinfo.*|didomi_token|consentuuid|_?cmp.*|__tcfapi.*|tc_?string)$/i;

function isConsent(name: string | undefined): boolean {
  if (!name) return false;
  const last =
    name
      .replace(/\[\d+\]/g, "")
      .split(".")
      .pop() ?? name;
  return CONSENT_NAMES.test(last) || CONSENT_NAMES.test(name);
}

export interface IdentifierFlow {
  sent: SentValue;
  /** The earliest write of the value: its writer owns it. */
  stored: StoredValue;
  owner: string;
  /** Who handed it over: the previous hop of a redirect chain when another party, else the owner. */
  from: string;
  /** The URL of the hop that redirected the browser to the receiver, when one did. */
  redirectedBy?: string;
  /** The owner is a first party of the page the value was written on. */
  ownerIsFirstParty: boolean;
}

/**
 * Every third-party receipt of a stored identifier by a party that did not write it. The value must
 * be found in a cookie or web storage written during the scan: per-request and per-page random
 * values (cache busters, auction and page-view ids) and constants in tag code (account and pixel
 * ids) live in no cookie, so they are never taken for visitor identifiers.
 */
const cache = new WeakMap<LeakInput, IdentifierFlow[]>();

export function identifierFlows(input: LeakInput): IdentifierFlow[] {
  const hit = cache.get(input);
  if (hit) return hit;
  const flows = computeFlows(input);
  cache.set(input, flows);
  return flows;
}

function computeFlows(input: LeakInput): IdentifierFlow[] {
  const all = storedValues(input);
  if (all.length === 0) return [];
  const index = storedIndex(input);
  const scanTime = Date.parse(input.capture.startedAt) || Date.now();
  const flows: IdentifierFlow[] = [];
  for (const sent of sentValues(input)) {
    if (sent.firstParty || !TRANSFER_LOCATIONS.has(sent.carrier.location)) continue;
    if (sent.carrier.container || isConsent(sent.carrier.key)) continue;
    if (!isIdentifierLike(sent.carrier.value, scanTime)) continue;
    const stored = storedMatches(sent.carrier.value, index).find((s) => !isConsent(s.name));
    if (!stored?.writer) continue;
    // A party sending its own id back to itself is how ids work, not a leak.
    if (stored.writer === sent.party) continue;
    const hop = sent.carrier.hop ?? sent.req.contacts.length - 1;
    const previous = hop > 0 ? sent.req.contacts[hop - 1] : undefined;
    flows.push({
      sent,
      stored,
      owner: stored.writer,
      from: previous && previous.party !== sent.party ? previous.party : stored.writer,
      ...(previous ? { redirectedBy: previous.url } : {}),
      ownerIsFirstParty: firstPartyOfPage(input, stored.page).has(stored.writer),
    });
  }
  return flows;
}

/** Where the value was stored, for evidence. */
export function storedEvidence(s: StoredValue): StoredEvidence {
  return {
    kind: s.kind,
    name: s.name,
    ...(s.kind === "cookie" ? { domain: s.where } : { origin: s.where }),
    ...(s.part ? { part: s.part } : {}),
    setBy: s.setBy,
    writer: s.writer,
    ...(s.script ? { script: s.script } : {}),
    ...(s.httpOnly ? { httpOnly: true } : {}),
  };
}

// Every value every request sent, with the party that received it and that party's verdict:
// the common ground of all detectors, decoded once per input.

import { partyOfUrl } from "../../domain/party.js";
import type { CapturedPage } from "../../model/capture.js";
import type { LeakRequestEvidence, Verdict } from "../../model/report.js";
import { type Carrier, requestCarriers } from "./decode.js";
import type { LeakInput, LeakRequest } from "./types.js";

export interface SentValue {
  req: LeakRequest;
  carrier: Carrier;
  /** Party of carrier.url: who received the value (for "redirect-location": who put it there). */
  party: string;
  verdict: Verdict;
  /** The receiver is one of the page's first parties. */
  firstParty: boolean;
}

// Keyed by the requests list: the checks' inputs and the report's own tracking count share it.
const cache = new WeakMap<object, SentValue[]>();

export function firstPartyOfPage(input: LeakInput, page: CapturedPage): ReadonlySet<string> {
  return input.pages.find((p) => p.page === page || p.page.id === page.id)?.firstParty ?? new Set();
}

function contactOf(req: LeakRequest, carrier: Carrier): { party: string; verdict?: Verdict } {
  const contact =
    (carrier.hop !== undefined
      ? req.contacts[carrier.hop]
      : req.contacts[req.contacts.length - 1]) ?? undefined;
  if (contact && contact.url === carrier.url) return contact;
  const byUrl = req.contacts.find((c) => c.url === carrier.url);
  if (byUrl) return byUrl;
  return { party: partyOfUrl(carrier.url) };
}

/** All values sent by all requests of the input, in scan order; computed once per input. */
export function sentValues(input: LeakInput): SentValue[] {
  const hit = cache.get(input.requests);
  if (hit) return hit;
  const out: SentValue[] = [];
  const fpByPage = new Map<CapturedPage, ReadonlySet<string>>();
  for (const req of input.requests) {
    let fp = fpByPage.get(req.page);
    if (!fp) {
      fp = firstPartyOfPage(input, req.page);
      fpByPage.set(req.page, fp);
    }
    for (const carrier of requestCarriers(req.request)) {
      const c = contactOf(req, carrier);
      const firstParty = fp.has(c.party);
      out.push({
        req,
        carrier,
        party: c.party,
        verdict: c.verdict ?? (firstParty ? "first-party" : req.verdict),
        firstParty,
      });
    }
  }
  cache.set(input.requests, out);
  return out;
}

/** Where a carrier was, for evidence: stable names, no positions. */
export function carrierEvidence(s: SentValue): LeakRequestEvidence {
  const c = s.carrier;
  return {
    url: c.url,
    location: c.location,
    ...(c.key !== undefined ? { key: c.key } : {}),
    encoding: c.encoding,
    ...(c.to ? { redirectTo: c.to } : {}),
    ...(s.req.request.url !== c.url ? { finalUrl: s.req.request.url } : {}),
  };
}

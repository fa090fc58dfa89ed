// Every request of every page judged: party, verdict and rule per contacted URL, kind, chain.
import type { Allowlist, AllowlistEntry } from "../config/allowlist.js";
import { hostOf, partyOf } from "../domain/party.js";
import type { Capture, CapturedPage, CapturedRequest } from "../model/capture.js";
import type { RequestKind, Verdict } from "../model/report.js";
import {
  type Contact,
  type EntityLookup,
  judgeContact,
  type MatchScope,
  scanDay,
} from "./allowlist-match.js";
import { firstPartyOf } from "./first-party.js";
import { InitiatorChains } from "./initiator-chain.js";
import { checkPins, INTEGRITY_MISMATCH } from "./integrity-pin.js";
import { requestKind } from "./request-kind.js";

export interface JudgedContact extends Contact {
  verdict: Verdict;
  rule?: string;
  /** Expired authorized entries that would have covered this contact. */
  expired: AllowlistEntry[];
  /** The deciding allowlist entry (its justification, its integrity pins). */
  entry?: AllowlistEntry;
  /** Chain without the page, ending with this contact's URL (hops of a redirect come in order). */
  chain: string[];
}

export interface JudgedRequest {
  page: CapturedPage;
  pageIndex: number;
  request: CapturedRequest;
  host: string;
  party: string;
  /** Verdict of the final URL. */
  verdict: Verdict;
  rule?: string;
  kind: RequestKind;
  /** Responsible scripts/frames, outermost first, without the page and the request itself. */
  initiators: string[];
  /** Every URL the request contacted: redirect hops first, the final URL last. */
  contacts: JudgedContact[];
}

export interface JudgedPage {
  page: CapturedPage;
  pageIndex: number;
  firstParty: Set<string>;
  chains: InitiatorChains;
}

export interface JudgeOptions {
  allowlist?: Allowlist;
  /** Extra first-party domains (--first-party). */
  firstParty?: readonly string[];
  lookup?: EntityLookup;
}

export interface Judged {
  pages: JudgedPage[];
  requests: JudgedRequest[];
  warnings: string[];
}

/** Only network URLs leave the browser; data:, blob:, about: never reach a third party. */
function isNetworkUrl(url: string): boolean {
  return /^(https?|wss?):/i.test(url) && hostOf(url) !== "";
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "/";
  }
}

export function judgeRequests(capture: Capture, opts: JudgeOptions): Judged {
  const day = scanDay(capture.startedAt);
  const extra = [...(opts.allowlist?.firstParty ?? []), ...(opts.firstParty ?? [])];
  const warnings: string[] = [];
  const pages: JudgedPage[] = [];
  const requests: JudgedRequest[] = [];
  capture.pages.forEach((page, pageIndex) => {
    const fp = firstPartyOf(page, extra);
    if (fp.warning) warnings.push(fp.warning);
    const chains = new InitiatorChains(page);
    pages.push({ page, pageIndex, firstParty: fp.parties, chains });
    const scope: MatchScope = {
      firstParty: fp.parties,
      pagePath: pathOf(page.finalUrl || page.url),
      day,
      lookup: opts.lookup,
    };
    const ordered = [...page.requests].sort(
      (a, b) => a.startedMs - b.startedMs || a.id.localeCompare(b.id),
    );
    for (const request of ordered) {
      if (!isNetworkUrl(request.url)) continue;
      const responsible = chains.responsible(request);
      const urls = [...request.redirects.map((h) => h.url), request.url].filter(isNetworkUrl);
      const contacts = urls.map((url, i): JudgedContact => {
        const host = hostOf(url);
        const contact = { url, host, party: partyOf(host) };
        const j = judgeContact(contact, scope, opts.allowlist);
        // An authorized url: entry with pins holds only for the approved bytes.
        const pinned =
          j.verdict === "authorized" && j.entry ? checkPins(j.entry, url, page) : undefined;
        const mismatch = pinned && !pinned.ok;
        return {
          ...contact,
          verdict: mismatch ? "rogue" : j.verdict,
          rule: mismatch ? INTEGRITY_MISMATCH : j.rule,
          expired: j.expired,
          ...(j.entry ? { entry: j.entry } : {}),
          chain: [...responsible, ...urls.slice(0, i + 1)],
        };
      });
      const final = contacts[contacts.length - 1] as JudgedContact;
      const isMain =
        request.resourceType === "Document" &&
        request.targetType === "page" &&
        chains.isTopDocument(request.url) &&
        !isSubframe(page, request);
      requests.push({
        page,
        pageIndex,
        request,
        host: final.host,
        party: final.party,
        verdict: final.verdict,
        rule: final.rule,
        kind: requestKind(request, final.verdict !== "first-party", isMain),
        initiators: responsible,
        contacts,
      });
    }
  });
  return { pages, requests, warnings };
}

function isSubframe(page: CapturedPage, request: CapturedRequest): boolean {
  if (!request.frameId) return false;
  const frame = page.frames.find((f) => f.id === request.frameId);
  return frame?.parentId !== undefined;
}

// The one definition of a tracking request, for every privacy check and compare's figures: a
// third-party request is tracking when it is a pixel or beacon, matches a --filter-list rule,
// sends an identifier cookie, carries an identifier stored during the scan (cookie, localStorage,
// sessionStorage, IndexedDB; in the URL, a header, or a decoded body of any request kind, WebSocket
// frames included), or follows fingerprinting by its party on that page and carries an
// identifier-like value. The leak engine's identifier rules decide what an identifier is. Loading a
// script carrying none of these is not tracking. (Identifier cookies it gets stored are counted
// beside the requests, in tracking-activity.ts.)
import type { RequestKind, TrackingReason } from "../model/report.js";
import { fingerprintingProbes } from "./behaviour/fingerprinting.js";
import type { CheckContext } from "./checks/check.js";
import type { JudgedRequest } from "./judge-requests.js";
import { CONSENT_NAMES, TRANSFER_LOCATIONS } from "./leaks/flows.js";
import { isIdentifierLike } from "./leaks/identifiers.js";
import { sentValues } from "./leaks/sent-values.js";
import { storedIndex, storedMatches } from "./leaks/stored-values.js";

export type { TrackingReason };

/** Reasons that put an identifier in the request itself (not only a request shape). */
export const IDENTIFIER_REASONS: ReadonlySet<TrackingReason> = new Set([
  "identifier-cookie",
  "stored-identifier",
  "after-fingerprinting",
]);

const SHAPE_KINDS = new Set<RequestKind>(["pixel", "beacon"]);
const LOADS = new Set<RequestKind>(["script", "document"]);

function isConsent(name: string | undefined): boolean {
  const last = name
    ?.replace(/\[\d+\]/g, "")
    .split(".")
    .pop();
  return !!last && CONSENT_NAMES.test(last);
}

/** What the definition reads: the judged requests and the filter-list matches. */
type TrackingInput = CheckContext<"requests" | "filterLists">;

// Keyed by the requests list: the checks' inputs and the report's count share one computation.
const cache = new WeakMap<object, Map<JudgedRequest, TrackingReason>>();

/** The identifier reason of every request that has one (computed once per scan). */
function identifierReasons(ctx: TrackingInput): Map<JudgedRequest, TrackingReason> {
  const hit = cache.get(ctx.requests);
  if (hit) return hit;
  const out = new Map<JudgedRequest, TrackingReason>();
  const scanTime = Date.parse(ctx.capture.startedAt) || Date.now();
  const index = storedIndex(ctx);
  const probes = new Map(
    fingerprintingProbes(ctx).map((p) => [`${p.pageIndex} ${p.party}`, p.firstMs]),
  );
  for (const s of sentValues(ctx)) {
    const jr = s.req as JudgedRequest;
    if (s.firstParty || out.get(jr) === "stored-identifier") continue;
    const c = s.carrier;
    if (c.container || isConsent(c.key) || !isIdentifierLike(c.value, scanTime)) continue;
    if (c.location === "cookie-header") {
      if (!out.has(jr)) out.set(jr, "identifier-cookie");
      continue;
    }
    if (!TRANSFER_LOCATIONS.has(c.location)) continue;
    if (storedMatches(c.value, index).some((v) => !isConsent(v.name))) {
      out.set(jr, "stored-identifier");
      continue;
    }
    const probedAt = probes.get(`${jr.pageIndex} ${s.party}`);
    if (probedAt !== undefined && jr.request.startedMs >= probedAt && !LOADS.has(jr.kind)) {
      if (!out.has(jr)) out.set(jr, "after-fingerprinting");
    }
  }
  cache.set(ctx.requests, out);
  return out;
}

/** Why a third-party request tracks, or undefined when it does not. */
export function trackingReason(ctx: TrackingInput, jr: JudgedRequest): TrackingReason | undefined {
  if (jr.verdict === "first-party" || !jr.party) return undefined;
  const id = identifierReasons(ctx).get(jr);
  if (id) return id;
  if (ctx.filterMatches.get(jr)) return "filter-list";
  if (SHAPE_KINDS.has(jr.kind)) return jr.kind as "pixel" | "beacon";
  return undefined;
}

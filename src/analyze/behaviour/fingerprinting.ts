// fingerprinting: a third-party script combining probes of at least two families (canvas, WebGL,
// audio, fonts, navigator breadth, WebRTC) — medium; high when that party sends the same
// identifier-like value, stored nowhere, from two visitor contexts of the scan: an identifier that
// survives without cookies, which is what a fingerprint is for.
import type { FingerprintingEvidence, SentInEvidence } from "../../model/report.js";
import { type CheckContext, defineCheck, type FindingDraft } from "../checks/check.js";
import type { JudgedRequest } from "../judge-requests.js";
import { TRANSFER_LOCATIONS } from "../leaks/flows.js";
import { isIdentifierLike } from "../leaks/identifiers.js";
import { type SentValue, sentValues } from "../leaks/sent-values.js";
import { storedIndex, storedMatches } from "../leaks/stored-values.js";
import { type PartyProbes, partyProbes } from "./probes.js";
import { scriptPartyOf } from "./script-party.js";
import { FINGERPRINT_CONTEXTS_MIN, FINGERPRINT_FAMILIES_MIN } from "./thresholds.js";

/** Request kinds that carry a result out (a script or config load is not one). */
const SENDING_KINDS = new Set(["xhr", "fetch", "beacon", "pixel", "websocket", "other"]);

export interface PageProbes extends PartyProbes {
  pageIndex: number;
}

/** What the probes are read from: the judged pages and requests. */
type Judged = CheckContext<"requests">;

const cache = new WeakMap<object, PageProbes[]>();

/** Every third party that fingerprints, per page (computed once per scan). */
export function fingerprintingProbes(ctx: Judged): PageProbes[] {
  const hit = cache.get(ctx.requests);
  if (hit) return hit;
  const out: PageProbes[] = [];
  for (const jp of ctx.pages) {
    const records = jp.page.behaviour ?? [];
    if (records.length === 0) continue;
    for (const p of partyProbes(records, scriptPartyOf(jp.page))) {
      if (jp.firstParty.has(p.party) || p.families.length < FINGERPRINT_FAMILIES_MIN) continue;
      out.push({ ...p, pageIndex: jp.pageIndex });
    }
  }
  cache.set(ctx.requests, out);
  return out;
}

/** The chain that loaded a script: page → … → the script, from the script's own request. */
export function loaderChain(ctx: Judged, pageIndex: number, script: string): string[] {
  const jr = ctx.requests.find((r) => r.pageIndex === pageIndex && r.request.url === script);
  const contact = jr?.contacts[jr.contacts.length - 1];
  return contact ? [jr.page.url, ...contact.chain] : [];
}

function identifierSends(ctx: Judged, party: string): SentValue[] {
  const scanTime = Date.parse(ctx.capture.startedAt) || Date.now();
  return sentValues(ctx).filter(
    (s) =>
      s.party === party &&
      !s.firstParty &&
      TRANSFER_LOCATIONS.has(s.carrier.location) &&
      !s.carrier.container &&
      SENDING_KINDS.has((s.req as JudgedRequest).kind) &&
      isIdentifierLike(s.carrier.value, scanTime),
  );
}

/** The same value, stored in no cookie or storage, sent by the party from several pages. */
export function survivingIdentifier(
  ctx: Judged,
  sends: readonly SentValue[],
): { value: SentValue; pages: string[] } | undefined {
  const index = storedIndex(ctx);
  const byValue = new Map<string, SentValue[]>();
  for (const s of sends) byValue.set(s.carrier.value, [...(byValue.get(s.carrier.value) ?? []), s]);
  let scriptUrls: string[] | undefined;
  for (const [v, list] of byValue) {
    const pages = new Set(list.map((s) => s.req.page.id));
    if (pages.size < FINGERPRINT_CONTEXTS_MIN || !list[0]) continue;
    if (storedMatches(v, index).length > 0) continue;
    // A constant of the tag (account or site key in its script URL) is no visitor identifier.
    scriptUrls ??= ctx.requests.filter((r) => r.kind === "script").map((r) => r.request.url);
    if (scriptUrls.some((u) => u.includes(v))) continue;
    return { value: list[0], pages: [...new Set(list.map((s) => s.req.page.url))] };
  }
  return undefined;
}

/** The first identifier-carrying request of the party on the page after its first probe. */
function resultRequest(
  ctx: Judged,
  sends: readonly SentValue[],
  p: PageProbes,
): SentValue | undefined {
  const page = ctx.pages[p.pageIndex]?.page;
  return sends.find((s) => s.req.page === page && s.req.request.startedMs >= p.firstMs);
}

function sentEvidence(s: SentValue): SentInEvidence {
  return {
    url: s.carrier.url,
    location: s.carrier.location,
    ...(s.carrier.key !== undefined ? { key: s.carrier.key } : {}),
    encoding: s.carrier.encoding,
  };
}

export const fingerprintingCheck = defineCheck({
  meta: {
    code: "fingerprinting",
    title: "Browser fingerprinting",
    description:
      "A third-party script combined probes of at least two families (canvas read-back, WebGL renderer, audio rendering, font measuring, broad navigator/screen reads, WebRTC) that together identify the browser without any cookie. See the README's Behaviour section for the thresholds.",
    severity: "medium",
    severityRules: [
      {
        severity: "high",
        when: "the party sent the same identifier, stored in no cookie or storage, from two visitor contexts of the scan",
      },
    ],
  },
  requires: ["requests", "parties"],
  run(ctx) {
    const byParty = new Map<string, PageProbes[]>();
    for (const p of fingerprintingProbes(ctx))
      byParty.set(p.party, [...(byParty.get(p.party) ?? []), p]);
    const out: FindingDraft<"fingerprinting">[] = [];
    for (const [party, list] of byParty) {
      const first = list[0] as PageProbes;
      const sends = identifierSends(ctx, party);
      const surviving = survivingIdentifier(ctx, sends);
      const result = resultRequest(ctx, sends, first);
      const families = [...new Set(list.flatMap((p) => p.families))];
      const status = ctx.partyByDomain.get(party)?.status;
      out.push({
        severity: surviving ? "high" : "medium",
        party,
        page: ctx.pages[first.pageIndex]?.page.url ?? "",
        key: JSON.stringify(["fingerprinting"]),
        evidence: {
          families,
          apis: first.apis as FingerprintingEvidence["apis"],
          scripts: first.scripts,
          loadedBy: first.scripts
            .map((s) => loaderChain(ctx, first.pageIndex, s))
            .filter((c) => c.length),
          pages: [...new Set(list.map((p) => ctx.pages[p.pageIndex]?.page.url ?? ""))],
          ...(result ? { sentIn: sentEvidence(result) } : {}),
          ...(surviving
            ? {
                survivesWithoutCookies: {
                  ...sentEvidence(surviving.value),
                  pages: surviving.pages,
                },
              }
            : {}),
          ...(status ? { partyStatus: status } : {}),
        },
      });
    }
    return out;
  },
});

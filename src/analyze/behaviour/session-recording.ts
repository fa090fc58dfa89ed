// session-recording: a third-party script that watches the whole document and sends DOM- or
// event-shaped payloads (node trees, page markup, mutation/pointer/input events) to a third party,
// over HTTP or a WebSocket. rrweb streams are recognised by shape even without the observer seen;
// any other recorder by behaviour. With --identity, says whether the typed identity went out too
// (typedTextSent: false means it was masked, or never typed on a recorded page).
import type { CapturedBody } from "../../model/capture.js";
import type { SessionRecordingEvidence } from "../../model/report.js";
import { type CheckContext, defineCheck, type FindingDraft } from "../checks/check.js";
import type { JudgedRequest } from "../judge-requests.js";
import { decodeBytes } from "../leaks/decode-bytes.js";
import { loaderChain } from "./fingerprinting.js";
import { identitySends } from "./identity-sends.js";
import { type PayloadShape, streamShapes } from "./recording-shape.js";
import { scriptPartyOf } from "./script-party.js";

const WHOLE_DOCUMENT = new Set(["document", "html", "body"]);

function bodyText(body: CapturedBody): string | undefined {
  if (!body.base64) return undefined;
  return decodeBytes(Buffer.from(body.base64, "base64"), body.contentEncoding)?.text;
}

function payloads(jr: JudgedRequest): string[] {
  const bodies = [...(jr.request.body ? [jr.request.body] : []), ...(jr.request.wsFrames ?? [])];
  return bodies.map(bodyText).filter((t): t is string => t !== undefined);
}

interface Seen {
  party: string;
  pageIndex: number;
  observers: { script: string; target: string }[];
  shapes: Set<PayloadShape>;
  requests: { url: string; kind: string; shapes: PayloadShape[] }[];
}

/** Per page and third party: whole-document observers and the shapes of what it sent. */
function recorders(ctx: CheckContext<"requests">): Seen[] {
  const out: Seen[] = [];
  for (const jp of ctx.pages) {
    const partyOf = scriptPartyOf(jp.page);
    const byParty = new Map<string, Seen>();
    const get = (party: string) => {
      let s = byParty.get(party);
      if (!s) {
        s = { party, pageIndex: jp.pageIndex, observers: [], shapes: new Set(), requests: [] };
        byParty.set(party, s);
      }
      return s;
    };
    for (const r of jp.page.behaviour ?? []) {
      if (r.api !== "MutationObserver.observe" || r.detail?.childList !== true) continue;
      const party = partyOf(r.script);
      if (!party || jp.firstParty.has(party) || !WHOLE_DOCUMENT.has(String(r.detail?.target)))
        continue;
      get(party).observers.push({ script: r.script, target: String(r.detail?.target) });
    }
    for (const jr of ctx.requests) {
      if (jr.pageIndex !== jp.pageIndex || jr.verdict === "first-party" || !jr.party) continue;
      const texts = payloads(jr);
      if (texts.length === 0) continue;
      const shapes = streamShapes(texts);
      if (shapes.length === 0) continue;
      const s = get(jr.party);
      for (const x of shapes) s.shapes.add(x);
      s.requests.push({ url: jr.request.url, kind: jr.kind, shapes });
    }
    for (const s of byParty.values()) {
      if (s.shapes.has("rrweb") || (s.observers.length > 0 && s.shapes.size > 0)) out.push(s);
    }
  }
  return out;
}

/** Typed text in the recording: true when the seeded identity reached the party on that page. */
function typedTextSent(ctx: CheckContext<"requests" | "leaks">, s: Seen): boolean | undefined {
  if (!ctx.leakOptions.identity) return undefined;
  const page = ctx.pages[s.pageIndex]?.page;
  return identitySends(ctx).some((x) => x.sent.party === s.party && x.sent.req.page === page);
}

export const sessionRecordingCheck = defineCheck({
  meta: {
    code: "session-recording",
    title: "Session recording",
    description:
      "A third-party script watched the whole page (a document-wide MutationObserver) and sent DOM- or event-shaped payloads (rrweb streams, node trees, page markup, pointer and input events) to a third party, over HTTP or a WebSocket: a replay of the visit, including what was typed unless masked (typedTextSent, with --identity).",
    severity: "high",
  },
  requires: ["requests", "parties", "leaks"],
  run(ctx) {
    const byParty = new Map<string, Seen[]>();
    for (const s of recorders(ctx)) byParty.set(s.party, [...(byParty.get(s.party) ?? []), s]);
    const out: FindingDraft<"session-recording">[] = [];
    for (const [party, list] of byParty) {
      const first = list[0] as Seen;
      const shapes: SessionRecordingEvidence["shapes"] = [
        ...new Set(list.flatMap((s) => [...s.shapes])),
      ].sort();
      const typed = list.map((s) => typedTextSent(ctx, s));
      const scripts = [...new Set(first.observers.map((o) => o.script))];
      const status = ctx.partyByDomain.get(party)?.status;
      out.push({
        severity: "high",
        party,
        page: ctx.pages[first.pageIndex]?.page.url ?? "",
        key: JSON.stringify(["session-recording"]),
        evidence: {
          format: shapes.includes("rrweb") ? "rrweb" : "custom",
          shapes,
          observes: first.observers.map((o) => o.target)[0] ?? "unseen",
          scripts,
          loadedBy: scripts
            .map((x) => loaderChain(ctx, first.pageIndex, x))
            .filter((c) => c.length),
          transports: [...new Set(list.flatMap((s) => s.requests.map((r) => r.kind)))].sort(),
          requests: first.requests.slice(0, 5),
          pages: [...new Set(list.map((s) => ctx.pages[s.pageIndex]?.page.url ?? ""))],
          ...(typed.some((t) => t !== undefined)
            ? { typedTextSent: typed.some((t) => t === true) }
            : {}),
          ...(status ? { partyStatus: status } : {}),
        },
      });
    }
    return out;
  },
});

// key-logging (needs --identity): the typed identity, in any form the leak engine knows, reaching
// a third party before the form it was typed into was submitted (or with no submit at all), or a
// third-party script listening to keystrokes on fields whose value then reached that party.
import type { BehaviourRecord } from "../../model/capture.js";
import { defineCheck, type FindingDraft } from "../checks/check.js";
import { carrierEvidence } from "../leaks/sent-values.js";
import { loaderChain } from "./fingerprinting.js";
import { type IdentitySend, identitySends } from "./identity-sends.js";
import { scriptPartyOf } from "./script-party.js";

const KEY_EVENTS =
  /^(addEventListener:|on)(input|keydown|keyup|keypress|change|beforeinput|blur|focusout|paste)$/;
const FIELD = /^(input:|textarea$|select$|form$|document$|window$|body$|html$)/;

/** Third-party keystroke listeners on fields or the document, by party, on one page. */
export function keyListeners(
  records: readonly BehaviourRecord[],
  partyOf: (script: string) => string,
): Map<string, BehaviourRecord[]> {
  const out = new Map<string, BehaviourRecord[]>();
  for (const r of records) {
    if (r.family !== "listener" || !KEY_EVENTS.test(r.api)) continue;
    if (!FIELD.test(String(r.detail?.target ?? ""))) continue;
    const party = partyOf(r.script);
    if (party) out.set(party, [...(out.get(party) ?? []), r]);
  }
  return out;
}

export const keyLoggingCheck = defineCheck({
  meta: {
    code: "key-logging",
    title: "Key logging",
    description:
      "With --identity: what the visitor typed (the seeded identity, in any encoding or hash the leak engine knows) reached a third party before the form was submitted, or a third-party script listening to keystrokes on the field sent it: form input harvested as it is typed.",
    severity: "high",
  },
  requires: ["requests", "parties", "leaks"],
  run(ctx) {
    const found = new Map<
      string,
      {
        first: IdentitySend;
        pages: Set<string>;
        listeners: BehaviourRecord[];
        beforeSubmit: boolean;
        submitMs?: number;
      }
    >();
    for (const x of identitySends(ctx)) {
      const jp = ctx.pages.find((p) => p.page === x.sent.req.page);
      if (!jp) continue;
      const submits = (jp.page.submits ?? []).map((s) => s.ms);
      const submitMs = submits.length ? Math.min(...submits) : undefined;
      const beforeSubmit = submitMs === undefined || x.sent.req.request.startedMs < submitMs;
      const listeners =
        keyListeners(jp.page.behaviour ?? [], scriptPartyOf(jp.page)).get(x.sent.party) ?? [];
      if (!beforeSubmit && listeners.length === 0) continue;
      const seen = found.get(x.sent.party);
      if (seen) {
        seen.pages.add(jp.page.url);
        seen.beforeSubmit ||= beforeSubmit;
        continue;
      }
      found.set(x.sent.party, {
        first: x,
        pages: new Set([jp.page.url]),
        listeners,
        beforeSubmit,
        ...(submitMs !== undefined ? { submitMs } : {}),
      });
    }
    const out: FindingDraft<"key-logging">[] = [];
    for (const [party, f] of found) {
      const page = f.first.sent.req.page;
      const pageIndex = ctx.pages.findIndex((p) => p.page === page);
      const scripts = [...new Set(f.listeners.map((l) => l.script))];
      const status = ctx.partyByDomain.get(party)?.status;
      out.push({
        severity: "high",
        party,
        page: page.url,
        key: JSON.stringify(["key-logging"]),
        evidence: {
          kind: f.first.pattern.kind,
          form: f.first.pattern.form,
          beforeSubmit: f.beforeSubmit,
          sentMs: Math.round(f.first.sent.req.request.startedMs),
          ...(f.submitMs !== undefined
            ? { submitMs: Math.round(f.submitMs) }
            : { submitted: false }),
          request: {
            ...carrierEvidence(f.first.sent),
            encoding: [
              ...f.first.sent.carrier.encoding,
              ...(f.first.pattern.form === "plain" ? [] : [f.first.pattern.form]),
            ],
          },
          listeners: f.listeners.map((l) => ({
            api: l.api,
            target: l.detail?.target,
            script: l.script,
          })),
          loadedBy: scripts.map((s) => loaderChain(ctx, pageIndex, s)).filter((c) => c.length),
          pages: [...f.pages],
          ...(status ? { partyStatus: status } : {}),
        },
      });
    }
    return out;
  },
});

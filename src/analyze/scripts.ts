// The script inventory: every distinct script run on each page with its hash, party, verdict,
// justification and loader chain. External scripts take the verdict of the request that loaded
// them (so an integrity pin that fails shows here too); inline scripts belong to their document;
// eval'd and inserted scripts to the script that created them.

import type { Allowlist } from "../config/allowlist.js";
import { justificationOf } from "../config/justification.js";
import { hostOf, partyOf } from "../domain/party.js";
import type { CapturedPage, CapturedScript } from "../model/capture.js";
import type { ReportScript } from "../model/report.js";
import { type EntityLookup, judgeContact, scanDay } from "./allowlist-match.js";
import { EVAL, INLINE } from "./initiator-chain.js";
import type { JudgedPage, JudgedRequest } from "./judge-requests.js";

export interface ScriptInventoryInput {
  pages: readonly JudgedPage[];
  requests: readonly JudgedRequest[];
  startedAt: string;
  allowlist?: Allowlist;
  lookup?: EntityLookup;
}

export function inventoryScripts(input: ScriptInventoryInput): ReportScript[] {
  const out: ReportScript[] = [];
  for (const jp of input.pages) {
    const requests = input.requests.filter((r) => r.pageIndex === jp.pageIndex);
    const seen = new Set<string>();
    for (const s of jp.page.scripts) {
      const entry = scriptEntry(jp, s, requests, input);
      const key = `${entry.url}|${entry.hash}|${entry.frame}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(entry);
    }
  }
  return out;
}

function scriptEntry(
  jp: JudgedPage,
  s: CapturedScript,
  requests: readonly JudgedRequest[],
  input: ScriptInventoryInput,
): ReportScript {
  const { page } = jp;
  const target = page.targets.find((t) => t.id === s.targetId);
  const frameUrl = s.frameId ? page.frames.find((f) => f.id === s.frameId)?.url : undefined;
  const frame =
    (s.kind === "inline" ? s.url : undefined) ?? frameUrl ?? target?.url ?? page.finalUrl;
  const hashPart = s.hash ?? `unhashed-${s.targetId}-${s.id}`;
  const url =
    s.kind === "url"
      ? s.url
      : `${s.kind === "eval" || s.kind === "unknown" ? "eval" : "inline"}:${hashPart}`;
  const base = {
    page: page.url,
    url,
    kind: s.kind,
    frame,
    target: target?.type ?? "page",
    hash: s.hash ?? null,
    ...(s.hashError || s.hash === undefined
      ? { hashError: s.hashError ?? "this capture did not record script hashes" }
      : {}),
    ...(s.bytes !== undefined ? { bytes: s.bytes } : {}),
    ...(s.normalisedHash ? { normalisedHash: s.normalisedHash } : {}),
    ...(s.integrity ? { integrity: s.integrity } : {}),
  };
  const load = s.kind === "url" ? loadOf(requests, s.url) : undefined;
  if (load) {
    const contact = load.contacts[load.contacts.length - 1];
    const justification = justificationOf(contact?.entry);
    return {
      ...base,
      party: load.party,
      verdict: load.verdict,
      ...(load.rule ? { rule: load.rule } : {}),
      ...(justification && load.verdict === "authorized" ? { justification } : {}),
      loadedBy: [...load.initiators, ...load.request.redirects.map((h) => h.url), s.url],
    };
  }
  // No load of its own: inline (its document), eval / inserted (its creator), worker scripts.
  const loadedBy = s.kind === "url" ? [s.url] : jp.chains.scriptChain(s);
  const owner = [...loadedBy]
    .reverse()
    .find((u) => u !== EVAL && u !== INLINE && /^https?:/.test(u));
  const ownerUrl = owner ?? (/^https?:/.test(frame) ? frame : page.finalUrl);
  const judged = judgeUrl(ownerUrl, jp, input);
  return { ...base, ...judged, loadedBy };
}

/** The request that loaded a script URL: a Script request first, else any request for it. */
function loadOf(requests: readonly JudgedRequest[], url: string): JudgedRequest | undefined {
  const forUrl = requests.filter((r) => r.request.url === url);
  return forUrl.find((r) => r.request.resourceType === "Script") ?? forUrl[0];
}

function judgeUrl(
  url: string,
  jp: JudgedPage,
  input: ScriptInventoryInput,
): Pick<ReportScript, "party" | "verdict" | "rule" | "justification"> {
  const host = hostOf(url);
  const j = judgeContact(
    { url, host, party: partyOf(host) },
    {
      firstParty: jp.firstParty,
      pagePath: pathOf(jp.page.finalUrl || jp.page.url),
      day: scanDay(input.startedAt),
      lookup: input.lookup,
    },
    input.allowlist,
  );
  const justification = justificationOf(j.entry);
  return {
    party: partyOf(host),
    verdict: j.verdict,
    ...(j.rule ? { rule: j.rule } : {}),
    ...(justification && j.verdict === "authorized" ? { justification } : {}),
  };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return "/";
  }
}

/** Pages a script URL was seen on with more than one hash (this scan and its second loads). */
export function volatileUrls(pages: readonly CapturedPage[]): Set<string> {
  const hashes = new Map<string, Set<string>>();
  for (const p of pages) {
    for (const s of [...p.scripts, ...(p.reloadScripts ?? [])]) {
      if (s.kind !== "url" || !s.hash) continue;
      const set = hashes.get(s.url) ?? new Set<string>();
      set.add(s.hash);
      hashes.set(s.url, set);
    }
  }
  return new Set([...hashes].filter(([, set]) => set.size > 1).map(([url]) => url));
}

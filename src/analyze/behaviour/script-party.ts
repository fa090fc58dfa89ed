// Who a calling script belongs to: its URL's party; code run from a blob: URL belongs to whoever
// made the blob (the capture puts the maker below the blob on the record's stack), else to the
// innermost named script of the blob's load.

import { partyOfUrl } from "../../domain/party.js";
import type { CapturedPage, CapturedStack } from "../../model/capture.js";

function innermostUrl(s: CapturedStack | undefined): string {
  for (let cur = s; cur; cur = cur.parent) {
    const f = cur.frames.find((x) => x.url && !x.url.startsWith("blob:"));
    if (f) return f.url;
  }
  return "";
}

/** The party of a script of this page ("" when it cannot be named). */
export function scriptPartyOf(page: CapturedPage): (script: string) => string {
  const makers = new Map<string, string>();
  for (const r of page.behaviour ?? []) {
    const maker = r.script.startsWith("blob:")
      ? r.scriptStack?.find((s) => !s.startsWith("blob:"))
      : undefined;
    if (maker) makers.set(r.script, maker);
  }
  return (script) => {
    if (!script.startsWith("blob:")) return partyOfUrl(script);
    const maker = makers.get(script);
    if (maker) return partyOfUrl(maker);
    const req = page.requests.find((r) => r.url === script);
    const creator = innermostUrl(req?.initiator.stack);
    return creator ? partyOfUrl(creator) : "";
  };
}

// Who a calling script belongs to: its URL's party; a blob: worker's code belongs to whoever
// created it (the innermost named script on the stack of the blob's load or the worker's target).
import type { CapturedPage, CapturedStack } from "../../model/capture.js";
import { partyOfUrl } from "../party.js";

function innermostUrl(s: CapturedStack | undefined): string {
  for (let cur = s; cur; cur = cur.parent) {
    const f = cur.frames.find((x) => x.url && !x.url.startsWith("blob:"));
    if (f) return f.url;
  }
  return "";
}

/** The party of a script of this page ("" when it cannot be named). */
export function scriptPartyOf(page: CapturedPage): (script: string) => string {
  return (script) => {
    if (!script.startsWith("blob:")) return partyOfUrl(script);
    const req = page.requests.find((r) => r.url === script);
    const creator = innermostUrl(req?.initiator.stack);
    return creator ? partyOfUrl(creator) : "";
  };
}

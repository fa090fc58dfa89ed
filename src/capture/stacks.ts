// Turns CDP stack traces and JavaScript Error stacks into the Capture's plain stack shapes.
import type { CapturedInitiator, CapturedStack, StackFrame } from "../model/capture.js";
import type { Protocol } from "./cdp-connection.js";

/** sourceURL prefix of every script skimscan injects. */
export const HOOK_PREFIX = "skimscan-";

/** Runtime.StackTrace (with async `parent` chain) → CapturedStack. Deep chains are cut at 64. */
export function toCapturedStack(
  st: Protocol.Runtime.StackTrace | undefined,
  depth = 0,
): CapturedStack | undefined {
  if (!st || depth > 64) return undefined;
  const frames: StackFrame[] = (st.callFrames ?? [])
    // Our own hooks (fetch, cookies, storage) sit on page stacks; they must stay invisible.
    .filter((f) => !String(f.url ?? "").startsWith(HOOK_PREFIX))
    .map((f) => ({
      url: String(f.url ?? ""),
      functionName: String(f.functionName ?? ""),
      scriptId: String(f.scriptId ?? ""),
      lineNumber: Number(f.lineNumber ?? 0),
      columnNumber: Number(f.columnNumber ?? 0),
    }));
  const out: CapturedStack = { frames };
  if (st.description) out.description = String(st.description);
  const parent = toCapturedStack(st.parent, depth + 1);
  if (parent) out.parent = parent;
  return out;
}

export function toCapturedInitiator(
  init: Protocol.Network.Initiator | undefined,
): CapturedInitiator {
  if (!init) return { type: "other" };
  const out: CapturedInitiator = { type: String(init.type ?? "other") };
  if (init.url) out.url = String(init.url);
  if (typeof init.lineNumber === "number") out.lineNumber = init.lineNumber;
  const stack = toCapturedStack(init.stack);
  if (stack) out.stack = stack;
  if (init.requestId) out.requestId = String(init.requestId);
  return out;
}

/**
 * Script URLs on a V8 `Error().stack`, innermost first, without frames of our own hooks
 * (their sourceURL starts with "skimscan-") and without repeats of the same URL in a row.
 */
export function scriptUrlsFromErrorStack(stack: string): string[] {
  const urls: string[] = [];
  for (const line of stack.split("\n").slice(1)) {
    const m = /^\s*at (?:.*? \()?(.*?)\)?$/.exec(line);
    if (!m?.[1]) continue;
    let loc = m[1];
    // "eval at f (https://x/a.js:1:2), <anonymous>:1:1": the eval was made by a.js.
    const evalAt = /\(([^()]*?):\d+:\d+\)/.exec(loc);
    if (loc.startsWith("eval at") && evalAt?.[1]) loc = `${evalAt[1]}:0:0`;
    const url = loc.replace(/:\d+:\d+$/, "").replace(/:\d+$/, "");
    if (!url || url === "<anonymous>" || url === "native" || url.startsWith(HOOK_PREFIX)) continue;
    if (urls[urls.length - 1] !== url) urls.push(url);
  }
  return urls;
}

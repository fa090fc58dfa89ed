// Installs a page-script hook in every document of a target, before any page script runs, with a
// private Runtime binding to report back. The hook takes the binding off the global at once, so
// page scripts never see it.
import { randomBytes } from "node:crypto";
import type { CdpParams, CdpSession } from "./cdp-connection.js";

export interface HookMessage {
  /** The parsed JSON payload the hook sent. */
  data: CdpParams;
  /** The frame of the document that sent it, when known. */
  frameId?: string;
}

/** The hook's source gets `__BINDING__` replaced with the binding name. */
export function hookSource(binding: string, body: string, sourceUrl: string): string {
  return `(() => {
  const send = globalThis[${JSON.stringify(binding)}];
  if (typeof send !== "function") return;
  try { delete globalThis[${JSON.stringify(binding)}]; } catch {}
  const post = (o) => { try { send(JSON.stringify(o)); } catch {} };
  const stack = () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 64;
    const s = new Error().stack || "";
    Error.stackTraceLimit = limit;
    return s;
  };
${body}
})();
//# sourceURL=${sourceUrl}`;
}

export function newBindingName(prefix: string): string {
  return `__${prefix}_${randomBytes(6).toString("hex")}`;
}

export async function installHook(
  session: CdpSession,
  binding: string,
  source: string,
  onMessage: (m: HookMessage) => void,
): Promise<void> {
  const frames = new Map<number, string>();
  session.on("Runtime.executionContextCreated", (p) => {
    const frameId = p.context?.auxData?.frameId;
    if (frameId) frames.set(p.context.id, frameId);
  });
  session.on("Runtime.bindingCalled", (p) => {
    if (p.name !== binding) return;
    let data: CdpParams;
    try {
      data = JSON.parse(p.payload);
    } catch {
      return;
    }
    const frameId = frames.get(p.executionContextId);
    onMessage(frameId ? { data, frameId } : { data });
  });
  await Promise.all([
    session.send("Runtime.addBinding", { name: binding }),
    session.send("Page.addScriptToEvaluateOnNewDocument", { source }),
  ]);
}

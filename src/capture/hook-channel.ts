// Installs a page-script hook in every document of a target, before any page script runs, with a
// private Runtime binding to report back. The hook takes the binding off the global at once, so
// page scripts never see it.
import { randomBytes } from "node:crypto";
import type { CdpSession } from "./cdp-connection.js";

/** A hook's JSON message: fields are read with String()/typeof checks, never trusted. */
export type HookPayload = Record<string, unknown>;

export interface HookMessage {
  /** The parsed JSON payload the hook sent (each hook knows its own shape). */
  data: HookPayload;
  /** The frame of the document that sent it, when known. */
  frameId?: string;
}

/** Wraps a hook body with the private channel (`post`) and the stack reader (`stack`). */
export function hookSource(binding: string, body: string, sourceUrl: string): string {
  return `(() => {
  const send = globalThis[${JSON.stringify(binding)}];
  if (typeof send !== "function") return;
  try { delete globalThis[${JSON.stringify(binding)}]; } catch {}
  const post = (o) => { try { send(JSON.stringify(o)); } catch {} };
  // V8's plain stack text, even on pages that install their own Error.prepareStackTrace.
  const stack = () => {
    const limit = Error.stackTraceLimit;
    const prepare = Error.prepareStackTrace;
    try {
      Error.stackTraceLimit = 64;
      Error.prepareStackTrace = undefined;
      return String(new Error().stack || "");
    } catch {
      return "";
    } finally {
      Error.stackTraceLimit = limit;
      Error.prepareStackTrace = prepare;
    }
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
    let data: HookPayload;
    try {
      const parsed: unknown = JSON.parse(p.payload);
      if (!parsed || typeof parsed !== "object") return;
      data = parsed as HookPayload;
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

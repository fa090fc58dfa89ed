// Scripts compiled in every target (Debugger.scriptParsed): their URL, whether they are inline or
// eval'd, and for scripts inserted at run time the stack that created them, so the core can join
// "pixel fired by c.js, which tag.js injected". Inline and eval scripts are hashed from their
// source text as UTF-8 (what a CSP hash source covers); external ones from the response body
// (script-bodies.ts), joined in by the page recorder.
import type { CapturedScript, CapturedTarget } from "../model/capture.js";
import type { CdpEvent, CdpSession } from "./cdp-connection.js";
import { type Collector, sendAll } from "./collector.js";
import { normalisedHash, sriHash } from "./script-hash.js";
import { toCapturedStack } from "./stacks.js";

export class ScriptsCollector implements Collector {
  readonly scripts: CapturedScript[] = [];
  private readonly pending = new Set<Promise<unknown>>();

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    // The document URL of each frame, to tell inline scripts (named after their document) apart.
    const frameUrls = new Map<string, string>();
    session.on("Page.frameNavigated", (p) => frameUrls.set(p.frame.id, p.frame.url));
    session.on("Debugger.scriptParsed", (p) => {
      const script = this.onScript(target, frameUrls, p);
      if (script && script.kind !== "url") this.hashSource(session, script);
    });
    return sendAll(
      session.send("Debugger.enable", {}),
      session.send("Debugger.setAsyncCallStackDepth", { maxDepth: 32 }),
    );
  }

  private onScript(
    target: CapturedTarget,
    frameUrls: Map<string, string>,
    p: CdpEvent<"Debugger.scriptParsed">,
  ): CapturedScript | undefined {
    const url = String(p.url ?? "");
    if (url.startsWith("skimscan-")) return undefined; // our own hooks
    const aux = p.executionContextAuxData as { frameId?: string } | undefined;
    const frameId = aux?.frameId;
    const docUrl = frameId
      ? frameUrls.get(frameId)
      : target.type === "page"
        ? target.url
        : undefined;
    let kind: CapturedScript["kind"];
    if (!url) kind = p.stackTrace ? "eval" : "unknown";
    else if (url === docUrl || (p.embedderName && p.embedderName === docUrl && url === docUrl))
      kind = "inline";
    else kind = "url";
    const createdBy = toCapturedStack(p.stackTrace);
    const script: CapturedScript = {
      id: String(p.scriptId),
      targetId: target.id,
      url,
      kind,
      ...(createdBy ? { createdBy } : {}),
      ...(frameId ? { frameId } : {}),
    };
    this.scripts.push(script);
    return script;
  }

  /** Waits for the source reads still running (bounded by the caller). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** Inline and eval: the source text the engine compiled, as UTF-8. */
  private hashSource(session: CdpSession, script: CapturedScript): void {
    const p = session
      .send("Debugger.getScriptSource", { scriptId: script.id })
      .then((res) => {
        const text = String(res.scriptSource ?? "");
        script.hash = sriHash(text);
        script.bytes = Buffer.byteLength(text, "utf8");
        script.normalisedHash = normalisedHash(text);
      })
      .catch((err: Error) => {
        script.hash = null;
        script.hashError = `source not readable: ${err.message}`;
      });
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

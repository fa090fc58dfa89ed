// Scripts compiled in every target (Debugger.scriptParsed): their URL, whether they are inline or
// eval'd, and for scripts inserted at run time the stack that created them, so the core can join
// "pixel fired by c.js, which tag.js injected".
import type { CapturedScript, CapturedTarget } from "../model/capture.js";
import type { CdpEvent, CdpSession } from "./cdp-connection.js";
import { type Collector, sendAll } from "./collector.js";
import { toCapturedStack } from "./stacks.js";

export class ScriptsCollector implements Collector {
  readonly scripts: CapturedScript[] = [];

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    // The document URL of each frame, to tell inline scripts (named after their document) apart.
    const frameUrls = new Map<string, string>();
    session.on("Page.frameNavigated", (p) => frameUrls.set(p.frame.id, p.frame.url));
    session.on("Debugger.scriptParsed", (p) => this.onScript(target, frameUrls, p));
    return sendAll(
      session.send("Debugger.enable", {}),
      session.send("Debugger.setAsyncCallStackDepth", { maxDepth: 32 }),
    );
  }

  private onScript(
    target: CapturedTarget,
    frameUrls: Map<string, string>,
    p: CdpEvent<"Debugger.scriptParsed">,
  ): void {
    const url = String(p.url ?? "");
    if (url.startsWith("skimscan-")) return; // our own hooks
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
    this.scripts.push({
      id: String(p.scriptId),
      targetId: target.id,
      url,
      kind,
      ...(createdBy ? { createdBy } : {}),
      ...(frameId ? { frameId } : {}),
    });
  }
}

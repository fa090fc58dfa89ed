// Targets and frames of a page: which targets were attached (page, OOPIFs, workers), which frames
// each held, their last URL, and the stack of the script that created each frame.
import type { CapturedFrame, CapturedTarget } from "../model/capture.js";
import type { CdpSession } from "./cdp-connection.js";
import { type Collector, sendAll } from "./collector.js";
import { toCapturedStack } from "./stacks.js";

export class TargetsCollector implements Collector {
  readonly targets = new Map<string, CapturedTarget>();
  readonly frames = new Map<string, CapturedFrame>();
  /** Set when the page is unloading (about:blank): frame URLs stay those of the page. */
  frozen = false;
  private mainFrameId: string | undefined;
  private mainUrl = "";
  private readonly mainListeners: Array<(url: string) => void> = [];

  /** The top frame's URL as last committed. */
  get topUrl(): string {
    return this.mainUrl;
  }

  onMainFrameNavigated(listener: (url: string) => void): void {
    this.mainListeners.push(listener);
  }

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    this.targets.set(target.id, target);
    if (target.type !== "page" && target.type !== "iframe") return Promise.resolve();
    session.on("Page.frameAttached", (p) => {
      const f = this.frame(p.frameId, target.id);
      if (p.parentFrameId) f.parentId = p.parentFrameId;
      const createdBy = toCapturedStack(p.stack);
      if (createdBy) f.createdBy = createdBy;
    });
    session.on("Page.frameNavigated", (p) => {
      if (this.frozen) return;
      const fr = p.frame;
      const f = this.frame(fr.id, target.id);
      f.url = fr.url;
      // An OOPIF's own target owns its frame; the parent only saw it attach.
      if (fr.id === target.id || !fr.parentId) f.targetId = target.id;
      if (fr.parentId) f.parentId = fr.parentId;
      if (fr.loaderId) f.documentRequestId = fr.loaderId;
      if (fr.id === target.id) target.url = fr.url;
      if (target.type === "page" && !fr.parentId && !target.parentId) {
        this.mainFrameId = fr.id;
        this.mainUrl = fr.url;
        for (const l of this.mainListeners) l(fr.url);
      }
    });
    session.on("Page.navigatedWithinDocument", (p) => {
      if (this.frozen) return;
      const f = this.frames.get(p.frameId);
      if (f) f.url = p.url;
      if (p.frameId === this.mainFrameId) this.mainUrl = p.url;
    });
    return sendAll(session.send("Page.enable", {}));
  }

  private frame(id: string, targetId: string): CapturedFrame {
    let f = this.frames.get(id);
    if (!f) {
      f = { id, url: "", targetId };
      this.frames.set(id, f);
    }
    return f;
  }
}

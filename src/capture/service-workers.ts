// Keeps the quiet-network wait from ending while a service worker of the page is still installing
// or activating: its first fetches can start well after the page itself went quiet.
import type { CapturedTarget } from "../model/capture.js";
import type { CdpSession } from "./cdp-connection.js";
import { type Collector, sendAll } from "./collector.js";

const BUSY = new Set(["new", "installing", "activating"]);

export class ServiceWorkerLifecycle implements Collector {
  private readonly busy = new Set<string>();
  private readonly listeners: Array<() => void> = [];

  /** Service worker versions still on their way to activated (or redundant). */
  get busyCount(): number {
    return this.busy.size;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    // The domain reports every registration of the browser context: the top page is enough.
    if (target.type !== "page" || target.parentId) return Promise.resolve();
    session.on("ServiceWorker.workerVersionUpdated", (p) => {
      for (const v of p.versions ?? []) {
        const had = this.busy.size;
        if (BUSY.has(v.status)) this.busy.add(v.versionId);
        else this.busy.delete(v.versionId);
        if (had !== this.busy.size) for (const l of this.listeners) l();
      }
    });
    return sendAll(session.send("ServiceWorker.enable"));
  }
}

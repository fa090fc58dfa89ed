// Web Storage writes as the browser reports them (DOMStorage domain). They include property
// writes (`localStorage.k = v`) that the setItem hook cannot see, but carry no script: the page
// recorder keeps only those the hook did not already attribute.
import type { CapturedTarget, StorageWrite } from "../model/capture.js";
import type { CdpEvent, CdpSession } from "./cdp-connection.js";
import { type Collector, type PageClock, sendAll } from "./collector.js";

/** Same cap as the hook's, so both sides compare equal. */
export const STORAGE_VALUE_CAP = 1024;

export class DomStorageCollector implements Collector {
  readonly writes: StorageWrite[] = [];

  constructor(private readonly clock: PageClock) {}

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    if (target.type !== "page" && target.type !== "iframe") return Promise.resolve();
    const onWrite = (
      p: CdpEvent<"DOMStorage.domStorageItemAdded"> | CdpEvent<"DOMStorage.domStorageItemUpdated">,
    ) => {
      const id = p.storageId;
      const origin = String(id.securityOrigin || id.storageKey || "").replace(/\/$/, "");
      const value = String(p.newValue ?? "");
      this.writes.push({
        kind: id.isLocalStorage ? "localStorage" : "sessionStorage",
        origin,
        key: String(p.key ?? ""),
        bytes: value.length,
        value: value.slice(0, STORAGE_VALUE_CAP),
        targetId: target.id,
        documentUrl: target.url,
        ms: this.clock.ms(),
      });
    };
    session.on("DOMStorage.domStorageItemAdded", onWrite);
    session.on("DOMStorage.domStorageItemUpdated", onWrite);
    return sendAll(session.send("DOMStorage.enable"));
  }

  /** The browser-reported writes that no hook write accounts for (property writes, mostly). */
  unattributed(hooked: StorageWrite[]): StorageWrite[] {
    const pool = hooked.filter((w) => w.kind !== "indexedDB");
    return this.writes.filter((w) => {
      const i = pool.findIndex(
        (h) => h.kind === w.kind && h.origin === w.origin && h.key === w.key && h.value === w.value,
      );
      if (i < 0) return true;
      pool.splice(i, 1);
      return false;
    });
  }
}

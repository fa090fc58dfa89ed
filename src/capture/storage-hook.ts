// Storage writes in every frame: localStorage/sessionStorage.setItem and indexedDB.open, with the
// writing script, before page scripts run. Identifiers live here as often as in cookies.
import type { CapturedTarget, StorageWrite } from "../model/capture.js";
import type { CdpSession } from "./cdp-connection.js";
import type { Collector, PageClock } from "./collector.js";
import { STORAGE_VALUE_CAP } from "./dom-storage.js";
import { type HookMessage, hookSource, installHook, newBindingName } from "./hook-channel.js";
import { scriptUrlsFromErrorStack } from "./stacks.js";

const BODY = `
  const where = () => ({ url: (globalThis.document && document.URL) || location.href, origin: location.origin });
  const S = globalThis.Storage && Storage.prototype;
  if (S && S.setItem) {
    const setItem0 = S.setItem;
    let local = null;
    S.setItem = function (k, v) {
      const s = stack();
      const r = setItem0.apply(this, arguments);
      let kind = "sessionStorage";
      try { if (local === null) local = globalThis.localStorage; if (this === local) kind = "localStorage"; } catch {}
      const value = String(v);
      post(Object.assign({ kind, key: String(k), bytes: value.length, value: value.slice(0, ${STORAGE_VALUE_CAP}), stack: s }, where()));
      return r;
    };
  }
  const F = globalThis.IDBFactory && IDBFactory.prototype;
  if (F && F.open) {
    const open0 = F.open;
    F.open = function (name) {
      const s = stack();
      const r = open0.apply(this, arguments);
      post(Object.assign({ kind: "indexedDB", key: String(name), bytes: 0, stack: s }, where()));
      return r;
    };
  }
`;

export class StorageHookCollector implements Collector {
  readonly writes: StorageWrite[] = [];
  private readonly binding = newBindingName("sks");
  private readonly source = hookSource(this.binding, BODY, "skimscan-storage-hook");

  constructor(private readonly clock: PageClock) {}

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    if (target.type !== "page" && target.type !== "iframe") return Promise.resolve();
    return installHook(session, this.binding, this.source, (m) => this.onMessage(target, m));
  }

  private onMessage(target: CapturedTarget, m: HookMessage): void {
    const d = m.data;
    const scripts = scriptUrlsFromErrorStack(String(d.stack ?? ""));
    const kind = d.kind === "localStorage" || d.kind === "indexedDB" ? d.kind : "sessionStorage";
    this.writes.push({
      kind,
      origin: String(d.origin ?? ""),
      key: String(d.key ?? ""),
      bytes: Number(d.bytes ?? 0),
      ...(kind !== "indexedDB" ? { value: String(d.value ?? "") } : {}),
      ...(scripts[0] ? { script: scripts[0] } : {}),
      scriptStack: scripts,
      ...(m.frameId ? { frameId: m.frameId } : {}),
      targetId: target.id,
      documentUrl: String(d.url ?? ""),
      ms: this.clock.ms(),
    });
  }
}

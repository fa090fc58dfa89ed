// Behaviour hooks: what scripts read and watch, not only what they send. Installs the probing-API
// hooks of behaviour-hook-source.ts before any page script in every frame (a new-document script)
// and in every dedicated, shared and service worker (evaluated while the worker is paused at
// start), and turns their reports into BehaviourRecords (one per api, calling stack and detail,
// with a count) and FormSubmits.
import type { BehaviourRecord, CapturedTarget, FormSubmit } from "../model/capture.js";
import { BEHAVIOUR_BODY } from "./behaviour-hook-source.js";
import type { CdpSession } from "./cdp-connection.js";
import type { Collector, PageClock } from "./collector.js";
import {
  type HookMessage,
  type HookPayload,
  hookSource,
  installHook,
  newBindingName,
} from "./hook-channel.js";
import { scriptUrlsFromErrorStack } from "./stacks.js";

const FAMILIES = new Set<BehaviourRecord["family"]>([
  "canvas",
  "webgl",
  "audio",
  "fonts",
  "navigator",
  "webrtc",
  "media-devices",
  "battery",
  "permissions",
  "listener",
  "observer",
]);

const WORKERS = new Set(["worker", "shared_worker", "service_worker"]);

type DetailValue = string | number | boolean;

function detailOf(d: unknown): Record<string, DetailValue> | undefined {
  if (!d || typeof d !== "object") return undefined;
  const out: Record<string, DetailValue> = {};
  for (const [k, v] of Object.entries(d as Record<string, unknown>)) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export class BehaviourHookCollector implements Collector {
  private readonly byKey = new Map<string, BehaviourRecord>();
  private readonly siteCounts = new Map<string, number>();
  /** blob: URL → the scripts that made it (innermost first). */
  private readonly blobMakers = new Map<string, string[]>();
  readonly submits: FormSubmit[] = [];
  private readonly binding = newBindingName("skb");
  private readonly source = hookSource(
    this.binding,
    `  const BINDING = ${JSON.stringify(this.binding)};\n${BEHAVIOUR_BODY}`,
    "skimscan-behaviour-hook",
  );

  constructor(private readonly clock: PageClock) {}

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    const onMessage = (m: HookMessage) => this.onMessage(target, m);
    if (target.type === "page" || target.type === "iframe") {
      return installHook(session, this.binding, this.source, onMessage);
    }
    if (WORKERS.has(target.type)) return this.attachWorker(session, onMessage);
    return Promise.resolve();
  }

  /** A worker has no new-document scripts: add the binding, then run the hook while it is paused. */
  private async attachWorker(
    session: CdpSession,
    onMessage: (m: HookMessage) => void,
  ): Promise<void> {
    session.on("Runtime.bindingCalled", (p) => {
      if (p.name !== this.binding) return;
      try {
        const data: unknown = JSON.parse(p.payload);
        if (data && typeof data === "object") onMessage({ data: data as HookPayload });
      } catch {}
    });
    try {
      await session.send("Runtime.addBinding", { name: this.binding });
      await session.send("Runtime.evaluate", { expression: this.source, silent: true });
    } catch {
      // A worker that closed before it was instrumented has nothing to record.
    }
  }

  private onMessage(target: CapturedTarget, m: HookMessage): void {
    const d = m.data;
    const ms = this.clock.ms();
    if (d.submit === true) {
      this.submits.push({
        ms,
        ...(m.frameId ? { frameId: m.frameId } : {}),
        ...(d.action ? { action: String(d.action) } : {}),
      });
      return;
    }
    if (typeof d.blob === "string") {
      this.blobMakers.set(d.blob, scriptUrlsFromErrorStack(String(d.stack ?? "")));
      return;
    }
    const family = String(d.family) as BehaviourRecord["family"];
    if (!FAMILIES.has(family)) return;
    const scripts = this.withBlobMakers(scriptUrlsFromErrorStack(String(d.stack ?? "")));
    const detail = detailOf(d.detail);
    const api = String(d.api ?? "");
    const key = JSON.stringify([target.id, m.frameId ?? "", api, scripts, detail ?? null]);
    const count = Number(d.count) || 1;
    // The page counts per exact stack (line and column); several call sites of one script add up.
    const site = `${key}\u0000${String(d.stack ?? "")}`;
    const before = this.siteCounts.get(site) ?? 0;
    this.siteCounts.set(site, Math.max(before, count));
    const seen = this.byKey.get(key);
    if (seen) {
      seen.count += Math.max(0, count - before);
      return;
    }
    this.byKey.set(key, {
      api,
      family,
      script: scripts[0] ?? "",
      scriptStack: scripts,
      count,
      targetId: target.id,
      ...(m.frameId ? { frameId: m.frameId } : {}),
      ...(detail ? { detail } : {}),
      ms,
    });
  }

  /** Code run from a blob: URL gets the scripts that made the blob below it on its stack. */
  private withBlobMakers(scripts: string[]): string[] {
    const blob = scripts.find((s) => s.startsWith("blob:"));
    const makers = blob ? this.blobMakers.get(blob) : undefined;
    return makers ? [...scripts, ...makers.filter((m) => !scripts.includes(m))] : scripts;
  }

  /** Every record, first call first. */
  records(): BehaviourRecord[] {
    return [...this.byKey.values()].sort((a, b) => a.ms - b.ms);
  }
}

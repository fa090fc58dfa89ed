// Records one page: attaches every collector to each target of the page's browser context as it
// appears, tracks in-flight requests for the quiet-network wait, and assembles the page's data.
import type { CapturedDevice, CapturedPage, CapturedTarget, TargetType } from "../model/capture.js";
import { BehaviourHookCollector } from "./behaviour-hook.js";
import type { CdpSession, Protocol } from "./cdp-connection.js";
import { sendAll } from "./collector.js";
import { CookieHookCollector } from "./cookie-hook.js";
import { CspViolationsCollector } from "./csp-violations.js";
import { emulateDevice } from "./device-profile.js";
import { DomStorageCollector } from "./dom-storage.js";
import { IntegrityAttributesCollector } from "./integrity-attributes.js";
import { KeepaliveHookCollector } from "./keepalive-hook.js";
import { NetworkCollector } from "./network.js";
import { Recorder, type TargetOwner } from "./recorder.js";
import { hashScripts, ScriptBodiesCollector } from "./script-bodies.js";
import { ScriptsCollector } from "./scripts.js";
import { ServiceWorkerLifecycle } from "./service-workers.js";
import { StorageHookCollector } from "./storage-hook.js";
import { TargetsCollector } from "./targets.js";
import { UnloadRequestsCollector } from "./unload-requests.js";
import type { UserAgentOverride } from "./user-agent.js";
import { WebSocketFramesCollector } from "./websocket-frames.js";

const TARGET_TYPES = new Set<TargetType>([
  "page",
  "iframe",
  "worker",
  "shared_worker",
  "service_worker",
]);

export type WaitResult = "quiet" | "deadline" | "aborted" | "crashed";

export interface PageRecorderOptions {
  maxBodyBytes: number;
  userAgent: UserAgentOverride;
  /** --device: screen and touch for page and frame targets (desktop when absent). */
  device?: CapturedDevice;
  /** Install the behaviour hooks (default true); off only to measure or prove their absence. */
  behaviourHooks?: boolean;
  /** Called on each out-of-process iframe target while it is still paused. */
  prepareFrame?: (frame: CdpSession) => Promise<void>;
}

type PageData = Pick<
  CapturedPage,
  | "targets"
  | "frames"
  | "requests"
  | "scripts"
  | "cookieWrites"
  | "storage"
  | "behaviour"
  | "submits"
  | "cspViolations"
>;

export class PageRecorder implements TargetOwner {
  readonly startedAt = Date.now();
  readonly targets = new TargetsCollector();
  readonly network: NetworkCollector;
  readonly scripts = new ScriptsCollector();
  readonly scriptBodies = new ScriptBodiesCollector();
  readonly integrity = new IntegrityAttributesCollector();
  readonly cookies: CookieHookCollector;
  readonly storage: StorageHookCollector;
  readonly unloadRequests: UnloadRequestsCollector;
  readonly serviceWorkers = new ServiceWorkerLifecycle();
  readonly keepalive = new KeepaliveHookCollector();
  readonly domStorage: DomStorageCollector;
  readonly behaviour: BehaviourHookCollector;
  readonly wsFrames: WebSocketFramesCollector;
  readonly csp: CspViolationsCollector;
  readonly warnings: string[] = [];
  /** Set when the page's renderer crashed. */
  crashed = false;
  private top: CdpSession | undefined;
  private readonly topWaiters: Array<(s: CdpSession) => void> = [];
  private readonly wake = new Set<() => void>();
  private readonly loadWaiters: Array<() => void> = [];
  loaded = false;

  constructor(private readonly opts: PageRecorderOptions) {
    const clock = { ms: () => Date.now() - this.startedAt, topUrl: () => this.targets.topUrl };
    this.network = new NetworkCollector(clock, opts.maxBodyBytes);
    this.cookies = new CookieHookCollector(clock);
    this.storage = new StorageHookCollector(clock);
    this.domStorage = new DomStorageCollector(clock);
    this.behaviour = new BehaviourHookCollector(clock);
    this.wsFrames = new WebSocketFramesCollector(opts.maxBodyBytes);
    this.csp = new CspViolationsCollector(clock);
    this.unloadRequests = new UnloadRequestsCollector(clock, opts, (r) => this.network.adopt(r));
    this.network.onActivity(() => this.poke());
    this.serviceWorkers.onChange(() => this.poke());
  }

  /** The page's own top-level target, once attached and instrumented. */
  topSession(): Promise<CdpSession> {
    if (this.top) return Promise.resolve(this.top);
    return new Promise((resolve) => this.topWaiters.push(resolve));
  }

  async instrument(
    session: CdpSession,
    info: Protocol.Target.TargetInfo,
    parentTargetId?: string,
  ): Promise<void> {
    const type = targetType(info.type);
    // Chromium's own UI (omnibox popups, WebUI) lives in the same context: never the page's doing.
    if (type === "other" || isBrowserUi(String(info.url ?? ""))) return;
    const parentId = parentTargetId ?? info.openerId;
    const target: CapturedTarget = {
      id: info.targetId,
      type,
      url: info.url ?? "",
      ...(parentId ? { parentId } : {}),
    };
    const isTop = type === "page" && !parentId && !this.top;
    if (type === "page" || type === "iframe") {
      // alert/confirm/beforeunload dialogs would block the page: answer them as a visitor would.
      session.on("Page.javascriptDialogOpening", () => {
        void session.send("Page.handleJavaScriptDialog", { accept: true }).catch(() => undefined);
      });
    }
    if (isTop) {
      session.on("Inspector.targetCrashed", () => {
        this.crashed = true;
        this.poke();
      });
      session.on("Page.loadEventFired", () => {
        this.loaded = true;
        for (const w of this.loadWaiters.splice(0)) w();
      });
    }
    const ua = this.opts.userAgent;
    // Order matters (docs/ARCHITECTURE.md, "Instrument"): network, runtime, debugger, page + hooks,
    // nested auto-attach.
    await Promise.all([
      this.network.attach(session, target),
      sendAll(session.send("Runtime.enable"), session.send("Network.setUserAgentOverride", ua)),
      this.scripts.attach(session, target),
      this.scriptBodies.attach(session, target),
      this.integrity.attach(session, target),
      this.opts.device && (type === "page" || type === "iframe")
        ? emulateDevice(session, this.opts.device, type === "page")
        : Promise.resolve(),
      this.targets.attach(session, target),
      this.cookies.attach(session, target),
      this.storage.attach(session, target),
      this.unloadRequests.attach(session, target),
      this.serviceWorkers.attach(session, target),
      this.keepalive.attach(session, target),
      this.domStorage.attach(session, target),
      this.opts.behaviourHooks !== false
        ? this.behaviour.attach(session, target)
        : Promise.resolve(),
      this.wsFrames.attach(session, target),
      this.csp.attach(session, target),
      isTop ? sendAll(session.send("Inspector.enable")) : Promise.resolve(),
      type === "iframe" && this.opts.prepareFrame
        ? this.opts.prepareFrame(session).catch(() => undefined)
        : Promise.resolve(),
      type !== "service_worker"
        ? sendAll(session.send("Target.setAutoAttach", Recorder.autoAttachParams))
        : Promise.resolve(),
    ]);
    if (isTop) {
      this.top = session;
      for (const w of this.topWaiters.splice(0)) w(session);
    }
  }

  /** From now on the page is going away: keep the last real URLs of its frames. */
  beginUnload(): void {
    this.targets.frozen = true;
  }

  detached(sessionId: string): void {
    this.network.forgetSession(sessionId);
  }

  /** Waits for body, source and size look-ups still running (bounded by the caller). */
  async settle(): Promise<void> {
    await Promise.all([this.network.settle(), this.scripts.settle(), this.scriptBodies.settle()]);
  }

  /** Resolves on the top document's load event, or at the deadline / abort / crash. */
  waitLoad(until: number, signal?: AbortSignal): Promise<WaitResult> {
    return this.waitFor(
      () => this.loaded,
      until,
      signal,
      (w) => this.loadWaiters.push(w),
    );
  }

  /**
   * Resolves once no request has been in flight in any target, and no service worker has been
   * installing or activating, for quietMs.
   */
  waitQuiet(quietMs: number, until: number, signal?: AbortSignal): Promise<WaitResult> {
    const busy = () => this.network.inflightCount + this.serviceWorkers.busyCount;
    let quietSince = busy() === 0 ? Date.now() : 0;
    let timer: NodeJS.Timeout | undefined;
    return this.waitFor(
      () => {
        if (busy() > 0) {
          quietSince = 0;
          return false;
        }
        if (!quietSince) quietSince = Date.now();
        const left = quietSince + quietMs - Date.now();
        if (left <= 0) return true;
        clearTimeout(timer);
        timer = setTimeout(() => this.poke(), left);
        return false;
      },
      until,
      signal,
    ).finally(() => clearTimeout(timer));
  }

  /** Waits ms (bounded by the deadline), ending early on abort or crash. */
  sleep(ms: number, until: number, signal?: AbortSignal): Promise<WaitResult> {
    const end = Date.now() + ms;
    let timer: NodeJS.Timeout | undefined;
    return this.waitFor(
      () => {
        const left = end - Date.now();
        if (left <= 0) return true;
        if (!Number.isFinite(left)) return false;
        clearTimeout(timer);
        timer = setTimeout(() => this.poke(), left);
        return false;
      },
      until,
      signal,
    ).finally(() => clearTimeout(timer));
  }

  private poke(): void {
    for (const w of [...this.wake]) w();
  }

  private waitFor(
    done: () => boolean,
    until: number,
    signal: AbortSignal | undefined,
    subscribe?: (wake: () => void) => void,
  ): Promise<WaitResult> {
    return new Promise((resolve) => {
      let deadline: NodeJS.Timeout | undefined;
      const finish = (r: WaitResult) => {
        this.wake.delete(check);
        clearTimeout(deadline);
        signal?.removeEventListener("abort", onAbort);
        resolve(r);
      };
      const onAbort = () => finish("aborted");
      const check = () => {
        if (signal?.aborted) return finish("aborted");
        if (this.crashed) return finish("crashed");
        if (done()) return finish(Date.now() > until ? "deadline" : "quiet");
        if (Date.now() >= until) return finish("deadline");
      };
      this.wake.add(check);
      signal?.addEventListener("abort", onAbort);
      deadline = setTimeout(check, Math.max(0, until - Date.now()));
      subscribe?.(check);
      check();
    });
  }

  /** Everything recorded, as the Capture's plain data. */
  result(): PageData & { warnings: string[] } {
    const net = this.network.result();
    this.keepalive.mark(net.requests);
    this.wsFrames.mark(net.requests);
    this.csp.mark(net.requests);
    const cookieWrites = [...net.cookieWrites, ...this.cookies.writes].sort((a, b) => a.ms - b.ms);
    return {
      targets: [...this.targets.targets.values()],
      frames: [...this.targets.frames.values()],
      requests: net.requests,
      scripts: hashScripts(
        this.scripts.scripts,
        (u) => this.scriptBodies.bodies(u),
        this.integrity.byUrl,
      ),
      cookieWrites,
      storage: [...this.storage.writes, ...this.domStorage.unattributed(this.storage.writes)].sort(
        (a, b) => a.ms - b.ms,
      ),
      behaviour: this.behaviour.records(),
      submits: this.behaviour.submits,
      ...(this.csp.violations.length ? { cspViolations: [...this.csp.violations] } : {}),
      warnings: [...this.warnings, ...net.warnings],
    };
  }
}

function targetType(type: string): TargetType {
  return TARGET_TYPES.has(type as TargetType) ? (type as TargetType) : "other";
}

function isBrowserUi(url: string): boolean {
  return /^(chrome|chrome-untrusted|devtools|chrome-extension):/.test(url);
}

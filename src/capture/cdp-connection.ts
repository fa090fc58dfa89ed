// A minimal raw CDP client over one WebSocket to the browser endpoint. The recorder does all its
// instrumentation here rather than on puppeteer's sessions, which detach from service workers.
// Commands and events are typed from the pinned devtools-protocol package.
import type { Protocol } from "devtools-protocol";
import type { ProtocolMapping } from "devtools-protocol/types/protocol-mapping.js";
import WebSocket from "ws";
import { type CdpDeadlines, DEFAULT_DEADLINES, deadlineFor } from "./cdp-deadlines.js";

export type { Protocol };
export type CdpMethod = keyof ProtocolMapping.Commands;
export type CdpEventName = keyof ProtocolMapping.Events;
/** The parameters of a command, as a tuple: `[]`, `[params]` or `[params?]`. */
export type CdpArgs<M extends CdpMethod> = ProtocolMapping.Commands[M]["paramsType"];
export type CdpResult<M extends CdpMethod> = ProtocolMapping.Commands[M]["returnType"];
/** The payload of an event (events without one get an empty object). */
export type CdpEvent<E extends CdpEventName> = ProtocolMapping.Events[E] extends [infer P]
  ? P
  : Record<string, never>;

/** One flattened CDP session: the browser itself (sessionId undefined) or one target. */
export interface CdpSession {
  readonly sessionId: string | undefined;
  send<M extends CdpMethod>(method: M, ...params: CdpArgs<M>): Promise<CdpResult<M>>;
  on<E extends CdpEventName>(event: E, listener: (params: CdpEvent<E>) => void): void;
}

export class CdpError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(`${method}: ${message}`);
    this.name = new.target.name;
  }
}

/** What is known of the target a command went to, for error messages. */
export interface CdpTargetRef {
  sessionId?: string;
  targetId?: string;
  url?: string;
}

/** A command that got no answer within its deadline. */
export class CdpTimeoutError extends CdpError {
  constructor(
    method: string,
    readonly ms: number,
    readonly target: CdpTargetRef,
  ) {
    super(method, `no answer within ${ms} ms (${describeTarget(target)})`);
  }
}

/** "the browser", or "target 1A2B… (https://…), session 9F…". */
export function describeTarget(t: CdpTargetRef): string {
  if (!t.sessionId) return "the browser";
  const parts = [t.targetId ? `target ${t.targetId}` : "", t.url ? `(${cut(t.url)})` : ""];
  return [...parts, `session ${t.sessionId}`].filter(Boolean).join(" ");
}

function cut(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

type Listener = (params: unknown, sessionId: string | undefined) => void;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  method: string;
  sessionId: string | undefined;
  ms: number;
  timer: NodeJS.Timeout;
  /** A missed deadline of this command makes the connection check the browser. */
  probes: boolean;
}

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  sessionId?: string;
  result?: unknown;
  error?: { message: string };
}

export interface CdpConnectionOptions {
  deadlines?: Partial<CdpDeadlines>;
}

export class CdpConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Listeners per "sessionId|method"; the browser session uses the empty id. */
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Listeners of one event on every session. */
  private readonly everySession = new Map<string, Set<Listener>>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  /** sessionId → the target it is attached to, for error messages. */
  private readonly targets = new Map<string, { targetId: string; url: string }>();
  private readonly deadlines: CdpDeadlines;
  private probe: Promise<boolean> | undefined;
  /** The first missed deadline since the browser last answered: the reason given if it hung. */
  private firstMiss: CdpTimeoutError | undefined;
  private reason: string | undefined;
  /** Set when it was closed because the browser stopped answering (not a crash or a close). */
  unresponsive = false;

  private constructor(
    private readonly ws: WebSocket,
    opts: CdpConnectionOptions,
  ) {
    this.deadlines = { ...DEFAULT_DEADLINES, ...opts.deadlines };
    ws.on("message", (data) => this.onMessage(data.toString()));
    ws.on("close", () => this.shut("the connection to the browser closed"));
    ws.on("error", (err) => this.shut(`the connection to the browser failed: ${err.message}`));
  }

  static async connect(endpoint: string, opts: CdpConnectionOptions = {}): Promise<CdpConnection> {
    const ws = new WebSocket(endpoint, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new CdpConnection(ws, opts);
  }

  get isClosed(): boolean {
    return this.reason !== undefined;
  }

  /** Why the connection is closed ("the browser stopped answering: …"); undefined while open. */
  get closeReason(): string | undefined {
    return this.reason;
  }

  /** The browser's own session (Target.*, Storage.*, Browser.*). */
  get browser(): CdpSession {
    return this.session(undefined);
  }

  session(sessionId: string | undefined): CdpSession {
    return {
      sessionId,
      send: (method, ...params) => this.dispatch(sessionId, method, params[0]),
      on: (event, listener) =>
        this.addListener(this.listeners, `${sessionId ?? ""}|${event}`, listener as Listener),
    };
  }

  /** A browser-level command (shorthand for `browser.send`). */
  send<M extends CdpMethod>(method: M, ...params: CdpArgs<M>): Promise<CdpResult<M>> {
    return this.dispatch(undefined, method, params[0]);
  }

  /** An event of every session, with the session it came from (attach/detach routing). */
  onEvery<E extends CdpEventName>(
    event: E,
    listener: (params: CdpEvent<E>, sessionId: string | undefined) => void,
  ): void {
    this.addListener(this.everySession, event, listener as Listener);
  }

  /** Called once when the connection closes, with the reason (at once when already closed). */
  onClose(listener: (reason: string) => void): void {
    if (this.reason !== undefined) listener(this.reason);
    else this.closeListeners.add(listener);
  }

  /**
   * Asks the browser itself for a sign of life (Browser.getVersion within probeMs). No answer:
   * the browser stopped answering, and the connection is closed with that reason.
   */
  isAnswering(): Promise<boolean> {
    if (this.isClosed) return Promise.resolve(false);
    this.probe ??= this.dispatch(undefined, "Browser.getVersion", undefined, this.deadlines.probeMs)
      .then(
        () => true,
        (err: Error) => {
          if (err instanceof CdpTimeoutError) this.stopAnswering(err);
          return false;
        },
      )
      .finally(() => {
        this.probe = undefined;
      });
    return this.probe;
  }

  /** Drops the listeners of a detached session so long scans do not leak them. */
  forgetSession(sessionId: string): void {
    const prefix = `${sessionId}|`;
    for (const key of this.listeners.keys()) if (key.startsWith(prefix)) this.listeners.delete(key);
  }

  close(): void {
    if (!this.isClosed) this.ws.close();
    this.shut("the connection to the browser was closed");
  }

  /** What is known of the target behind a session. */
  target(sessionId: string | undefined): CdpTargetRef {
    const t = sessionId ? this.targets.get(sessionId) : undefined;
    return { ...(sessionId ? { sessionId } : {}), ...(t ?? {}) };
  }

  private dispatch<M extends CdpMethod>(
    sessionId: string | undefined,
    method: M,
    params: unknown,
    deadlineMs?: number,
  ): Promise<CdpResult<M>> {
    if (this.reason !== undefined) return Promise.reject(new CdpError(method, this.reason));
    const id = this.nextId++;
    const body = { id, method, params: params ?? {} };
    const message = sessionId ? { ...body, sessionId } : body;
    const ms = deadlineMs ?? deadlineFor(method, this.deadlines);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.expire(id), ms);
      const probes = deadlineMs === undefined;
      const settle = resolve as (v: unknown) => void;
      this.pending.set(id, { resolve: settle, reject, method, sessionId, ms, timer, probes });
      this.ws.send(JSON.stringify(message), (err) => {
        if (err) this.shut(`the connection to the browser failed: ${err.message}`);
      });
    });
  }

  private expire(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    const err = new CdpTimeoutError(p.method, p.ms, this.target(p.sessionId));
    p.reject(err);
    if (!p.probes) return;
    this.firstMiss ??= err;
    void this.isAnswering();
  }

  private stopAnswering(probe: CdpTimeoutError): void {
    const first = this.firstMiss ?? probe;
    this.unresponsive = true;
    this.shut(`the browser stopped answering (${first.message})`);
    // No close handshake with a peer that does not answer.
    this.ws.terminate();
  }

  private addListener(map: Map<string, Set<Listener>>, key: string, listener: Listener): void {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(listener);
  }

  private onMessage(text: string): void {
    const msg = JSON.parse(text) as Message;
    if (msg.id !== undefined) {
      this.firstMiss = undefined;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new CdpError(p.method, msg.error.message));
      else p.resolve(msg.result ?? {});
      return;
    }
    if (!msg.method) return;
    const params = msg.params ?? {};
    this.track(msg.method, params, msg.sessionId);
    for (const l of this.everySession.get(msg.method) ?? []) l(params, msg.sessionId);
    for (const l of this.listeners.get(`${msg.sessionId ?? ""}|${msg.method}`) ?? []) {
      l(params, msg.sessionId);
    }
  }

  /** Keeps the target and URL behind each session, to name them in errors. */
  private track(method: string, params: unknown, sessionId: string | undefined): void {
    if (method === "Target.attachedToTarget") {
      const p = params as CdpEvent<"Target.attachedToTarget">;
      this.targets.set(p.sessionId, { targetId: p.targetInfo.targetId, url: p.targetInfo.url });
    } else if (method === "Target.detachedFromTarget") {
      this.targets.delete((params as CdpEvent<"Target.detachedFromTarget">).sessionId);
    } else if (method === "Page.frameNavigated" && sessionId) {
      const { frame } = params as CdpEvent<"Page.frameNavigated">;
      const t = this.targets.get(sessionId);
      if (t && !frame.parentId) t.url = frame.url;
    }
  }

  private shut(reason: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new CdpError(p.method, reason));
    }
    this.pending.clear();
    for (const l of this.closeListeners) l(reason);
    this.closeListeners.clear();
  }
}

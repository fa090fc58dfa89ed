// A minimal raw CDP client over one WebSocket to the browser endpoint. The recorder does all its
// instrumentation here rather than on puppeteer's sessions, which detach from service workers.
// Commands and events are typed from the pinned devtools-protocol package.
import type { Protocol } from "devtools-protocol";
import type { ProtocolMapping } from "devtools-protocol/types/protocol-mapping.js";
import WebSocket from "ws";

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

type Listener = (params: unknown, sessionId: string | undefined) => void;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  method: string;
}

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  sessionId?: string;
  result?: unknown;
  error?: { message: string };
}

export class CdpConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Listeners per "sessionId|method"; the browser session uses the empty id. */
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Listeners of one event on every session. */
  private readonly everySession = new Map<string, Set<Listener>>();
  private closed = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => this.onMessage(data.toString()));
    ws.on("close", () => this.onClose());
    ws.on("error", () => this.onClose());
  }

  static async connect(endpoint: string): Promise<CdpConnection> {
    const ws = new WebSocket(endpoint, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new CdpConnection(ws);
  }

  get isClosed(): boolean {
    return this.closed;
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

  /** Drops the listeners of a detached session so long scans do not leak them. */
  forgetSession(sessionId: string): void {
    const prefix = `${sessionId}|`;
    for (const key of this.listeners.keys()) if (key.startsWith(prefix)) this.listeners.delete(key);
  }

  close(): void {
    if (!this.closed) this.ws.close();
    this.onClose();
  }

  private dispatch<M extends CdpMethod>(
    sessionId: string | undefined,
    method: M,
    params: unknown,
  ): Promise<CdpResult<M>> {
    if (this.closed) return Promise.reject(new CdpError(method, "connection closed"));
    const id = this.nextId++;
    const body = { id, method, params: params ?? {} };
    const message = sessionId ? { ...body, sessionId } : body;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.ws.send(JSON.stringify(message));
    });
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
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new CdpError(p.method, msg.error.message));
      else p.resolve(msg.result ?? {});
      return;
    }
    if (!msg.method) return;
    const params = msg.params ?? {};
    for (const l of this.everySession.get(msg.method) ?? []) l(params, msg.sessionId);
    for (const l of this.listeners.get(`${msg.sessionId ?? ""}|${msg.method}`) ?? []) {
      l(params, msg.sessionId);
    }
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new CdpError(p.method, "connection closed"));
    this.pending.clear();
  }
}

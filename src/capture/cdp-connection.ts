// A minimal raw CDP client over one WebSocket to the browser endpoint. The recorder does all its
// instrumentation here rather than on puppeteer's sessions, which detach from service workers.
import WebSocket from "ws";

// biome-ignore lint/suspicious/noExplicitAny: CDP payloads are dynamic JSON.
export type CdpParams = Record<string, any>;
export type CdpListener = (
  method: string,
  params: CdpParams,
  sessionId: string | undefined,
) => void;

/** One flattened CDP session: the browser itself (sessionId undefined) or one target. */
export interface CdpSession {
  readonly sessionId: string | undefined;
  send<T = CdpParams>(method: string, params?: CdpParams): Promise<T>;
  on(method: string, listener: (params: CdpParams) => void): void;
}

export class CdpError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(`${method}: ${message}`);
  }
}

export class CdpConnection {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: CdpParams) => void; reject: (e: Error) => void; method: string }
  >();
  /** Listeners per "sessionId|method"; the browser session uses the empty id. */
  private readonly listeners = new Map<string, Set<(p: CdpParams) => void>>();
  private readonly anyListeners = new Set<CdpListener>();
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

  session(sessionId: string | undefined): CdpSession {
    return {
      sessionId,
      send: <T>(method: string, params?: CdpParams) =>
        this.send(method, params, sessionId) as Promise<T>,
      on: (method, listener) => this.on(sessionId, method, listener),
    };
  }

  send(method: string, params: CdpParams = {}, sessionId?: string): Promise<CdpParams> {
    if (this.closed) return Promise.reject(new CdpError(method, "connection closed"));
    const id = this.nextId++;
    const message = sessionId ? { id, method, params, sessionId } : { id, method, params };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.ws.send(JSON.stringify(message));
    });
  }

  on(sessionId: string | undefined, method: string, listener: (p: CdpParams) => void): void {
    const key = `${sessionId ?? ""}|${method}`;
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
  }

  /** Every event of every session (the recorder routes attach/detach events through it). */
  onAny(listener: CdpListener): void {
    this.anyListeners.add(listener);
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

  private onMessage(text: string): void {
    const msg = JSON.parse(text) as {
      id?: number;
      method?: string;
      params?: CdpParams;
      sessionId?: string;
      result?: CdpParams;
      error?: { message: string };
    };
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
    for (const l of this.anyListeners) l(msg.method, params, msg.sessionId);
    const set = this.listeners.get(`${msg.sessionId ?? ""}|${msg.method}`);
    if (set) for (const l of set) l(params);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new CdpError(p.method, "connection closed"));
    this.pending.clear();
  }
}

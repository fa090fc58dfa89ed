// Network collector: every request of every target of a page, merged by requestId (a document
// request can start in the parent's session and finish in the frame's own target).
import type { CapturedRequest, CapturedTarget, CookieWrite } from "../model/capture.js";
import type { CdpEvent, CdpSession, Protocol } from "./cdp-connection.js";
import { type Collector, type PageClock, sendAll } from "./collector.js";
import { headerCookieWrites } from "./cookies-from-headers.js";
import { imageSize } from "./image-size.js";
import { capturedBody, lowerHeaders, pingKind, postDataEntriesBuffer } from "./request-data.js";
import { type ExtraResponse, pairResponses, toExtraResponse } from "./response-cookies.js";
import { splitSetCookieHeader } from "./set-cookie.js";
import { toCapturedInitiator } from "./stacks.js";

/** Images larger than this are not pixels; their size is not worth a body transfer. */
const MAX_IMAGE_BYTES = 256 * 1024;
/** How long a fetch with its response in may stay in flight before the quiet wait ignores it. */
const UNREAD_BODY_GRACE_MS = 1000;
/** Open streams that never "finish" and must not keep a page from going quiet. */
const STREAMING = new Set(["EventSource", "WebSocket"]);

interface NetRecord {
  req: CapturedRequest;
  sessionId?: string;
  extras: ExtraResponse[];
  /** Hop statuses, then the final one, to pair with the ExtraInfo responses. */
  redirectHeaders: Array<Record<string, string>>;
}

export class NetworkCollector implements Collector {
  private readonly records = new Map<string, NetRecord>();
  private readonly earlyExtra = new Map<string, Protocol.Network.Headers[]>();
  private readonly earlyResponses = new Map<string, ExtraResponse[]>();
  private readonly inflight = new Map<string, string | undefined>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly activity: Array<() => void> = [];
  private readonly warnings: string[] = [];

  constructor(
    private readonly clock: PageClock,
    private readonly maxBodyBytes: number,
  ) {}

  /** Requests in flight now (streams excluded). */
  get inflightCount(): number {
    return this.inflight.size;
  }

  /** URLs of the requests still in flight (to say what kept a page busy). */
  inflightUrls(): string[] {
    return [...this.inflight.keys()].map((id) => this.records.get(id)?.req.url ?? id);
  }

  /** Called on every request start and end, for the quiet-network wait. */
  onActivity(listener: () => void): void {
    this.activity.push(listener);
  }

  /** Adds a request seen by other means (unload interception) unless already recorded. */
  adopt(req: CapturedRequest): boolean {
    if (this.records.has(req.id)) return false;
    this.records.set(req.id, { req, extras: [], redirectHeaders: [] });
    return true;
  }

  request(id: string): CapturedRequest | undefined {
    return this.records.get(id)?.req;
  }

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    session.on("Network.requestWillBeSent", (p) => this.onRequest(session, target, p));
    session.on("Network.requestWillBeSentExtraInfo", (p) => {
      const rec = this.records.get(p.requestId);
      if (rec) Object.assign(rec.req.requestHeaders, lowerHeaders(p.headers));
      else {
        const early = this.earlyExtra.get(p.requestId) ?? [];
        this.earlyExtra.set(p.requestId, [...early, p.headers]);
      }
    });
    session.on("Network.responseReceived", (p) => this.onResponse(p));
    session.on("Network.responseReceivedExtraInfo", (p) => this.onResponseExtra(p));
    session.on("Network.loadingFinished", (p) => this.onFinished(session, p));
    session.on("Network.loadingFailed", (p) => this.onFailed(p));
    session.on("Network.webSocketCreated", (p) => this.onWebSocket(target, p, session.sessionId));
    session.on("Network.webSocketWillSendHandshakeRequest", (p) => {
      const rec = this.records.get(p.requestId);
      if (rec) Object.assign(rec.req.requestHeaders, lowerHeaders(p.request?.headers));
    });
    session.on("Network.webSocketHandshakeResponseReceived", (p) => {
      const rec = this.records.get(p.requestId);
      if (!rec) return;
      rec.req.status = p.response?.status;
      rec.req.responseHeaders = lowerHeaders(p.response?.headers);
    });
    session.on("Network.webSocketClosed", (p) => {
      const rec = this.records.get(p.requestId);
      if (rec) rec.req.finishedMs = this.clock.ms();
    });
    return sendAll(session.send("Network.enable", { maxPostDataSize: this.maxBodyBytes }));
  }

  /**
   * Stops waiting for what is still in flight: once a document is gone Chromium no longer reports
   * how its requests ended. They stay recorded, without status or failure.
   */
  abandonInflight(): void {
    this.inflight.clear();
    this.emit();
  }

  /** A detached target's requests will never finish: stop waiting for them. */
  forgetSession(sessionId: string): void {
    for (const [id, sid] of this.inflight) if (sid === sessionId) this.inflight.delete(id);
    this.emit();
  }

  /** Waits for body and size look-ups still running (bounded by the caller). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  result(): { requests: CapturedRequest[]; cookieWrites: CookieWrite[]; warnings: string[] } {
    const requests: CapturedRequest[] = [];
    const cookieWrites: CookieWrite[] = [];
    for (const rec of this.records.values()) {
      const extras = [...(this.earlyResponses.get(rec.req.id) ?? []), ...rec.extras];
      const responses = pairResponses(rec.req, rec.redirectHeaders, extras, this.clock.topUrl());
      rec.req.redirects.forEach((hop, i) => {
        hop.setCookies = responses[i]?.setCookies ?? [];
      });
      rec.req.setCookies = responses[rec.req.redirects.length]?.setCookies ?? rec.req.setCookies;
      cookieWrites.push(...headerCookieWrites(rec.req, responses));
      requests.push(rec.req);
    }
    requests.sort((a, b) => a.startedMs - b.startedMs);
    return { requests, cookieWrites, warnings: this.warnings };
  }

  private emit(): void {
    for (const l of this.activity) l();
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private onRequest(
    session: CdpSession,
    target: CapturedTarget,
    p: CdpEvent<"Network.requestWillBeSent">,
  ): void {
    const r = p.request;
    const existing = this.records.get(p.requestId);
    if (existing && p.redirectResponse) {
      const rr = p.redirectResponse;
      const headers = lowerHeaders(rr.headers);
      existing.req.redirects.push({
        url: existing.req.url,
        status: rr.status,
        ...(headers.location ? { location: headers.location } : {}),
        setCookies: [],
      });
      existing.redirectHeaders.push(headers);
      existing.req.url = r.url;
      existing.req.method = r.method;
      existing.req.requestHeaders = lowerHeaders(r.headers);
      return;
    }
    if (existing) return; // the same request reported by a second session
    const req: CapturedRequest = {
      id: p.requestId,
      url: r.url,
      method: r.method,
      resourceType: p.type ?? "Other",
      targetId: target.id,
      targetType: target.type,
      ...(p.frameId ? { frameId: p.frameId } : {}),
      ...(p.documentURL ? { documentUrl: p.documentURL } : {}),
      initiator: toCapturedInitiator(p.initiator),
      redirects: [],
      requestHeaders: lowerHeaders(r.headers),
      setCookies: [],
      bodyBytes: 0,
      startedMs: this.clock.ms(),
    };
    const rec: NetRecord = { req, sessionId: session.sessionId, extras: [], redirectHeaders: [] };
    this.records.set(req.id, rec);
    for (const extra of this.earlyExtra.get(req.id) ?? []) {
      Object.assign(req.requestHeaders, lowerHeaders(extra));
    }
    this.earlyExtra.delete(req.id);
    this.readBody(session, rec, r);
    if (req.resourceType === "Ping") req.beacon = pingKind(req.requestHeaders);
    if (!STREAMING.has(req.resourceType)) {
      this.inflight.set(req.id, session.sessionId);
      this.emit();
    }
  }

  private readBody(session: CdpSession, rec: NetRecord, r: Protocol.Network.Request): void {
    const headers = rec.req.requestHeaders;
    const entries = postDataEntriesBuffer(r.postDataEntries);
    if (entries) {
      rec.req.body = capturedBody(entries, headers, this.maxBodyBytes);
      return;
    }
    if (!r.hasPostData) return;
    // postData is dropped for long bodies: ask for it while the request is still known.
    this.track(
      session
        .send("Network.getRequestPostData", { requestId: rec.req.id })
        .then((res) => {
          const encoding = res.base64Encoded ? "base64" : "utf8";
          const buf = Buffer.from(String(res.postData ?? ""), encoding);
          rec.req.body = capturedBody(buf, headers, this.maxBodyBytes);
        })
        .catch(() => {
          if (typeof r.postData === "string") {
            rec.req.body = capturedBody(Buffer.from(r.postData), headers, this.maxBodyBytes);
          }
        }),
    );
  }

  private onResponse(p: CdpEvent<"Network.responseReceived">): void {
    const rec = this.records.get(p.requestId);
    if (!rec) return;
    const res = p.response;
    rec.req.status = res.status;
    rec.req.mimeType = res.mimeType;
    rec.req.responseHeaders = lowerHeaders(res.headers);
    if (res.fromServiceWorker) rec.req.fromServiceWorker = true;
    if (res.fromDiskCache || res.fromPrefetchCache) rec.req.fromCache = true;
    rec.req.setCookies = splitSetCookieHeader(rec.req.responseHeaders["set-cookie"]);
    // CORS preflights end with their response: no loadingFinished ever follows.
    if (rec.req.initiator.type === "preflight") {
      rec.req.finishedMs = this.clock.ms();
      this.done(rec.req.id);
    }
    // A fetch whose body the page never reads never "finishes" either (common with trackers):
    // once its response is in, stop waiting for it after a grace period.
    if (rec.req.resourceType === "Fetch" || rec.req.resourceType === "XHR") {
      const timer = setTimeout(() => this.done(rec.req.id), UNREAD_BODY_GRACE_MS);
      timer.unref();
    }
  }

  private onResponseExtra(p: CdpEvent<"Network.responseReceivedExtraInfo">): void {
    const extra = toExtraResponse(p, this.clock.ms(), this.clock.topUrl());
    const rec = this.records.get(p.requestId);
    if (rec) rec.extras.push(extra);
    // Can precede requestWillBeSent for navigations; kept for the record to come.
    else {
      this.earlyResponses.set(p.requestId, [
        ...(this.earlyResponses.get(p.requestId) ?? []),
        extra,
      ]);
    }
  }

  private onFinished(session: CdpSession, p: CdpEvent<"Network.loadingFinished">): void {
    const rec = this.records.get(p.requestId);
    if (!rec) return;
    rec.req.bodyBytes = p.encodedDataLength ?? 0;
    rec.req.finishedMs = this.clock.ms();
    this.done(p.requestId);
    const isImage = rec.req.resourceType === "Image" || rec.req.mimeType?.startsWith("image/");
    if (isImage && rec.req.bodyBytes <= MAX_IMAGE_BYTES) {
      this.track(
        session
          .send("Network.getResponseBody", { requestId: p.requestId })
          .then((res) => {
            const buf = Buffer.from(
              String(res.body ?? ""),
              res.base64Encoded ? "base64" : "latin1",
            );
            const size = imageSize(buf);
            if (size) rec.req.image = size;
          })
          .catch(() => undefined),
      );
    }
  }

  private onFailed(p: CdpEvent<"Network.loadingFailed">): void {
    const rec = this.records.get(p.requestId);
    if (!rec) return;
    rec.req.failure = p.errorText;
    if (p.blockedReason) rec.req.blockedReason = p.blockedReason;
    if (p.corsErrorStatus?.corsError) rec.req.corsError = p.corsErrorStatus.corsError;
    rec.req.finishedMs = this.clock.ms();
    this.done(p.requestId);
  }

  private done(id: string): void {
    if (this.inflight.delete(id)) this.emit();
  }

  private onWebSocket(
    target: CapturedTarget,
    p: CdpEvent<"Network.webSocketCreated">,
    sessionId?: string,
  ): void {
    if (this.records.has(p.requestId)) return;
    this.records.set(p.requestId, {
      sessionId,
      extras: [],
      redirectHeaders: [],
      req: {
        id: p.requestId,
        url: p.url,
        method: "GET",
        resourceType: "WebSocket",
        targetId: target.id,
        targetType: target.type,
        initiator: toCapturedInitiator(p.initiator),
        redirects: [],
        requestHeaders: {},
        setCookies: [],
        bodyBytes: 0,
        startedMs: this.clock.ms(),
      },
    });
  }
}

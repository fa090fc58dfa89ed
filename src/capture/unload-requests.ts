// Requests sent while a page unloads (pagehide/visibilitychange beacons, keepalive fetches).
// Chromium reports none of them on the Network domain once the document is going away, but the
// browser-side Fetch interception still sees them: it is switched on only for the unload, so
// normal loading pays nothing, and every paused request is let go at once.
import type { CapturedRequest, CapturedTarget } from "../model/capture.js";
import type { CdpEvent, CdpSession } from "./cdp-connection.js";
import type { Collector, PageClock } from "./collector.js";
import { capturedBody, lowerHeaders, pingKind, postDataEntriesBuffer } from "./request-data.js";

export class UnloadRequestsCollector implements Collector {
  private readonly sessions: Array<{ session: CdpSession; target: CapturedTarget }> = [];
  private readonly maxBodyBytes: number;
  /** Pauses before the unload belong to someone else's interception (a crawl's --header). */
  private active = false;

  constructor(
    private readonly clock: PageClock,
    opts: { maxBodyBytes: number },
    /** Receives each request; returns false when the Network domain already had it. */
    private readonly adopt: (req: CapturedRequest) => boolean,
  ) {
    this.maxBodyBytes = opts.maxBodyBytes;
  }

  attach(session: CdpSession, target: CapturedTarget): Promise<void> {
    if (target.type === "page" || target.type === "iframe") {
      this.sessions.push({ session, target });
      session.on("Fetch.requestPaused", (p) => this.onPaused(session, target, p));
    }
    return Promise.resolve();
  }

  /** Starts intercepting in every document target of the page; call right before unloading. */
  async begin(): Promise<void> {
    this.active = true;
    await Promise.allSettled(
      this.sessions.map(({ session }) =>
        session.send("Fetch.enable", { patterns: [{ urlPattern: "*", requestStage: "Request" }] }),
      ),
    );
  }

  private onPaused(
    session: CdpSession,
    target: CapturedTarget,
    p: CdpEvent<"Fetch.requestPaused">,
  ): void {
    if (!this.active) return;
    void session.send("Fetch.continueRequest", { requestId: p.requestId }).catch(() => undefined);
    const r = p.request;
    const headers = lowerHeaders(r.headers);
    const type = String(p.resourceType ?? "Other");
    const req: CapturedRequest = {
      id: String(p.networkId ?? p.requestId),
      url: r.url,
      method: r.method,
      resourceType: type,
      targetId: target.id,
      targetType: target.type,
      ...(p.frameId ? { frameId: p.frameId } : {}),
      initiator: { type: "other" },
      redirects: [],
      requestHeaders: headers,
      setCookies: [],
      bodyBytes: 0,
      startedMs: this.clock.ms(),
    };
    // Only beacons and keepalive requests outlive their document.
    if (type === "Ping") req.beacon = pingKind(headers);
    else if (type === "Fetch" || type === "XHR") req.beacon = "keepalive";
    const body = postDataEntriesBuffer(r.postDataEntries);
    if (body) req.body = capturedBody(body, headers, this.maxBodyBytes);
    this.adopt(req);
  }
}

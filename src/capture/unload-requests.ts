// Requests sent while a page unloads (pagehide/visibilitychange beacons, keepalive fetches).
// Chromium reports none of them on the Network domain once the document is going away, but the
// browser-side Fetch interception still sees them: it is switched on only for the unload, so
// normal loading pays nothing, and every paused request is let go at once.
import type { CapturedRequest, CapturedTarget } from "../model/capture.js";
import type { CdpParams, CdpSession } from "./cdp-connection.js";
import type { Collector, PageClock } from "./collector.js";

export class UnloadRequestsCollector implements Collector {
  private readonly sessions: Array<{ session: CdpSession; target: CapturedTarget }> = [];
  private readonly maxBodyBytes: number;

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
    await Promise.allSettled(
      this.sessions.map(({ session }) =>
        session.send("Fetch.enable", { patterns: [{ urlPattern: "*", requestStage: "Request" }] }),
      ),
    );
  }

  private onPaused(session: CdpSession, target: CapturedTarget, p: CdpParams): void {
    void session.send("Fetch.continueRequest", { requestId: p.requestId }).catch(() => undefined);
    const r = p.request as CdpParams;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
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
    if (type === "Ping") {
      const ct = headers["content-type"] ?? "";
      req.beacon = headers["ping-to"] || ct.startsWith("text/ping") ? "ping" : "sendBeacon";
    } else if (type === "Fetch" || type === "XHR") req.beacon = "keepalive";
    const entries = r.postDataEntries as Array<{ bytes?: string }> | undefined;
    if (entries?.length) {
      const buf = Buffer.concat(entries.map((e) => Buffer.from(e.bytes ?? "", "base64")));
      const kept = buf.subarray(0, this.maxBodyBytes);
      req.body = {
        base64: kept.toString("base64"),
        bytes: buf.length,
        truncated: buf.length > kept.length,
        ...(headers["content-type"] ? { contentType: headers["content-type"] } : {}),
        ...(headers["content-encoding"] ? { contentEncoding: headers["content-encoding"] } : {}),
      };
    }
    this.adopt(req);
  }
}

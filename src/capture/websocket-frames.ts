// WebSocket frames a page sends (recorders and live-chat tools stream over sockets): each payload
// kept like a request body (capped), so the leak decoding and the recording shapes read them too.
import type { CapturedBody, CapturedRequest, CapturedTarget } from "../model/capture.js";
import type { CdpSession, Protocol } from "./cdp-connection.js";
import type { Collector } from "./collector.js";

/** Frames kept per socket: a recorder's stream is recognised from its first frames. */
export const MAX_FRAMES_PER_SOCKET = 200;

/** One sent frame as a body: text frames as UTF-8, binary frames (base64 on the wire) as bytes. */
export function frameBody(
  p: Protocol.Network.WebSocketFrameSentEvent,
  maxBytes: number,
): CapturedBody {
  const data = String(p.response?.payloadData ?? "");
  const bytes = p.response?.opcode === 2 ? Buffer.from(data, "base64") : Buffer.from(data, "utf8");
  return {
    base64: bytes.subarray(0, maxBytes).toString("base64"),
    bytes: bytes.length,
    truncated: bytes.length > maxBytes,
  };
}

export class WebSocketFramesCollector implements Collector {
  private readonly frames = new Map<string, CapturedBody[]>();

  constructor(private readonly maxBytes: number) {}

  attach(session: CdpSession, _target: CapturedTarget): Promise<void> {
    // Network is enabled by the network collector on the same session.
    session.on("Network.webSocketFrameSent", (p) => {
      const list = this.frames.get(p.requestId) ?? [];
      if (list.length >= MAX_FRAMES_PER_SOCKET) return;
      list.push(frameBody(p, this.maxBytes));
      this.frames.set(p.requestId, list);
    });
    return Promise.resolve();
  }

  /** Puts each socket's sent frames on its request. */
  mark(requests: CapturedRequest[]): void {
    for (const r of requests) {
      const list = r.resourceType === "WebSocket" ? this.frames.get(r.id) : undefined;
      if (list?.length) r.wsFrames = list;
    }
  }
}

// Small translations shared by the request collectors: CDP headers to lower-case records, request
// bodies (binary-safe, capped) and the kind of beacon a Ping request is.
import type { CapturedBody, CapturedRequest } from "../model/capture.js";

/** CDP's Network.Headers (values are strings, but older Chromium sent numbers too). */
export function lowerHeaders(h: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

/** The body as sent, cut to maxBytes, typed from the request's own headers. */
export function capturedBody(
  buf: Buffer,
  headers: Record<string, string>,
  maxBytes: number,
): CapturedBody {
  const kept = buf.subarray(0, maxBytes);
  const contentType = headers["content-type"];
  const contentEncoding = headers["content-encoding"];
  return {
    base64: kept.toString("base64"),
    bytes: buf.length,
    truncated: buf.length > kept.length,
    ...(contentType ? { contentType } : {}),
    ...(contentEncoding ? { contentEncoding } : {}),
  };
}

/** Request.postDataEntries (each base64 bytes) joined, or undefined when there are none. */
export function postDataEntriesBuffer(entries: unknown): Buffer | undefined {
  if (!Array.isArray(entries) || entries.length === 0) return undefined;
  return Buffer.concat(
    (entries as Array<{ bytes?: string }>).map((e) => Buffer.from(e.bytes ?? "", "base64")),
  );
}

/** CDP types both as "Ping": `<a ping>` sends text/ping with Ping-To, sendBeacon anything else. */
export function pingKind(headers: Record<string, string>): CapturedRequest["beacon"] {
  const ct = headers["content-type"] ?? "";
  return headers["ping-to"] || ct.startsWith("text/ping") ? "ping" : "sendBeacon";
}

// One HAR entry to one request of the Capture (before redirects are joined and pages assigned).
// Pure. Response bodies are read only to size an image (pixel detection) and then dropped, so a
// record stays small whatever the HAR holds.
import { imageSize } from "../capture/image-size.js";
import type { CapturedBody, CapturedRequest } from "../model/capture.js";
import { headerRecord, requestCookieHeader, setCookieLines } from "./har-cookies.js";
import { harInitiator } from "./har-initiator.js";
import type { HarEntry, HarPostData } from "./har-types.js";
import { guessResourceType, namedResourceType } from "./resource-type.js";

/** The one target a HAR knows: the page. Requests it cannot place carry targetType "unknown". */
export const HAR_TARGET_ID = "har";

export interface HarRecord {
  /** Position of the entry in its file (0-based), for messages. */
  index: number;
  /** The exporter's own request id (CDP's, for DevTools and chrome-har), if it wrote one. */
  sourceId?: string;
  pageref?: string;
  /** WebPageTest run and repeat view of the entry. */
  run?: number;
  cached?: boolean;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  /** The response's redirect target, absolute; set only for 3xx answers. */
  redirectTo?: string;
  /** The request as the Capture holds it; startedMs is filled in once the page is known. */
  request: CapturedRequest;
  /** The entry had its own initiator information. */
  hasInitiator: boolean;
  /** Problems with this entry that did not stop it from being read. */
  warnings: string[];
}

/** A HAR entry that cannot be read at all (no URL, no date): skipped with a warning. */
export class BadEntry extends Error {}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** HAR 1.2 has no encoding field for request bodies: base64 only where the exporter says so. */
function postBody(
  post: HarPostData | undefined,
  headers: Record<string, string>,
  maxBytes: number,
  warnings: string[],
): CapturedBody | undefined {
  if (!post || typeof post !== "object") return undefined;
  let buf: Buffer | undefined;
  const text = str(post.text);
  const encoding = str(post.encoding) ?? str(post._encoding);
  if (text !== undefined && text !== "") {
    if (encoding?.toLowerCase() === "base64") {
      if (BASE64.test(text)) buf = Buffer.from(text, "base64");
      else warnings.push("its postData is marked base64 but is not base64; read as text");
    }
    buf ??= Buffer.from(text, "utf8");
  } else if (Array.isArray(post.params) && post.params.length > 0) {
    const form = new URLSearchParams();
    for (const p of post.params) form.append(String(p?.name ?? ""), String(p?.value ?? ""));
    buf = Buffer.from(form.toString(), "utf8");
  }
  if (!buf) return undefined;
  const kept = buf.subarray(0, maxBytes);
  const contentType = headers["content-type"] ?? str(post.mimeType);
  const contentEncoding = headers["content-encoding"];
  return {
    base64: kept.toString("base64"),
    bytes: buf.length,
    truncated: buf.length > kept.length,
    ...(contentType ? { contentType } : {}),
    ...(contentEncoding ? { contentEncoding } : {}),
  };
}

function absolute(target: string, base: string): string | undefined {
  try {
    return new URL(target, base).href;
  } catch {
    return undefined;
  }
}

/**
 * Body bytes received: the smaller of HAR's bodySize (on the wire) and content.size (decoded).
 * Exporters disagree on bodySize (chrome-har derives it from the transfer size and overcounts small
 * responses), and a pixel is told by its size, so the smaller honest figure wins.
 */
function receivedBytes(entry: HarEntry): number {
  const r = entry.response;
  const sizes = [num(r?.bodySize), num(r?.content?.size)].filter(
    (n): n is number => n !== undefined && n >= 0,
  );
  if (sizes.length > 0) return Math.min(...sizes);
  const transfer = num(r?._transferSize);
  return transfer !== undefined && transfer >= 0 ? transfer : 0;
}

function imageOf(entry: HarEntry): CapturedRequest["image"] {
  const c = entry.response?.content;
  const mime = str(c?.mimeType) ?? "";
  const text = str(c?.text);
  if (!mime.startsWith("image/") || !text || str(c?.encoding) !== "base64") return undefined;
  // The first bytes hold the size: never decode a whole large picture for it.
  return imageSize(Buffer.from(text.slice(0, 4096).replace(/=+$/, ""), "base64"));
}

function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === "1" || v === "true";
}

export function recordFromEntry(entry: HarEntry, index: number, maxBodyBytes: number): HarRecord {
  if (!entry || typeof entry !== "object") throw new BadEntry("is not an object");
  const url = str(entry.request?.url);
  if (!url) throw new BadEntry("has no request.url");
  const started = str(entry.startedDateTime);
  if (!started) throw new BadEntry("has no startedDateTime");
  const startedAt = Date.parse(started);
  if (Number.isNaN(startedAt))
    throw new BadEntry(`has a startedDateTime that is not a date ("${started.slice(0, 40)}")`);
  const warnings: string[] = [];
  const method = (str(entry.request?.method) ?? "GET").toUpperCase();
  const requestHeaders = headerRecord(entry.request?.headers);
  const cookie = requestCookieHeader(entry.request?.headers, entry.request?.cookies);
  if (cookie !== undefined) requestHeaders.cookie = cookie;
  const responseHeaders = headerRecord(entry.response?.headers);
  const rawStatus = num(entry.response?.status);
  const status = rawStatus && rawStatus > 0 ? rawStatus : undefined;
  const mimeType = str(entry.response?.content?.mimeType) || responseHeaders["content-type"];
  const error = str(entry.response?._error);
  const location = str(entry.response?.redirectURL) || responseHeaders.location;
  const redirectTo =
    status && status >= 300 && status < 400 && location ? absolute(location, url) : undefined;
  const resourceType =
    namedResourceType(entry._resourceType) ??
    namedResourceType(entry._request_type) ??
    namedResourceType(entry._type) ??
    guessResourceType({
      url,
      method,
      ...(mimeType ? { mimeType } : {}),
      ...(requestHeaders["content-type"]
        ? { requestContentType: requestHeaders["content-type"] }
        : {}),
    });
  const initiator = harInitiator(entry);
  const body = postBody(entry.request?.postData, requestHeaders, maxBodyBytes, warnings);
  const image = imageOf(entry);
  const time = num(entry.time);
  const sourceId = str(entry._requestId) ?? str(entry._request_id);
  const pageref = str(entry.pageref);
  const run = num(entry._run);
  const request: CapturedRequest = {
    id: `h${index + 1}`,
    url,
    method,
    resourceType,
    targetId: HAR_TARGET_ID,
    targetType: "unknown",
    initiator,
    redirects: [],
    requestHeaders,
    ...(body ? { body } : {}),
    ...(resourceType === "Ping"
      ? { beacon: requestHeaders["ping-to"] ? "ping" : "sendBeacon" }
      : {}),
    ...(status !== undefined ? { status } : {}),
    ...(mimeType ? { mimeType } : {}),
    responseHeaders,
    setCookies: setCookieLines(entry.response?.headers, entry.response?.cookies),
    bodyBytes: receivedBytes(entry),
    ...(image ? { image } : {}),
    ...(status === undefined ? { failure: error || "no response recorded in the HAR" } : {}),
    // WebPageTest's `_cached` is the repeat view, not a cache hit: only DevTools' own field counts.
    ...(typeof entry._fromCache === "string" && entry._fromCache ? { fromCache: true } : {}),
    startedMs: 0,
    ...(time !== undefined && time >= 0 ? { finishedMs: time } : {}),
  };
  return {
    index,
    ...(sourceId ? { sourceId } : {}),
    ...(pageref ? { pageref } : {}),
    ...(run !== undefined ? { run } : {}),
    ...(entry._cached !== undefined ? { cached: truthy(entry._cached) } : {}),
    startedAt,
    endedAt: startedAt + (time !== undefined && time > 0 ? time : 0),
    ...(redirectTo ? { redirectTo } : {}),
    request,
    hasInitiator: initiator.type !== "unknown",
    warnings,
  };
}

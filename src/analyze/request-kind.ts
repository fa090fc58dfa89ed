// The contract's request kind: what a request is for, with pixels told apart from real images.
import type { CapturedRequest } from "../model/capture.js";
import type { RequestKind } from "../model/report.js";

/** Under this many encoded bytes an image response carries no picture worth the name. */
export const PIXEL_MAX_BYTES = 100;
/** Decoded images at most this wide and high are tracking pixels (1×1, 2×2). */
export const PIXEL_MAX_SIDE = 2;

function isImageish(r: CapturedRequest): boolean {
  if (r.resourceType === "Image") return true;
  // `new Image()` is "Image", but some pixels arrive as "Other" GETs answered with an image.
  return (
    r.resourceType === "Other" && r.method === "GET" && (r.mimeType ?? "").startsWith("image/")
  );
}

/**
 * A pixel: a third party's image-ish request answered with at most 2×2 px, under 100 bytes, or
 * 204/empty. A decoded image larger than 2×2 (a 16×16 icon, even a tiny one) is never a pixel, and
 * a request with no response at all has nothing to measure.
 */
export function isPixel(r: CapturedRequest): boolean {
  if (!isImageish(r)) return false;
  if (r.image) return r.image.width <= PIXEL_MAX_SIDE && r.image.height <= PIXEL_MAX_SIDE;
  if (r.status === undefined) return false;
  if (r.status === 204) return true;
  if (r.status >= 400) return false;
  return r.bodyBytes < PIXEL_MAX_BYTES;
}

/**
 * Kind of a request. `thirdParty` matters only for pixels: a first-party spacer gif is page
 * furniture, so it stays "other". `isMainDocument` tells the top document from iframe documents.
 */
export function requestKind(
  r: CapturedRequest,
  thirdParty: boolean,
  isMainDocument: boolean,
): RequestKind {
  if (r.beacon || r.resourceType === "Ping") return "beacon";
  switch (r.resourceType) {
    case "Document":
      return isMainDocument ? "document" : "iframe";
    case "Script":
      return "script";
    case "XHR":
      return "xhr";
    case "Fetch":
      return "fetch";
    case "WebSocket":
      return "websocket";
  }
  if (thirdParty && isPixel(r)) return "pixel";
  return "other";
}

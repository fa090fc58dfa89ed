// Bytes to text the way real SDKs send them: gzip, zlib-deflate, raw deflate or brotli, announced by
// Content-Encoding or not (some SDKs compress a text/plain body silently), bounded against bombs.
import {
  brotliDecompressSync,
  constants,
  gunzipSync,
  inflateRawSync,
  inflateSync,
} from "node:zlib";

/** Never inflate past this: a hostile 1 KiB body must not become gigabytes. */
export const MAX_INFLATED_BYTES = 1024 * 1024;

export interface DecodedBytes {
  text: string;
  /** Compression layers removed, outermost first: "gzip" | "deflate" | "deflate-raw" | "br". */
  encoding: string[];
}

// Not fatal: a thrown error per random id would cost more than the whole decode.
const decoder = new TextDecoder("utf-8");

/** Valid UTF-8 that reads as text: few control characters besides tab and newlines. */
export function asText(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return "";
  // Random bytes are ~12% control bytes: most non-text is turned away before decoding.
  let control = 0;
  for (const b of bytes) if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b === 0x7f) control++;
  if (control / bytes.length > 0.02) return undefined;
  const text = decoder.decode(bytes);
  let bad = control;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0xfffd) bad++;
  return bad / text.length <= 0.02 ? text : undefined;
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 10 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8;
}

function isZlib(b: Uint8Array): boolean {
  const cmf = b[0] ?? 0;
  const flg = b[1] ?? 0;
  return b.length >= 2 && (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0;
}

type Inflate = (b: Uint8Array) => Buffer;

// A truncated capture still yields its first part: flush instead of failing at the cut.
const zopts = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_INFLATED_BYTES };
const INFLATE: Record<string, Inflate> = {
  gzip: (b) => gunzipSync(b, zopts),
  deflate: (b) => inflateSync(b, zopts),
  "deflate-raw": (b) => inflateRawSync(b, zopts),
  br: (b) =>
    brotliDecompressSync(b, {
      finishFlush: constants.BROTLI_OPERATION_FLUSH,
      maxOutputLength: MAX_INFLATED_BYTES,
    }),
};

function tryInflate(name: string, bytes: Uint8Array): Buffer | undefined {
  const fn = INFLATE[name];
  if (!fn) return undefined;
  try {
    const out = fn(bytes);
    return out.length > 0 ? out : undefined;
  } catch {
    return undefined;
  }
}

/** The Content-Encoding names we can undo, in the order they were applied (last applied last). */
function declared(contentEncoding: string | undefined): string[] {
  if (!contentEncoding) return [];
  return contentEncoding
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .map((s) => (s === "x-gzip" ? "gzip" : s))
    .filter((s) => s in INFLATE);
}

/**
 * Undo compression layers (declared first, then sniffed) until text appears; at most `maxLayers`.
 * Returns undefined when the bytes are not text in any of these forms.
 */
export function decodeBytes(
  input: Uint8Array,
  contentEncoding?: string,
  maxLayers = 3,
  /** Try brotli and raw deflate, which have no magic bytes. Costly: for request bodies only. */
  blind = true,
): DecodedBytes | undefined {
  let bytes: Uint8Array = input;
  const encoding: string[] = [];
  const pending = declared(contentEncoding).reverse();
  for (let layer = 0; layer <= maxLayers; layer++) {
    const next = pending.shift();
    if (next) {
      const out = tryInflate(next, bytes);
      if (out) {
        bytes = out;
        encoding.push(next);
        continue;
      }
      // A wrong header is common (proxies decode but keep the header): fall through to sniffing.
    }
    if (isGzip(bytes) || isZlib(bytes)) {
      const name = isGzip(bytes) ? "gzip" : "deflate";
      const out = tryInflate(name, bytes);
      if (out && layer < maxLayers) {
        bytes = out;
        encoding.push(name);
        continue;
      }
    }
    const text = asText(bytes);
    if (text !== undefined) return { text, encoding };
    if (layer >= maxLayers || !blind) return undefined;
    // No magic bytes: brotli and raw deflate can only be tried. Trust the result only if it is text.
    for (const name of ["br", "deflate-raw"]) {
      const out = tryInflate(name, bytes);
      const t = out ? asText(out) : undefined;
      if (out && t !== undefined && t.length > 0) {
        encoding.push(name);
        return { text: t, encoding };
      }
    }
    return undefined;
  }
  return undefined;
}

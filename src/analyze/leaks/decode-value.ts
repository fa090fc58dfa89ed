// One string into every value it carries: URL-encoding, JSON (flattened to key paths), form
// encoding, base64 (standard and URL-safe, of text, JSON or compressed bytes) and JWTs, nested.
import { decodeBytes } from "./decode-bytes.js";

/** How deep encodings may nest (e.g. form → url → base64 → json is 4). */
export const MAX_DECODE_DEPTH = 6;
/** Values emitted per request at most; a hostile body stops here instead of exhausting memory. */
export const MAX_VALUES_PER_REQUEST = 5000;
/** Strings longer than this are emitted but not decoded further. */
export const MAX_DECODE_LENGTH = 256 * 1024;
/** Shorter strings are not tried as base64: too many words and ids are valid base64 by accident. */
export const MIN_BASE64_LENGTH = 12;

export interface DecodedValue {
  /** Key path inside the carrier, e.g. "user.ids[0]" for JSON or "cd" for a nested form field. */
  key?: string;
  value: string;
  /** Decodings applied, outermost first: "url", "json", "form", "base64", "jwt", "gzip", … */
  encoding: string[];
  /** Set when the value decoded into others (a JSON text, a form, an encoded value): its parts
   * are values of their own, so the whole is not one identifier. */
  container?: true;
}

/** Shared by every decode of one request so the whole request has one budget. */
export interface DecodeBudget {
  values: number;
}

export function newBudget(): DecodeBudget {
  return { values: MAX_VALUES_PER_REQUEST };
}

const PERCENT = /%[0-9a-f]{2}/i;
const FORM = /^[^=&\s?#]+=[^&]*(&[^=&\s?#]*=?[^&]*)*$/;
const B64 = /^[A-Za-z0-9+/]+={0,2}$/;
const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const JWT = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/;

function joinKey(parent: string | undefined, child: string): string {
  if (parent === undefined || parent === "") return child;
  return child.startsWith("[") ? `${parent}${child}` : `${parent}.${child}`;
}

function safeDecodeURIComponent(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    // A lone "%" next to valid escapes: decode what can be decoded.
    const out = s.replace(/%[0-9a-f]{2}/gi, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
    return out === s ? undefined : out;
  }
}

function base64Bytes(s: string): Uint8Array | undefined {
  if (s.length < MIN_BASE64_LENGTH) return undefined;
  const std = B64.test(s);
  if (!std && !B64URL.test(s)) return undefined;
  const body = s.replace(/=+$/, "");
  if (body.length % 4 === 1) return undefined;
  return Buffer.from(body, std && !/[-_]/.test(body) ? "base64" : "base64url");
}

function tryJson(s: string): unknown {
  const t = s.trim();
  const first = t[0];
  if (first !== "{" && first !== "[") return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** NDJSON batches (one event per line), as some analytics SDKs send them. */
function tryJsonLines(s: string): unknown[] | undefined {
  if (!s.includes("\n")) return undefined;
  const lines = s.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) return undefined;
  const out: unknown[] = [];
  for (const l of lines) {
    const v = tryJson(l);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** Expands `value` into `out`: the value itself, then every value decoded from it. */
export function expandValue(
  value: string,
  encoding: string[],
  key: string | undefined,
  budget: DecodeBudget,
  out: DecodedValue[],
  depth = 0,
): void {
  if (budget.values <= 0) return;
  budget.values--;
  const self: DecodedValue = { ...(key !== undefined ? { key } : {}), value, encoding };
  out.push(self);
  if (depth >= MAX_DECODE_DEPTH || value.length > MAX_DECODE_LENGTH || value.length < 2) return;
  const next = (v: string, enc: string, k: string | undefined) => {
    self.container = true;
    expandValue(v, [...encoding, enc], k, budget, out, depth + 1);
  };

  const json = tryJson(value) ?? tryJsonLines(value);
  if (json !== undefined) {
    flattenJson(json, key, (k, v) => next(v, "json", k), budget);
    return;
  }
  if (/^\s*[[{][\s[{]*"/.test(value)) {
    // JSON that does not parse, as a body cut at the capture's size cap: its "key":"value" pairs.
    let found = false;
    for (const m of value.matchAll(/"([^"\\]{1,100})"\s*:\s*(?:"([^"\\]*)"|(-?\d[\d.eE+-]*))/g)) {
      found = true;
      next(m[2] ?? m[3] ?? "", "json-partial", joinKey(key, m[1] ?? ""));
    }
    if (found) return;
  }
  if (/^https?:\/\/[^\s]+\?/i.test(value)) {
    // A URL inside a value (a redirect target, a page URL): its query parameters travel with it.
    try {
      for (const [k, v] of new URL(value).searchParams) next(v, "nested-url", joinKey(key, k));
    } catch {
      // Not a URL after all.
    }
    return;
  }
  if (FORM.test(value) && value.includes("=") && !/^[A-Za-z0-9+/]+={1,2}$/.test(value)) {
    for (const [k, v] of new URLSearchParams(value)) next(v, "form", joinKey(key, k));
    return;
  }
  if (PERCENT.test(value)) {
    const decoded = safeDecodeURIComponent(value);
    if (decoded !== undefined && decoded !== value) {
      next(decoded, "url", key);
      return;
    }
  }
  if (JWT.test(value)) {
    const [header, payload] = value.split(".");
    for (const part of [header, payload]) {
      const bytes = part ? base64Bytes(part) : undefined;
      const text = bytes ? decodeBytes(bytes, undefined, 1, false) : undefined;
      if (text && tryJson(text.text) !== undefined) next(text.text, "jwt", key);
    }
    return;
  }
  const bytes = base64Bytes(value);
  if (bytes) {
    const decoded = decodeBytes(bytes, undefined, 2, false);
    if (decoded && decoded.text.length > 0) {
      self.container = true;
      expandValue(
        decoded.text,
        [...encoding, "base64", ...decoded.encoding],
        key,
        budget,
        out,
        depth + 1,
      );
    }
  }
}

/** Leaves of a JSON value with their key paths; numbers become strings (numeric ids exist). */
export function flattenJson(
  json: unknown,
  key: string | undefined,
  emit: (key: string, value: string) => void,
  budget: DecodeBudget,
): void {
  const walk = (v: unknown, k: string, depth: number): void => {
    if (budget.values <= 0 || depth > 32) return;
    if (typeof v === "string") emit(k, v);
    else if (typeof v === "number" && Number.isFinite(v)) emit(k, String(v));
    else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, joinKey(k, `[${i}]`), depth + 1);
    } else if (v !== null && typeof v === "object") {
      for (const [name, item] of Object.entries(v)) walk(item, joinKey(k, name), depth + 1);
    }
  };
  walk(json, key ?? "", 0);
}

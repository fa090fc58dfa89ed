// Which values can identify a visitor. These thresholds are public (the README lists them): a
// finding that is wrong costs more trust than a missed one, so every rule leans towards silence.
import { FILE_EXTENSIONS } from "./emails.js";

/** Shorter values are too easy to collide by accident (flags, counters, short codes). */
export const ID_MIN_LENGTH = 8;
/** Longer values are content (URLs, payloads, text), not identifiers. */
export const ID_MAX_LENGTH = 200;
/**
 * Shannon entropy per character, at least. Random ids score 3–6 ("3f9c1a7e…" ≈ 3.9, base64 ≈ 5);
 * words, slugs and repeated patterns score lower ("aaaaaaaa" = 0, "00000001" ≈ 0.5).
 */
export const ID_MIN_ENTROPY_BITS_PER_CHAR = 2.5;
/** Digits-only values need this many digits: shorter ones are dates, prices, counters, zip codes. */
export const ID_MIN_NUMERIC_LENGTH = 10;
/** Values without a digit must be at least this long and mix cases like base64 (25–75% capitals). */
export const ID_MIN_NO_DIGIT_LENGTH = 16;
/**
 * Digits-only values of 10, 13 or 16 digits that read as a Unix time (s, ms, µs) within this many
 * days of the scan are timestamps, not ids.
 */
export const TIMESTAMP_WINDOW_DAYS = 366;

export type IdRejection =
  | "length"
  | "whitespace"
  | "entropy"
  | "character-classes"
  | "numeric-short"
  | "timestamp"
  | "date"
  | "version"
  | "url-or-host"
  | "boolean-or-keyword";

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...value].length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** True when a digits-only value reads as a Unix time in seconds, ms or µs near `scanTime`. */
export function isNearTimestamp(value: string, scanTime: number): boolean {
  if (!/^\d+$/.test(value)) return false;
  const scale =
    value.length === 10 ? 1000 : value.length === 13 ? 1 : value.length === 16 ? 1e-3 : 0;
  if (scale === 0) return false;
  const ms = Number(value) * scale;
  return Math.abs(ms - scanTime) <= TIMESTAMP_WINDOW_DAYS * 86_400_000;
}

const KEYWORDS = /^(true|false|null|undefined|nan|infinity|none|default)$/i;
const DATE = /^\d{4}-?\d{2}-?\d{2}([T ]\d{2}:?\d{2}(:?\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
// Version parts are small numbers; "1234567891.1764400000" is a client id, not a version.
const VERSION = /^v?\d{1,4}(\.\d{1,4}){1,3}([-+][0-9A-Za-z.-]+)?$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
// Host names and file names: labels ending in an alphabetic suffix ("cdn.example", "logo.png").
const HOST_OR_FILE = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.[a-z]{2,}$/i;

/** Why a value cannot be a visitor identifier, or undefined when it can. */
export function idRejection(value: string, scanTime: number = Date.now()): IdRejection | undefined {
  if (value.length < ID_MIN_LENGTH || value.length > ID_MAX_LENGTH) return "length";
  if (/\s/.test(value)) return "whitespace";
  if (KEYWORDS.test(value)) return "boolean-or-keyword";
  if (URL_LIKE.test(value) || value.startsWith("/") || HOST_OR_FILE.test(value))
    return "url-or-host";
  if (FILE_EXTENSIONS.has(value.slice(value.lastIndexOf(".") + 1).toLowerCase()))
    return "url-or-host";
  if (/^\d+$/.test(value)) {
    if (value.length < ID_MIN_NUMERIC_LENGTH) return "numeric-short";
    if (isNearTimestamp(value, scanTime)) return "timestamp";
  }
  if (DATE.test(value)) return "date";
  if (VERSION.test(value)) return "version";
  if (shannonEntropy(value) < ID_MIN_ENTROPY_BITS_PER_CHAR) return "entropy";
  // Words, slugs and CamelCase names ("sports-news", "NewsletterSignup") have no digits and few
  // capitals; ids carry digits (hex, UUIDs, numbers) or are base64 with capitals all through.
  if (/\d/.test(value)) return undefined;
  const upper = value.replace(/[^A-Z]/g, "").length;
  const letters = value.replace(/[^A-Za-z]/g, "").length;
  const ratio = letters === 0 ? 0 : upper / letters;
  if (value.length < ID_MIN_NO_DIGIT_LENGTH || ratio < 0.25 || ratio > 0.75)
    return "character-classes";
  return undefined;
}

/** True when the value is long, random and varied enough to identify a visitor. */
export function isIdentifierLike(value: string, scanTime: number = Date.now()): boolean {
  return idRejection(value, scanTime) === undefined;
}

// Values the browser stored during the scan (cookies and web storage) and who wrote each: the
// proof that a value is a visitor identifier and not a nonce, and the judge of whose it is.
import type { CapturedPage } from "../../model/capture.js";
import { partyOfUrl } from "../party.js";
import { type DecodedValue, expandValue, newBudget } from "./decode-value.js";
import { isIdentifierLike } from "./identifiers.js";
import type { LeakInput } from "./types.js";

export interface StoredValue {
  kind: "cookie" | "localStorage" | "sessionStorage" | "indexedDB";
  /** Cookie name or storage key. */
  name: string;
  /** Cookie domain or storage origin. */
  where: string;
  /** An identifier-like value inside it (the whole value or a decoded part). */
  value: string;
  /** Key path of the part inside the stored value, when decoded. */
  part?: string;
  /** Party that wrote it: the response's (Set-Cookie) or the writing script's, else the document's. */
  writer: string;
  setBy: "header" | "script";
  script?: string;
  httpOnly: boolean;
  page: CapturedPage;
  ms: number;
}

function identifierParts(value: string, scanTime: number): DecodedValue[] {
  const out: DecodedValue[] = [];
  expandValue(value, [], undefined, newBudget(), out);
  return out.filter((d) => isIdentifierLike(d.value, scanTime));
}

const cache = new WeakMap<LeakInput, StoredValue[]>();

/** Identifier-like values of every cookie write and storage write, earliest first. */
export function storedValues(input: LeakInput): StoredValue[] {
  const hit = cache.get(input);
  if (hit) return hit;
  const scanTime = Date.parse(input.capture.startedAt) || Date.now();
  const out: StoredValue[] = [];
  for (const page of input.capture.pages) {
    for (const w of page.cookieWrites) {
      if (w.deletion || !w.value) continue;
      const writer =
        w.setBy === "header"
          ? partyOfUrl(w.url)
          : partyOfUrl(w.script ?? w.url) || partyOfUrl(w.url);
      for (const d of identifierParts(w.value, scanTime)) {
        out.push({
          kind: "cookie",
          name: w.name,
          where: w.domain,
          value: d.value,
          ...(d.key ? { part: d.key } : {}),
          writer,
          setBy: w.setBy,
          ...(w.script ? { script: w.script } : {}),
          httpOnly: w.httpOnly,
          page,
          ms: w.ms,
        });
      }
    }
    for (const s of page.storage) {
      if (!s.value) continue;
      const writer = partyOfUrl(s.script ?? s.documentUrl) || partyOfUrl(s.documentUrl);
      for (const d of identifierParts(s.value, scanTime)) {
        out.push({
          kind: s.kind,
          name: s.key,
          where: s.origin,
          value: d.value,
          ...(d.key ? { part: d.key } : {}),
          writer,
          setBy: "script",
          ...(s.script ? { script: s.script } : {}),
          httpOnly: false,
          page,
          ms: s.ms,
        });
      }
    }
  }
  const order = new Map(input.capture.pages.map((p, i) => [p, i]));
  out.sort((a, b) => (order.get(a.page) ?? 0) - (order.get(b.page) ?? 0) || a.ms - b.ms);
  cache.set(input, out);
  return out;
}

/** Stored values by value, for exact lookups. */
export function storedByValue(input: LeakInput): Map<string, StoredValue[]> {
  const map = new Map<string, StoredValue[]>();
  for (const s of storedValues(input)) {
    const list = map.get(s.value);
    if (list) list.push(s);
    else map.set(s.value, [s]);
  }
  return map;
}

/** A sent value this long that is part of a stored one ("GA1.1.<client id>") is that value's. */
export const MIN_PART_LENGTH = 12;

/** The stored values a sent value is, contains (an id inside a longer string) or is part of. */
export function storedMatches(
  sent: string,
  byValue: Map<string, StoredValue[]>,
  all: readonly StoredValue[],
): StoredValue[] {
  const exact = byValue.get(sent);
  if (exact) return exact;
  return all.filter(
    (s) =>
      (sent.length > s.value.length && sent.includes(s.value)) ||
      (sent.length >= MIN_PART_LENGTH && s.value.length > sent.length && s.value.includes(sent)),
  );
}

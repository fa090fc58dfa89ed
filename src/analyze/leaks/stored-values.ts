// Values the browser stored during the scan (cookies and web storage) and who wrote each: the
// proof that a value is a visitor identifier and not a nonce, and the judge of whose it is.

import { partyOf, partyOfUrl } from "../../domain/party.js";
import type { CapturedPage } from "../../model/capture.js";
import { refusedForDomain } from "../refused-cookie.js";
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
  /** "jar": found only in the final cookie jar, no write seen (its domain's party is the writer). */
  setBy: "header" | "script" | "jar";
  script?: string;
  httpOnly: boolean;
  page: CapturedPage;
  ms: number;
  /** Position in scan order (pages in order, writes by time): the lower, the earlier. */
  order: number;
}

function identifierParts(value: string, scanTime: number): DecodedValue[] {
  const out: DecodedValue[] = [];
  expandValue(value, [], undefined, newBudget(), out);
  return out.filter((d) => isIdentifierLike(d.value, scanTime));
}

// Keyed by the requests list, shared by every object built over the same judged scan.
const cache = new WeakMap<object, StoredValue[]>();

/** Identifier-like values of every cookie write and storage write, earliest first. */
export function storedValues(input: LeakInput): StoredValue[] {
  const hit = cache.get(input.requests);
  if (hit) return hit;
  const scanTime = Date.parse(input.capture.startedAt) || Date.now();
  const out: StoredValue[] = [];
  for (const page of input.capture.pages) {
    for (const w of page.cookieWrites) {
      if (w.deletion || !w.value || refusedForDomain(w)) continue;
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
          order: 0,
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
          order: 0,
        });
      }
    }
  }
  out.push(...jarOnlyValues(input, scanTime));
  const pageOrder = new Map(input.capture.pages.map((p, i) => [p, i]));
  out.sort((a, b) => (pageOrder.get(a.page) ?? 0) - (pageOrder.get(b.page) ?? 0) || a.ms - b.ms);
  out.forEach((s, i) => {
    s.order = i;
  });
  cache.set(input.requests, out);
  return out;
}

/**
 * Third-party cookies in a page's final jar that no recorded write explains. Only a response or a
 * frame of the cookie's own site can have set them, so that party is the writer. First-party jar
 * cookies are left out: any script of the page could have written them, and guessing the site
 * would turn a vendor's id into a first-party leak.
 */
function jarOnlyValues(input: LeakInput, scanTime: number): StoredValue[] {
  const written = new Set<string>();
  for (const page of input.capture.pages) {
    for (const w of page.cookieWrites) written.add(`${w.name}\t${w.domain.replace(/^\.+/, "")}`);
  }
  const out: StoredValue[] = [];
  for (const page of input.capture.pages) {
    const fp = input.pages.find((p) => p.page === page || p.page.id === page.id)?.firstParty;
    for (const c of page.jar) {
      const domain = c.domain.replace(/^\.+/, "");
      const writer = partyOf(domain);
      if (!c.value || !writer || fp?.has(writer) || written.has(`${c.name}\t${domain}`)) continue;
      for (const d of identifierParts(c.value, scanTime)) {
        out.push({
          kind: "cookie",
          name: c.name,
          where: domain,
          value: d.value,
          ...(d.key ? { part: d.key } : {}),
          writer,
          setBy: "jar",
          httpOnly: c.httpOnly,
          page,
          ms: Number.MAX_SAFE_INTEGER,
          order: 0,
        });
      }
    }
  }
  return out;
}

/** Separators between the fields of composite values ("GA1.1.123.456", "id|ts", "a:b"). */
const FIELD_SEPARATOR = /[.:|~,;/ ]/;
/** Composite values are split into at most this many fields. */
const MAX_FIELDS = 12;

/** Every run of whole fields of a composite value, the value itself excluded. */
export function fieldRuns(value: string): string[] {
  const parts = value.split(new RegExp(`(${FIELD_SEPARATOR.source})`));
  if (parts.length < 3 || parts.length > MAX_FIELDS * 2) return [];
  const runs: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    let run = "";
    for (let j = i; j < parts.length; j += 2) {
      run += (j > i ? (parts[j - 1] ?? "") : "") + (parts[j] ?? "");
      if (!(i === 0 && j === parts.length - 1)) runs.push(run);
    }
  }
  return runs;
}

/** A sent value this long that is part of a stored one ("GA1.1.<client id>") is that value's. */
export const MIN_PART_LENGTH = 12;

export interface StoredIndex {
  byValue: Map<string, StoredValue[]>;
  /** Runs of whole fields of stored values, MIN_PART_LENGTH or longer. */
  byPart: Map<string, StoredValue[]>;
}

function push(map: Map<string, StoredValue[]>, key: string, s: StoredValue): void {
  const list = map.get(key);
  if (list) list.push(s);
  else map.set(key, [s]);
}

const indexCache = new WeakMap<object, StoredIndex>();

/** Stored values by value and by field runs, earliest write first in every list. */
export function storedIndex(input: LeakInput): StoredIndex {
  const hit = indexCache.get(input.requests);
  if (hit) return hit;
  const index: StoredIndex = { byValue: new Map(), byPart: new Map() };
  for (const s of storedValues(input)) {
    push(index.byValue, s.value, s);
    for (const run of fieldRuns(s.value)) {
      if (run.length >= MIN_PART_LENGTH) push(index.byPart, run, s);
    }
  }
  indexCache.set(input.requests, index);
  return index;
}

/**
 * The stored values a sent value is, contains as whole fields ("GA1.1.<stored id>") or is a
 * whole-field part of ("<client id>" of a stored "GA1.1.<client id>"). Matching whole fields only
 * keeps an id from matching by accident inside a longer random string.
 */
export function storedMatches(sent: string, index: StoredIndex): StoredValue[] {
  const found = [...(index.byValue.get(sent) ?? []), ...(index.byPart.get(sent) ?? [])];
  for (const run of fieldRuns(sent)) found.push(...(index.byValue.get(run) ?? []));
  // The earliest write wins: a site script copying a vendor's id does not make it the site's.
  return [...new Set(found)].sort((a, b) => a.order - b.order);
}

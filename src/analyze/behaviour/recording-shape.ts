// What a payload looks like to a session-replay reader: an rrweb event stream (the format several
// replay vendors share), a DOM snapshot (serialised node trees or page markup), or a stream of
// interaction events (pointer coordinates, mutations, input values). Pure; shapes, not vendors.
import { DOM_SNAPSHOT_MIN_TAGS, EVENT_STREAM_MIN } from "./thresholds.js";

export type PayloadShape = "rrweb" | "dom-snapshot" | "events";

const MAX_DEPTH = 8;
const MAX_NODES = 5000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** rrweb's event: {type: 0–6, timestamp, data}; a stream has a snapshot (2) or increments (3). */
function isRrwebEvent(v: unknown): boolean {
  return (
    isObject(v) &&
    Number.isInteger(v.type) &&
    (v.type as number) >= 0 &&
    (v.type as number) <= 6 &&
    typeof v.timestamp === "number" &&
    "data" in v
  );
}

function isRrwebStream(list: readonly unknown[]): boolean {
  const events = list.filter(isRrwebEvent) as Record<string, Json>[];
  return events.length > 0 && events.some((e) => e.type === 2 || e.type === 3);
}

/** One interaction event: pointer coordinates, a DOM mutation batch, or a field's value. */
export function isInteractionEvent(v: unknown): boolean {
  if (!isObject(v)) return false;
  const coords = typeof v.x === "number" && typeof v.y === "number";
  const mutation = ["adds", "removes", "mutations", "attributes", "texts"].some((k) =>
    Array.isArray(v[k]),
  );
  return coords || mutation;
}

function isNodeTree(v: Record<string, Json>): boolean {
  return Array.isArray(v.childNodes) && ("tagName" in v || "nodeName" in v || "type" in v);
}

/** Markup tags in a string (a page's outerHTML has hundreds). */
export function tagCount(text: string): number {
  return text.match(/<\/?[a-z][a-z0-9-]*(\s[^<>]*)?>/gi)?.length ?? 0;
}

function walk(v: unknown, depth: number, budget: { n: number }): PayloadShape | undefined {
  if (depth > MAX_DEPTH || --budget.n < 0) return undefined;
  if (typeof v === "string") {
    return v.length > 200 && tagCount(v) >= DOM_SNAPSHOT_MIN_TAGS ? "dom-snapshot" : undefined;
  }
  if (Array.isArray(v)) {
    if (isRrwebStream(v)) return "rrweb";
    if (v.filter(isInteractionEvent).length >= EVENT_STREAM_MIN) return "events";
    let found: PayloadShape | undefined;
    for (const x of v) {
      const s = walk(x, depth + 1, budget);
      if (s === "rrweb") return s;
      found ??= s;
    }
    return found;
  }
  if (!isObject(v)) return undefined;
  if (isNodeTree(v)) return "dom-snapshot";
  let found: PayloadShape | undefined;
  for (const x of Object.values(v)) {
    const s = walk(x, depth + 1, budget);
    if (s === "rrweb") return s;
    found ??= s;
  }
  return found;
}

function parse(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith("{") && !t.startsWith("[")) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** The shape of one payload (a body or a socket frame), undefined for anything else. */
export function payloadShape(text: string): PayloadShape | undefined {
  const json = parse(text);
  if (json !== undefined) return walk(json, 0, { n: MAX_NODES });
  return tagCount(text) >= DOM_SNAPSHOT_MIN_TAGS ? "dom-snapshot" : undefined;
}

/**
 * The shapes of a series of payloads to one receiver (a socket's frames, a collector's posts):
 * each payload's own shape, plus "events" when enough of them are single interaction events.
 */
export function streamShapes(texts: readonly string[]): PayloadShape[] {
  const shapes = new Set<PayloadShape>();
  let single = 0;
  for (const t of texts) {
    const s = payloadShape(t);
    if (s) shapes.add(s);
    else if (isInteractionEvent(parse(t))) single++;
  }
  if (single >= EVENT_STREAM_MIN) shapes.add("events");
  return [...shapes];
}

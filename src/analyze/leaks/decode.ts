// One request into the "carriers" of data it sent: every query parameter, path segment, header,
// cookie and body field, decoded the way real SDKs encode them, each with where it travelled.
import type { CapturedBody, CapturedRequest } from "../../model/capture.js";
import { decodeBytes } from "./decode-bytes.js";
import { type DecodeBudget, type DecodedValue, expandValue, newBudget } from "./decode-value.js";

export type CarrierLocation =
  | "query"
  | "path"
  | "body"
  | "referer"
  | "cookie-header"
  | "redirect-location"
  | "header";

export interface Carrier extends DecodedValue {
  location: CarrierLocation;
  /** The URL that received it: a redirect hop or the final URL. For "redirect-location", the hop
   * whose response sent the browser on (its party put the value there). */
  url: string;
  /** Index in request.redirects of the hop that carried it; absent for the final URL. */
  hop?: number;
  /** For "redirect-location": where the redirect pointed. */
  to?: string;
}

/** Headers that say nothing about the visitor, or that are the browser's own. */
const QUIET_HEADERS = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "cache-control",
  "connection",
  "content-length",
  "content-type",
  "content-encoding",
  "dnt",
  "host",
  "origin",
  "pragma",
  "priority",
  "purpose",
  "range",
  "te",
  "upgrade-insecure-requests",
  "user-agent",
  "x-requested-with",
]);

/** Printable runs this long are pulled out of binary bodies (protobuf and friends carry ids so). */
export const MIN_BINARY_STRING = 8;

function urlCarriers(
  url: string,
  location: CarrierLocation,
  at: { url: string; hop?: number; to?: string },
  budget: DecodeBudget,
): Carrier[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  const found: DecodedValue[] = [];
  const pathFound: DecodedValue[] = [];
  for (const [k, v] of u.searchParams) expandValue(v, [], k, budget, found);
  if (location !== "referer") {
    const segments = u.pathname.split("/");
    for (const [i, seg] of segments.entries()) {
      if (seg !== "") expandValue(seg, [], String(i), budget, pathFound);
    }
  }
  const loc = (l: CarrierLocation) => (location === "query" ? l : location);
  return [
    ...found.map((d) => ({ ...d, location: loc("query"), ...at })),
    ...pathFound.map((d) => ({ ...d, location: loc("path"), ...at })),
  ];
}

function splitMultipart(text: string, contentType: string): { name: string; value: string }[] {
  const m = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!m?.[1]) return [];
  const parts: { name: string; value: string }[] = [];
  for (const chunk of text.split(`--${m[1]}`)) {
    const sep = chunk.indexOf("\r\n\r\n");
    if (sep < 0) continue;
    const head = chunk.slice(0, sep);
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? "";
    parts.push({ name, value: chunk.slice(sep + 4).replace(/\r\n$/, "") });
  }
  return parts;
}

function binaryStrings(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString("latin1");
  return text.match(new RegExp(`[\\x20-\\x7e]{${MIN_BINARY_STRING},}`, "g")) ?? [];
}

/** Every value a request body carries (key paths from JSON, form and multipart fields). */
export function bodyValues(body: CapturedBody, budget: DecodeBudget = newBudget()): DecodedValue[] {
  const out: DecodedValue[] = [];
  if (!body.base64) return out;
  const bytes = Buffer.from(body.base64, "base64");
  const decoded = decodeBytes(bytes, body.contentEncoding);
  const type = body.contentType ?? "";
  if (!decoded) {
    for (const s of binaryStrings(bytes)) expandValue(s, ["binary"], undefined, budget, out);
    return out;
  }
  if (/multipart\/form-data/i.test(type)) {
    const parts = splitMultipart(decoded.text, type);
    if (parts.length > 0) {
      for (const p of parts)
        expandValue(p.value, [...decoded.encoding, "multipart"], p.name, budget, out);
      return out;
    }
  }
  expandValue(decoded.text, decoded.encoding, undefined, budget, out);
  return out;
}

function cookieHeaderValues(header: string, budget: DecodeBudget): DecodedValue[] {
  const out: DecodedValue[] = [];
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    expandValue(pair.slice(eq + 1).trim(), [], pair.slice(0, eq).trim(), budget, out);
  }
  return out;
}

function resolve(location: string, base: string): string | undefined {
  try {
    return new URL(location, base).href;
  } catch {
    return undefined;
  }
}

/** All carriers of one request: its hops' and final URL's query and path, Location headers,
 * headers, Cookie and Referer (as the final request sent them), the body (sent to the first URL)
 * and a WebSocket's sent frames. */
export function requestCarriers(request: CapturedRequest): Carrier[] {
  const budget = newBudget();
  const out: Carrier[] = [];
  request.redirects.forEach((hop, i) => {
    out.push(...urlCarriers(hop.url, "query", { url: hop.url, hop: i }, budget));
    const to = hop.location ? resolve(hop.location, hop.url) : undefined;
    if (to) out.push(...urlCarriers(to, "redirect-location", { url: hop.url, hop: i, to }, budget));
  });
  out.push(...urlCarriers(request.url, "query", { url: request.url }, budget));
  for (const [name, value] of Object.entries(request.requestHeaders)) {
    const header = name.toLowerCase();
    if (QUIET_HEADERS.has(header) || header.startsWith("sec-") || header.startsWith("if-"))
      continue;
    const at = { url: request.url };
    if (header === "cookie") {
      for (const d of cookieHeaderValues(value, budget))
        out.push({ ...d, location: "cookie-header", ...at });
    } else if (header === "referer") {
      out.push({ value, encoding: [], location: "referer", ...at });
      out.push(...urlCarriers(value, "referer", at, budget));
    } else {
      const found: DecodedValue[] = [];
      expandValue(value, [], header, budget, found);
      for (const d of found) out.push({ ...d, location: "header", ...at });
    }
  }
  if (request.body) {
    const first = request.redirects[0];
    const at = first ? { url: first.url, hop: 0 } : { url: request.url };
    for (const d of bodyValues(request.body, budget)) out.push({ ...d, location: "body", ...at });
  }
  // A socket's sent frames are its bodies: one decoding, one budget per frame (a stream is long).
  for (const frame of request.wsFrames ?? []) {
    for (const d of bodyValues(frame)) out.push({ ...d, location: "body", url: request.url });
  }
  return out;
}

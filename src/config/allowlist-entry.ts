// One allowlist entry: read from a YAML node, validated, turned into a typed AllowlistEntry.

import {
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Scalar,
  type YAMLMap,
} from "yaml";
import { CATEGORIES, isCategory } from "../domain/categories.js";
import { hostProblem, normalizeConfigHost, patternProblem } from "../domain/host-pattern.js";
import { isIp, partyOf } from "../domain/party.js";
import { globProblem } from "../domain/path-glob.js";
import { ConfigError, quoteValue } from "../errors.js";

export type EntryKind = "domain" | "host" | "entity" | "url";

export interface AllowlistEntry {
  kind: EntryKind;
  /** Normalized: a domain, a host or `*.` pattern, an entity name, or a URL prefix. */
  value: string;
  categories?: string[];
  /** Path globs on the publisher's side (`/news/**`); the entry only applies on those pages. */
  pages?: string[];
  /** YYYY-MM-DD: authorizes up to and including that day (UTC). */
  expires?: string;
  note?: string;
  /** Why the entry is there (PCI DSS 6.4.3's written justification); `note` counts as one. */
  justification?: string;
  /** `url:` entries only: the script's allowed hashes ("sha256-<base64>"); others are rogue. */
  integrity?: string[];
  /** Readable rule, as reported: "domain:x.example", "host:*.cdn.x.example", "url:https://…". */
  rule: string;
  /** 1-based line in the allowlist file. */
  line?: number;
}

const KINDS: EntryKind[] = ["domain", "host", "entity", "url"];
const OPTIONAL = ["categories", "pages", "expires", "note", "justification", "integrity"];
/** An SRI SHA-256 value: 32 bytes, base64 with padding. */
const SHA256_SRI = /^sha256-[A-Za-z0-9+/]{43}=$/;

export interface EntryContext {
  file: string;
  lineCounter: LineCounter;
  /** e.g. "authorized[3]" */
  where: string;
}

function lineOf(node: Node | null | undefined, ctx: EntryContext): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : ctx.lineCounter.linePos(offset).line;
}

function fail(ctx: EntryContext, node: Node | null | undefined, what: string, message: string) {
  return new ConfigError(`${ctx.where} ${what}: ${message}`, ctx.file, lineOf(node, ctx));
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** Parses "2027-06-30" strictly (a real calendar day). */
export function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function hostEntry(ctx: EntryContext, node: Node, text: string, kind: "domain" | "host") {
  const shown = `(${kind}: ${quoteValue(text, { json: true })})`;
  if (text.includes("*")) {
    if (kind === "domain") {
      throw fail(ctx, node, shown, "a domain cannot contain '*'; use host: for a pattern");
    }
    const base = text.startsWith("*.") ? normalizeConfigHost(text.slice(2)) : "";
    const pattern = base === "" ? text : `*.${base}`;
    const problem = patternProblem(pattern) ?? (base === "" ? "not a host pattern" : undefined);
    if (problem) throw fail(ctx, node, shown, `bad host pattern: ${problem}`);
    return pattern;
  }
  const value = normalizeConfigHost(text);
  const problem =
    value === "" ? "not a host name (no scheme, path or port expected)" : hostProblem(value);
  if (problem) throw fail(ctx, node, shown, `bad ${kind}: ${problem}`);
  return value;
}

function urlEntry(ctx: EntryContext, node: Node, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail(ctx, node, `(url: ${quoteValue(text, { json: true })})`, "not an absolute URL");
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol) || url.hostname === "") {
    throw fail(
      ctx,
      node,
      `(url: ${quoteValue(text, { json: true })})`,
      "must be an http(s) or ws(s) URL",
    );
  }
  return url.href;
}

function stringList(ctx: EntryContext, node: unknown, key: string, shown: string): string[] {
  if (!isSeq(node)) throw fail(ctx, node as Node, shown, `${key} must be a list`);
  return node.items.map((item) => {
    const text = scalarText(item);
    if (text === undefined || text.trim() === "") {
      throw fail(ctx, item as Node, shown, `${key} must be a list of strings`);
    }
    return text.trim();
  });
}

/** Reads one entry of `authorized` or `denied`: a string shorthand or a map. */
export function parseEntry(node: unknown, ctx: EntryContext): AllowlistEntry {
  const line = lineOf(node as Node, ctx);
  const text = scalarText(node);
  if (text !== undefined) {
    const t = text.trim();
    if (t === "") throw fail(ctx, node as Node, "", "empty entry");
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) {
      throw fail(
        ctx,
        node as Node,
        `(${quoteValue(t, { json: true })})`,
        "a URL needs the form { url: ... }",
      );
    }
    let kind: "domain" | "host" = "host";
    if (!t.includes("*")) {
      const host = normalizeConfigHost(t);
      if (host !== "" && !isIp(host) && partyOf(host) === host) kind = "domain";
    }
    const value = hostEntry(ctx, node as Node, t, kind);
    return { kind, value, rule: `${kind}:${value}`, ...(line ? { line } : {}) };
  }
  if (!isMap(node)) {
    throw fail(
      ctx,
      node as Node,
      "",
      "must be a domain/host string or a map with one of domain, host, entity, url",
    );
  }
  return parseMapEntry(node as YAMLMap, ctx, line);
}

function parseMapEntry(node: YAMLMap, ctx: EntryContext, line: number | undefined): AllowlistEntry {
  const keys = node.items.map((pair) => scalarText(pair.key) ?? "");
  const kinds = KINDS.filter((k) => keys.includes(k));
  const first = node.items[0];
  const firstValue = first ? scalarText(first.value) : undefined;
  const shown = `(${keys[0] ?? "?"}: ${quoteValue(firstValue ?? "…", { json: true })})`;
  for (const pair of node.items) {
    const key = scalarText(pair.key) ?? "";
    if (!KINDS.includes(key as EntryKind) && !OPTIONAL.includes(key)) {
      throw fail(
        ctx,
        pair.key as Node,
        shown,
        `unknown key ${quoteValue(key, { json: true })} (allowed: ${[...KINDS, ...OPTIONAL].join(", ")})`,
      );
    }
  }
  if (kinds.length !== 1) {
    throw fail(
      ctx,
      node,
      shown,
      kinds.length === 0
        ? "needs one of domain, host, entity, url"
        : `has ${kinds.join(" and ")}: an entry takes exactly one of domain, host, entity, url`,
    );
  }
  const kind = kinds[0] as EntryKind;
  const kindNode = node.get(kind, true) as Node | undefined;
  const raw = scalarText(kindNode);
  if (raw === undefined || raw.trim() === "")
    throw fail(ctx, kindNode ?? node, shown, `${kind} must be a non-empty string`);
  const text = raw.trim();
  let value: string;
  if (kind === "url") value = urlEntry(ctx, kindNode as Node, text);
  else if (kind === "entity") value = text;
  else value = hostEntry(ctx, kindNode as Node, text, kind);
  const entry: AllowlistEntry = {
    kind,
    value,
    rule: `${kind}:${value}`,
    ...(line ? { line } : {}),
  };
  if (node.has("categories")) {
    const catNode = node.get("categories", true);
    entry.categories = stringList(ctx, catNode, "categories", shown).map((c) => c.toLowerCase());
    const bad = entry.categories.find((c) => !isCategory(c));
    if (bad !== undefined) {
      throw fail(
        ctx,
        catNode as Node,
        shown,
        `unknown category ${quoteValue(bad, { json: true })} (known: ${CATEGORIES.join(", ")})`,
      );
    }
  }
  if (node.has("pages")) {
    entry.pages = stringList(ctx, node.get("pages", true), "pages", shown);
    for (const glob of entry.pages) {
      // Anchored paths only: a scope on the publisher's site is written from its root.
      const problem = glob.startsWith("/") ? globProblem(glob) : 'must start with "/"';
      if (problem)
        throw fail(
          ctx,
          node.get("pages", true) as Node,
          shown,
          `page glob ${quoteValue(glob, { json: true })}: ${problem}`,
        );
    }
  }
  if (node.has("expires")) {
    const exNode = node.get("expires", true) as Node;
    const ex = scalarText(exNode);
    if (ex === undefined || !validDate(ex.trim())) {
      throw fail(
        ctx,
        exNode,
        shown,
        `bad expires date ${quoteValue(ex ?? "", { json: true })}: use YYYY-MM-DD, e.g. 2027-06-30`,
      );
    }
    entry.expires = ex.trim();
  }
  if (node.has("note")) {
    const note = scalarText(node.get("note", true));
    if (note === undefined)
      throw fail(ctx, node.get("note", true) as Node, shown, "note must be a string");
    entry.note = note;
  }
  if (node.has("justification")) {
    const text = scalarText(node.get("justification", true));
    if (text === undefined || text.trim() === "")
      throw fail(
        ctx,
        node.get("justification", true) as Node,
        shown,
        "justification must be a non-empty string",
      );
    entry.justification = text.trim();
  }
  if (node.has("integrity")) entry.integrity = integrityPins(ctx, node, kind, shown);
  return entry;
}

/** `integrity:` one value or a list, each "sha256-<base64>"; only on `url:` entries. */
function integrityPins(ctx: EntryContext, node: YAMLMap, kind: EntryKind, shown: string): string[] {
  const pinNode = node.get("integrity", true) as Node;
  if (kind !== "url")
    throw fail(
      ctx,
      pinNode,
      shown,
      "integrity is only allowed on url: entries (it pins one script)",
    );
  const single = scalarText(pinNode);
  const pins =
    single !== undefined ? [single.trim()] : stringList(ctx, pinNode, "integrity", shown);
  for (const pin of pins) {
    if (!SHA256_SRI.test(pin))
      throw fail(
        ctx,
        pinNode,
        shown,
        `integrity value ${JSON.stringify(pin)} is not "sha256-" and 44 base64 characters (openssl dgst -sha256 -binary FILE | base64)`,
      );
  }
  return pins;
}

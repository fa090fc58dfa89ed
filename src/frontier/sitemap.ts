// Sitemap parsing (urlset, sitemapindex, RSS/Atom, plain text, gzip), tolerant of junk from the wild.
import { constants, gunzipSync } from "node:zlib";

export interface ParsedSitemap {
  /** Page URLs of a <urlset> (or a text sitemap), absolute, in document order. */
  urls: string[];
  /** Child sitemap URLs of a <sitemapindex>. */
  sitemaps: string[];
  /** Set when the document was not (entirely) a valid sitemap; what could be read is still returned. */
  error?: string;
}

/**
 * Reads a sitemap without ever throwing. Only a <loc> that is a direct child of <url> or
 * <sitemap> counts, so image:loc, video:content_loc and xhtml:link alternates are not pages.
 * RSS 2.0 and Atom feeds, which search engines also accept as sitemaps, give their items' links.
 * Namespace prefixes are ignored (<sm:loc> is a loc), CDATA and entities are decoded, values are
 * trimmed and resolved against baseUrl (the protocol wants absolute URLs; some sites do not).
 */
export function parseSitemap(xml: string, baseUrl: string): ParsedSitemap {
  const text = xml.replace(/^\uFEFF/, "");
  const result: ParsedSitemap = { urls: [], sitemaps: [] };
  const problems: string[] = [];
  if (!text.trimStart().startsWith("<")) return parseTextSitemap(text, baseUrl);

  const stack: string[] = [];
  let root: string | undefined;
  let capture: { kind: "url" | "sitemap"; text: string } | undefined;
  let skippedLocs = 0;
  const take = (kind: "url" | "sitemap", value: string) => {
    const url = resolve(value, baseUrl);
    if (!url) skippedLocs++;
    else if (kind === "url") result.urls.push(url);
    else result.sitemaps.push(url);
  };
  // No token but comments and CDATA may run past the next "<", so junk full of unclosed tags
  // costs linear time, not quadratic.
  const token =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<\?[^<>]*>|<![^<>]*>|<(\/?)([^\s/<>!?]+)([^<>]*?)(\/?)>|<|[^<]+/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const whole = m[0];
    if (m[3] !== undefined) {
      const name = localName(m[3]);
      if (m[2] === "/") {
        const at = stack.lastIndexOf(name);
        if (at < 0) {
          problems.push(`unexpected </${m[3]}>`);
          continue;
        }
        if (at !== stack.length - 1) problems.push(`<${stack[stack.length - 1]}> not closed`);
        if (capture && at === stack.length - 1) take(capture.kind, capture.text);
        stack.length = at;
        capture = undefined;
      } else {
        if (!root) root = name;
        const parent = stack[stack.length - 1];
        const selfClosing = m[5] === "/";
        if (!selfClosing) stack.push(name);
        if (name === "loc" && (parent === "url" || parent === "sitemap")) {
          if (!selfClosing) capture = { kind: parent === "url" ? "url" : "sitemap", text: "" };
        } else if (name === "link" && (parent === "item" || parent === "entry")) {
          // RSS 2.0 <item><link>URL</link>; Atom <entry><link rel="alternate" href="URL"/>.
          const href = attribute(m[4] ?? "", "href");
          const rel = attribute(m[4] ?? "", "rel");
          if (href !== undefined) {
            if (rel === undefined || rel === "alternate") take("url", href);
          } else if (!selfClosing && parent === "item") {
            capture = { kind: "url", text: "" };
          }
        }
      }
    } else if (capture) {
      if (m[1] !== undefined) capture.text += m[1];
      else if (!whole.startsWith("<!") && !whole.startsWith("<?")) {
        capture.text += decodeEntities(whole);
      }
    }
  }
  if (!root) problems.unshift("no XML element found");
  else if (!["urlset", "sitemapindex", "rss", "feed"].includes(root)) {
    problems.unshift(`not a sitemap: the root element is <${root}>`);
  }
  if (stack.length) problems.push(`truncated: <${stack[stack.length - 1]}> not closed`);
  if (skippedLocs) problems.push(`${skippedLocs} <loc> value(s) not an http(s) URL`);
  if (problems.length) result.error = summarise(problems);
  return result;
}

/** The Sitemap: lines of a robots.txt, resolved against the robots.txt URL when given. */
export function discoverSitemaps(robotsTxt: string, robotsUrl?: string): string[] {
  const out: string[] = [];
  for (const line of robotsTxt.split(/\r\n|\r|\n/)) {
    const m = /^\s*sitemap\s*:\s*(\S+)/i.exec(line);
    const url = m?.[1] ? resolve(m[1], robotsUrl) : undefined;
    if (url && !out.includes(url)) out.push(url);
  }
  return out;
}

/**
 * Bytes of a sitemap as text: gunzipped when they start with the gzip magic (servers send
 * sitemap.xml.gz with and without Content-Encoding), UTF-8 otherwise. A truncated gzip yields
 * what could be inflated, and parseSitemap then reports the document as truncated.
 */
export function decodeMaybeGzip(buf: Buffer): string {
  let bytes = buf;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      bytes = gunzipSync(buf, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      throw new Error(`not a valid gzip file: ${(error as Error).message}`);
    }
  }
  return bytes.toString("utf8").replace(/^\uFEFF/, "");
}

function parseTextSitemap(text: string, baseUrl: string): ParsedSitemap {
  const urls: string[] = [];
  let bad = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const value = line.trim();
    if (!value) continue;
    const url = /^https?:\/\//i.test(value) ? resolve(value, baseUrl) : undefined;
    if (url) urls.push(url);
    else bad++;
  }
  const result: ParsedSitemap = { urls, sitemaps: [] };
  if (urls.length === 0) result.error = "not a sitemap: neither XML nor a list of URLs";
  else if (bad) result.error = `${bad} line(s) not an http(s) URL`;
  return result;
}

/** The decoded value of a tag's attribute, by local name, e.g. href of <atom:link href="…"/>. */
function attribute(attrs: string, name: string): string | undefined {
  const re = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(attrs); m; m = re.exec(attrs)) {
    if (localName(m[1] as string) === name) return decodeEntities(m[2] ?? m[3] ?? "").trim();
  }
  return undefined;
}

function localName(qname: string): string {
  const colon = qname.lastIndexOf(":");
  return (colon < 0 ? qname : qname.slice(colon + 1)).toLowerCase();
}

function resolve(value: string, base: string | undefined): string | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  try {
    const u = new URL(trimmed, base);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code =
        body[1] === "x" || body[1] === "X"
          ? Number.parseInt(body.slice(2), 16)
          : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

function summarise(problems: string[]): string {
  const unique = [...new Set(problems)];
  const shown = unique.slice(0, 3).join("; ");
  return unique.length > 3 ? `${shown}; and ${unique.length - 3} more problem(s)` : shown;
}

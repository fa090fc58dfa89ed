// Relative links of a Markdown file and the anchors its headings make, as GitHub renders them:
// what the repository-docs test checks so the documentation never points at a missing file.

export interface MarkdownLink {
  /** 1-based line of the link. */
  line: number;
  /** The target as written, e.g. "docs/ARCHITECTURE.md#layers". */
  target: string;
}

const FENCE = /^\s{0,3}(```|~~~)/;

/** Lines outside fenced code blocks, with their 1-based numbers and inline code spans blanked. */
function proseLines(markdown: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((text, i) => {
    const m = FENCE.exec(text);
    if (m) {
      if (!fence) fence = m[1];
      else if (m[1] === fence) fence = undefined;
      return;
    }
    if (!fence) out.push({ line: i + 1, text: text.replace(/(`+).*?\1/g, "") });
  });
  return out;
}

/** Every link target of the file: inline links and images, and reference definitions. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of proseLines(markdown)) {
    for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line, target: (m[1] as string).replace(/^<|>$/g, "") });
    }
    const ref = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(text);
    if (ref) links.push({ line, target: (ref[1] as string).replace(/^<|>$/g, "") });
  }
  return links;
}

/** True for a link that leaves the repository by itself (a scheme or a protocol-relative URL). */
export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//");
}

/** GitHub's anchor of a heading's text: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Every anchor a link may name in the file: headings (repeats get -1, -2, …) and HTML ids. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const h = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (h) {
      const slug = headingSlug(h[1] as string);
      const n = seen.get(slug) ?? 0;
      seen.set(slug, n + 1);
      anchors.add(n === 0 ? slug : `${slug}-${n}`);
    }
    for (const m of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1] as string);
  }
  return anchors;
}

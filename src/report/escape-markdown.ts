// Markdown for site strings: always a code span, so no autolink, image, link, emphasis or raw HTML
// can form from a hostile URL or cookie name; pipes are escaped so table cells stay cells.
import { cleanText } from "./sanitize.js";

/**
 * A code span holding `value` as inert text. The fence is one backtick longer than any run inside,
 * padded with spaces so a leading or trailing backtick cannot merge with it. In a table cell, `|`
 * must be written `\|` even inside code (GFM splits cells before parsing inlines); other
 * backslashes stay literal in a code span, so they are left alone.
 */
export function mdCode(value: unknown, inTable = true): string {
  let text = cleanText(value);
  if (inTable) text = text.replace(/\|/g, "\\|");
  if (text.length === 0) return "";
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text.startsWith(" ") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Enums and counts as plain words; anything else (a tampered report) falls back to a code span. */
export function mdWord(value: unknown): string {
  const text = cleanText(value);
  return /^[\w.-]*$/.test(text) ? text : mdCode(text);
}

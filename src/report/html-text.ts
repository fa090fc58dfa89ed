// Site strings as HTML: made inert (controls, escapes and bidi overrides removed), then escaped.
import { escapeHtml } from "./escape-markup.js";
import { cleanText } from "./sanitize.js";

/**
 * Escaped, inert text of a site string: controls and bidi overrides removed, markup escaped. Also
 * used for enums and numbers, so a hand-edited or hostile report file cannot inject markup either.
 */
export const t = (value: unknown): string => escapeHtml(cleanText(value));
export const code = (value: unknown): string => `<code>${t(value)}</code>`;

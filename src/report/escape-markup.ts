// Escaping for the markup formats (HTML, XML, JSON inside <script>): every site string is hostile.

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Safe in HTML text and in quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
  const s = typeof value === "string" ? value : String(value ?? "");
  return s.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Characters XML 1.0 forbids even when escaped (C0 controls but tab/LF/CR, U+FFFE/FFFF, lone surrogates). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop
const XML_INVALID = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Safe in XML 1.0 text and double-quoted attributes: invalid characters removed, markup escaped. */
export function escapeXml(value: unknown): string {
  const s = typeof value === "string" ? value : String(value ?? "");
  return s.replace(XML_INVALID, "").replace(/[&<>"']/g, (c) => {
    switch (c) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      default:
        return "&apos;";
    }
  });
}

/**
 * JSON that can sit inside <script type="application/json">: `<`, `>`, `&` and the JS line
 * separators become \u escapes, so `</script>` or `<!--` in a site string cannot end the block;
 * C1 controls, bidi marks and non-characters too, so the file's source reads as it is.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g,
    (c) => {
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    },
  );
}

// Makes strings that came from a scanned site harmless to display: a cookie name or URL must not
// move the cursor, recolour the terminal, reorder text (bidi overrides) or start a new line.

/* biome-ignore-start lint/suspicious/noControlCharactersInRegex: matching control characters is the point */
// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC strings, two-byte ESC sequences, 8-bit CSI.
const ANSI_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[ -/]*[0-~]|\u009b[0-?]*[ -/]*[@-~]/g;
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/* biome-ignore-end lint/suspicious/noControlCharactersInRegex: matching control characters is the point */
// Embeddings, overrides, isolates and invisible direction marks (Trojan Source).
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Lone surrogates cannot be encoded (UTF-8 writers mangle them); U+FFFE/U+FFFF are non-characters.
const UNENCODABLE = /[\ud800-\udfff\ufffe\uffff]/gu;

/** One line of plain, inert text: escape sequences, controls and bidi marks removed, breaks → space. */
export function cleanText(value: unknown): string {
  const s = typeof value === "string" ? value : value === undefined ? "" : String(value);
  return s
    .replace(ANSI_SEQUENCE, "")
    .replace(LINE_BREAKS, " ")
    .replace(CONTROL, "")
    .replace(BIDI, "")
    .replace(UNENCODABLE, "");
}

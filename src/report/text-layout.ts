// Fitting plain text into a terminal width: word wrapping with a hanging indent, and shortening
// URLs in the middle so the host and the file name both stay visible.

/** Shortens to at most `max` characters, keeping the start and the end around an ellipsis. */
export function truncateMiddle(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  if (max <= 1) return "…";
  const head = Math.ceil((max - 1) * 0.6);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join("")}…${tail > 0 ? chars.slice(-tail).join("") : ""}`;
}

/**
 * Wraps `text` (already plain) to `width`, the first line after `indent`, continuation lines after
 * `indent` plus `hang`. Words longer than a line are cut hard rather than overflowing.
 */
export function wrap(text: string, width: number, indent = "", hang = "  "): string[] {
  const first = indent;
  const rest = indent + hang;
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = () => width - [...line].length;
  for (const word of text.split(" ").filter((w) => w.length > 0)) {
    let w = word;
    const need = [...w].length + (empty ? 0 : 1);
    if (!empty && need > room()) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    while ([...w].length > room() && room() > 0 && [...w].length > width - [...rest].length) {
      const cut = Math.max(1, room());
      const chars = [...w];
      line += (empty ? "" : " ") + chars.slice(0, cut).join("");
      lines.push(line);
      line = rest;
      empty = true;
      w = chars.slice(cut).join("");
    }
    if (w.length > 0) {
      line += (empty ? "" : " ") + w;
      empty = false;
    }
  }
  lines.push(line);
  return lines;
}

// CSV cells and rows (RFC 4180) that spreadsheets cannot turn into formulas: a cell starting with
// =, +, -, @, a tab or a carriage return gets one leading apostrophe (OWASP's CSV-injection
// advice); everything else comes back exactly from any CSV parser.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * RFC 4180 CSV, plus the guard spreadsheet users need: a cell that starts with = + - @ (or a
 * tab/CR) is a formula to Excel and LibreOffice, and task arguments are attacker-controlled
 * text, so such cells get a leading apostrophe (OWASP "CSV injection"). Plain numbers like
 * -1.5 are left alone: they are data, and spreadsheets read them as numbers.
 */

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export type CsvCell = string | number | null;

export function csvCell(value: CsvCell): string {
  if (value === null) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF terminator (RFC 4180). */
export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

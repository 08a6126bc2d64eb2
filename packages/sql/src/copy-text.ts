// Rows for PostgreSQL's COPY … FROM STDIN in its text format: columns separated by tabs,
// NULL as \N, and in a value the backslash, tab, newline and carriage return written as
// escapes, so no value can end its column, its row or the data (`\.`). Lists are array
// literals (every element double-quoted, `"` and `\` escaped) before that escaping. COPY
// loads a batch several times faster than INSERT with bound parameters, and its data is
// never SQL text.
import type { Cell } from './rows.js';

/** One value as COPY text reads it back exactly. */
export function copyText(text: string): string {
  // The common case (codes, enums, decimals) has nothing to escape.
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

/** An array literal of text: `{"a","b \"c\""}`. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** A cell as one COPY text column. */
export function copyCell(c: Cell): string {
  if (c === null) return '\\N';
  if (typeof c === 'boolean') return c ? 't' : 'f';
  if (typeof c === 'string') return copyText(c);
  if (Array.isArray(c)) return copyText(arrayLiteral(c as readonly string[]));
  const x = c as Exclude<Cell, null | boolean | string | readonly string[]>;
  return x.kind === 'decimal' ? x.text : new Date(x.ms).toISOString();
}

/** A row: the patient id, then its cells. */
export function copyRow(pid: number, cells: readonly Cell[]): string {
  let line = String(pid);
  for (const c of cells) line += `\t${copyCell(c)}`;
  return `${line}\n`;
}

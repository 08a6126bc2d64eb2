// Streaming readers for batch evaluation: NDJSON, CSV and a JSON array, one record at a
// time, so memory stays flat whatever the size of the input.
//
// CSV: the first row names the columns. A cell is a fact value as text. Quantities are
// written either in one cell (`2100 /uL`) or as a number with a companion `<fact>_unit`
// column (`wbc,wbc_unit` → `2100,/uL`); a bare number is in the fact's own unit. Booleans
// are `true`/`false` (also `yes`/`no`, `1`/`0`); sets are `;`-separated (`allopurinol;rxnorm:519`).
// An empty cell is a missing fact. Fields may be quoted with `"` (a doubled `""` is a quote).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { IrFact } from '@vigil/core';
import { parseJsonLine } from './record.js';

export type RecordFormat = 'ndjson' | 'csv' | 'json';
export const RECORD_FORMATS: readonly RecordFormat[] = ['ndjson', 'csv', 'json'];

/** One input record: its 1-based number and either its value or why it could not be read. */
export type InputRecord =
  | { readonly record: number; readonly value: unknown }
  | { readonly record: number; readonly error: { readonly field?: string; readonly message: string } };

export function formatOf(path: string): RecordFormat | undefined {
  if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson';
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  return undefined;
}

function lines(input: Readable): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

export function openInput(path: string): Readable {
  return createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

const parseJsonRecord: (record: number, text: string) => InputRecord = parseJsonLine;

/**
 * Splits text chunks into lines as readline does with `crlfDelay: Infinity` (a line ends at
 * `\n`, `\r\n` or a lone `\r`), without its per-line events; drops a leading BOM.
 */
export class LineSplitter {
  private rest = '';
  private first = true;

  /** The lines completed by this chunk. */
  push(chunk: string): string[] {
    let text = this.rest === '' ? chunk : this.rest + chunk;
    if (this.first && text.length > 0) {
      text = stripBom(text);
      this.first = false;
    }
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.add(text.slice(start, nl), out);
      start = nl + 1;
    }
    // A `\r` at the end may be the first half of `\r\n`: keep it for the next chunk. Lines
    // ended by a lone `\r` before it are complete.
    let tail = start === 0 ? text : text.slice(start);
    const cr = tail.length < 2 ? -1 : tail.lastIndexOf('\r', tail.length - 2);
    if (cr >= 0) {
      for (const part of tail.slice(0, cr).split('\r')) out.push(part);
      tail = tail.slice(cr + 1);
    }
    this.rest = tail;
    return out;
  }

  /** The last line, if the input does not end with a line break. */
  end(): string[] {
    const out: string[] = [];
    if (this.rest !== '') this.add(this.rest, out);
    this.rest = '';
    return out;
  }

  private add(segment: string, out: string[]): void {
    const line = segment.charCodeAt(segment.length - 1) === 13 ? segment.slice(0, -1) : segment;
    if (line.indexOf('\r') < 0) out.push(line);
    else for (const part of line.split('\r')) out.push(part);
  }
}

/** NDJSON: one JSON object per line; blank lines are skipped and not counted. */
export async function* readNdjson(input: Readable): AsyncGenerator<InputRecord> {
  let n = 0;
  const splitter = new LineSplitter();
  const records = function* (lines: readonly string[]): Generator<InputRecord> {
    for (const line of lines) if (line.trim() !== '') yield parseJsonRecord(++n, line);
  };
  for await (const chunk of input as AsyncIterable<string | Buffer>) yield* records(splitter.push(String(chunk)));
  yield* records(splitter.end());
}

/**
 * A JSON file holding an array of records, read incrementally: a small scanner finds the
 * end of each top-level element, which is then parsed on its own.
 */
export async function* readJsonArray(input: Readable): AsyncGenerator<InputRecord> {
  let state: 'start' | 'between' | 'element' | 'end' = 'start';
  let buf = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let n = 0;
  let first = true;
  for await (const chunk of input as AsyncIterable<string>) {
    let text = first ? stripBom(String(chunk)) : String(chunk);
    first = false;
    let i = 0;
    while (i < text.length) {
      const ch = text[i]!;
      if (state === 'start') {
        if (ch === '[') state = 'between';
        else if (!/\s/.test(ch)) throw new RecordsError(`the JSON file must hold an array of records (found '${ch}')`);
        i++;
      } else if (state === 'between') {
        if (ch === ']') state = 'end';
        else if (ch !== ',' && !/\s/.test(ch)) {
          state = 'element';
          buf = '';
          depth = 0;
          continue;
        }
        i++;
      } else if (state === 'element') {
        // Scan to the end of the element: a comma or ']' at depth 0 outside strings.
        let j = i;
        for (; j < text.length; j++) {
          const c = text[j]!;
          if (inString) {
            if (escaped) escaped = false;
            else if (c === '\\') escaped = true;
            else if (c === '"') inString = false;
          } else if (c === '"') inString = true;
          else if (c === '{' || c === '[') depth++;
          else if (c === '}' || c === ']') {
            if (depth === 0) break;
            depth--;
          } else if (c === ',' && depth === 0) break;
        }
        buf += text.slice(i, j);
        i = j;
        if (j < text.length) {
          yield parseJsonRecord(++n, buf);
          buf = '';
          state = 'between';
        }
      } else {
        if (!/\s/.test(ch)) throw new RecordsError(`unexpected '${ch}' after the end of the JSON array`);
        i++;
      }
    }
    text = '';
  }
  if (state !== 'end') throw new RecordsError(state === 'start' ? 'the JSON file is empty: expected an array of records' : 'the JSON array is not closed');
}

/** A fault in the input as a whole (not one record): reported once, exit 1. */
export class RecordsError extends Error {
  override readonly name = 'RecordsError';
}

/** Splits one CSV row; returns undefined when a quoted field runs on to the next line. */
export function splitCsvRow(line: string): string[] | undefined {
  const out: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i <= line.length) {
    const c = line[i];
    if (quoted) {
      if (c === undefined) return undefined;
      if (c === '"') {
        if (line[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === undefined || c === ',') {
      out.push(cell);
      cell = '';
      i++;
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
      i++;
      continue;
    }
    cell += c;
    i++;
  }
  return out;
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** Turns one CSV cell into a fact value, using the fact's declared type. */
function csvValue(fact: IrFact | undefined, cell: string, unit: string | undefined): { value: unknown } | { error: string } {
  const text = cell.trim();
  const t = fact?.type;
  if (!t) return { value: text };
  switch (t.kind) {
    case 'boolean': {
      const l = text.toLowerCase();
      if (TRUE.has(l)) return { value: true };
      if (FALSE.has(l)) return { value: false };
      return { error: `'${text}' is not a boolean (true or false)` };
    }
    case 'quantity': {
      if (unit !== undefined && unit.trim() !== '') return { value: `${text} ${unit.trim()}` };
      return { value: /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text };
    }
    case 'set':
      return { value: text.split(';').map((s) => s.trim()).filter((s) => s !== '') };
    default:
      return { value: text };
  }
}

/** CSV with a header row; `facts` gives each column's type (see the file comment). */
export async function* readCsv(input: Readable, facts: readonly IrFact[]): AsyncGenerator<InputRecord> {
  const byName = new Map(facts.map((f) => [f.name, f]));
  const factOf = (column: string): IrFact | undefined => {
    const direct = byName.get(column);
    if (direct) return direct;
    const m = /^(.*)_(baseline|uln)$/.exec(column);
    const base = m ? byName.get(m[1]!) : undefined;
    return base && base.type.kind === 'quantity' ? base : undefined;
  };
  let header: string[] | undefined;
  let unitColumn = new Map<number, number>();
  let n = 0;
  let pending = '';
  let first = true;
  for await (const raw of lines(input)) {
    const line = pending === '' ? (first ? stripBom(raw) : raw) : `${pending}\n${raw}`;
    first = false;
    const cells = splitCsvRow(line);
    if (cells === undefined) {
      pending = line;
      continue;
    }
    pending = '';
    if (!header) {
      header = cells.map((c) => c.trim());
      const index = new Map(header.map((h, i) => [h, i]));
      unitColumn = new Map();
      header.forEach((h, i) => {
        const u = index.get(`${h}_unit`);
        if (u !== undefined && factOf(h)?.type.kind === 'quantity') unitColumn.set(i, u);
      });
      continue;
    }
    if (line.trim() === '') continue;
    n++;
    if (cells.length !== header.length) {
      yield { record: n, error: { message: `row has ${cells.length} cells, the header ${header.length}` } };
      continue;
    }
    const unitCols = new Set(unitColumn.values());
    const value: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    let error: InputRecord | undefined;
    for (let i = 0; i < header.length; i++) {
      if (unitCols.has(i) && !unitColumn.has(i)) continue;
      const cell = cells[i]!;
      if (cell.trim() === '') continue;
      const name = header[i]!;
      const u = unitColumn.get(i);
      const converted = csvValue(factOf(name), cell, u === undefined ? undefined : cells[u]);
      if ('error' in converted) {
        error = { record: n, error: { field: name, message: converted.error } };
        break;
      }
      value[name] = converted.value;
    }
    yield error ?? { record: n, value: { ...value } };
  }
  if (pending !== '') yield { record: n + 1, error: { message: 'a quoted field is not closed' } };
}

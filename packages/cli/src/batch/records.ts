// Streaming readers for batch evaluation: NDJSON, CSV and a JSON array, one record at a
// time, so memory stays flat whatever the size of the input.
//
// CSV: the first row names the columns. A cell is a fact value as text. Quantities are
// written either in one cell (`2100 /uL`) or as a number with a companion `<fact>_unit`
// column (`wbc,wbc_unit` → `2100,/uL`); a bare number is in the fact's own unit. Booleans
// are `true`/`false` (also `yes`/`no`, `1`/`0`); sets are `;`-separated (`allopurinol;rxnorm:519`).
// An empty cell is a missing fact. Fields may be quoted with `"` (a doubled `""` is a quote).
//
// Every reader costs time linear in its input and holds at most one record of at most
// INPUT_LIMITS.recordChars characters: a longer record is reported (as an error of that
// record) and skipped without being held. A record that cannot be read is an error of
// that record and the records after it are still read; only a fault in the structure of
// the file as a whole (a JSON array with a stray bracket) ends the run, as one error with
// its line and column.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { INPUT_LIMITS } from '@vigil/core';
import type { IrFact } from '@vigil/core';
import { LINE_TOO_LONG, parseJsonLine, type JsonFault } from './record.js';

export type RecordFormat = 'ndjson' | 'csv' | 'json' | 'parquet';
export const RECORD_FORMATS: readonly RecordFormat[] = ['ndjson', 'csv', 'json', 'parquet'];

/** One input record: its 1-based number and either its value or why it could not be read. */
export type InputRecord =
  | { readonly record: number; readonly value: unknown }
  | { readonly record: number; readonly error: { readonly field?: string; readonly message: string } };

export function formatOf(path: string): RecordFormat | undefined {
  if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson';
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.json$/i.test(path)) return 'json';
  if (/\.parquet$/i.test(path)) return 'parquet';
  return undefined;
}

/** A stream over an open file descriptor (see openRegularFile) or a path. */
export function openInput(file: string | number): Readable {
  return typeof file === 'number'
    ? createReadStream('', { fd: file, encoding: 'utf8', highWaterMark: 1 << 16 })
    : createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** What the line splitter leaves in place of a line longer than its limit. */
export function isTooLong(line: string): boolean {
  return line.startsWith(LINE_TOO_LONG);
}

/**
 * Splits text chunks into lines as readline does with `crlfDelay: Infinity` (a line ends at
 * `\n`, `\r\n` or a lone `\r`), without its per-line events; drops a leading BOM. Only the
 * new chunk is searched for line ends, so a line spread over many chunks costs time linear
 * in its length. A line longer than `maxChars` is not kept: in its place comes a marker
 * (LINE_TOO_LONG and its length) that parseJsonLine and readCsv report as an error.
 */
export class LineSplitter {
  private parts: string[] = [];
  private length = 0;
  private overlong = false;
  private pendingCr = false;
  private first = true;

  constructor(private readonly maxChars: number = INPUT_LIMITS.recordChars) {}

  /** The lines completed by this chunk. */
  push(chunk: string): string[] {
    if (this.first && chunk.length > 0) {
      chunk = stripBom(chunk);
      this.first = false;
    }
    const out: string[] = [];
    let start = 0;
    if (this.pendingCr) {
      // The previous chunk ended with '\r': a '\n' here completes that CRLF.
      this.pendingCr = false;
      if (chunk.charCodeAt(0) === 10) start = 1;
    }
    const n = chunk.length;
    for (let i = start; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c !== 10 && c !== 13) {
        // Jump to the next line end (indexOf runs in native code).
        const nl = chunk.indexOf('\n', i);
        const cr = chunk.indexOf('\r', i);
        const next = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
        if (next < 0) break;
        i = next;
      }
      this.add(chunk.slice(start, i));
      out.push(this.take());
      if (chunk.charCodeAt(i) === 13) {
        if (i + 1 === n) this.pendingCr = true;
        else if (chunk.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    if (start < n) this.add(chunk.slice(start));
    return out;
  }

  /** The last line, if the input does not end with a line break. */
  end(): string[] {
    if (this.length === 0) return [];
    return [this.take()];
  }

  private add(part: string): void {
    if (part.length === 0) return;
    this.length += part.length;
    if (this.overlong) return;
    if (this.length > this.maxChars) {
      this.overlong = true;
      this.parts = [];
      return;
    }
    this.parts.push(part);
  }

  private take(): string {
    const line = this.overlong ? `${LINE_TOO_LONG}${this.length}` : this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.length = 0;
    this.overlong = false;
    return line;
  }
}

/** A line of an NDJSON input, not yet parsed, with its record number. */
export interface NdjsonLine {
  readonly record: number;
  readonly line: string;
}

/**
 * The lines of an NDJSON input, numbered as records (blank lines are skipped and not
 * counted), a chunk's worth at a time: the one numbering of readNdjson and of the SQL
 * engines that parse the lines themselves.
 */
export async function* ndjsonLines(input: Readable): AsyncGenerator<NdjsonLine[]> {
  let n = 0;
  const splitter = new LineSplitter();
  const numbered = (lines: readonly string[]): NdjsonLine[] => {
    const out: NdjsonLine[] = [];
    for (const line of lines) if (line.trim() !== '') out.push({ record: ++n, line });
    return out;
  };
  for await (const chunk of input as AsyncIterable<string | Buffer>) yield numbered(splitter.push(String(chunk)));
  yield numbered(splitter.end());
}

/** NDJSON: one JSON object per line; blank lines are skipped and not counted. */
export async function* readNdjson(input: Readable): AsyncGenerator<InputRecord> {
  for await (const lines of ndjsonLines(input)) for (const l of lines) yield parseJsonLine(l.record, l.line);
}

/** A fault in the input as a whole (not one record): reported once, exit 1. */
export class RecordsError extends Error {
  override readonly name = 'RecordsError';
}

/**
 * A JSON file holding an array of records, read incrementally: a scanner follows the
 * structure of the array (strings, brackets, commas), hands each top-level element to
 * parseJsonLine on its own, and stops at the first structural fault (a stray or mismatched
 * bracket, a missing, doubled or trailing comma) with one RecordsError naming its line and
 * column. It always moves forward: each character is looked at once.
 */
export async function* readJsonArray(input: Readable): AsyncGenerator<InputRecord> {
  const MAX_DEPTH = INPUT_LIMITS.factsDepth;
  type State = 'start' | 'first' | 'element' | 'after' | 'next' | 'end';
  let state: State = 'start';
  let line = 1;
  let column = 0;
  // The element being read.
  let parts: string[] = [];
  let chars = 0;
  let overlong = false;
  let elementLine = 1;
  let elementColumn = 1;
  let closers: number[] = [];
  let deeper = 0; // levels beyond MAX_DEPTH, counted but not checked
  let inString = false;
  let escaped = false;
  let scalar = false;
  let n = 0;
  let first = true;
  const where = () => `line ${line}, column ${column}`;
  const describe = (c: string) => (c === '\n' ? 'a line break' : `'${c}'`);

  /** The finished element as a record, its faults placed in the file. */
  const finish = (): InputRecord => {
    const record = ++n;
    if (overlong) {
      return { record, error: { message: `the record is ${chars.toLocaleString('en-US')} characters long, more than the limit of ${INPUT_LIMITS.recordChars.toLocaleString('en-US')} (line ${elementLine}, column ${elementColumn})` } };
    }
    const text = parts.length === 1 ? parts[0]! : parts.join('');
    const parsed = parseJsonLine(record, text);
    if ('value' in parsed) return parsed;
    const fault: JsonFault = parsed.error;
    const before = text.slice(0, fault.offset);
    const nl = before.lastIndexOf('\n');
    const at = nl < 0 ? { line: elementLine, column: elementColumn + fault.offset } : { line: elementLine + (before.split('\n').length - 1), column: fault.offset - nl };
    const syntax = fault.message.startsWith('not valid JSON: ') ? 'not valid JSON: ' : '';
    return { record, error: { ...(fault.field !== undefined ? { field: fault.field } : {}), message: `${syntax}${fault.detail} (line ${at.line}, column ${at.column})` } };
  };

  for await (const chunk of input as AsyncIterable<string>) {
    const text = first ? stripBom(String(chunk)) : String(chunk);
    first = false;
    let from = 0; // start of the element's text in this chunk
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        column = 0;
      } else column++;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34) {
            inString = false;
            if (scalar && closers.length === 0) {
              // A string as a whole record: it ends here.
              keep(text.slice(from, i + 1));
              yield finish();
              state = 'after';
            }
          }
          continue;
        }
        if (scalar) {
          if (c === 44 || c === 93 || c === 32 || c === 9 || c === 10 || c === 13) {
            keep(text.slice(from, i));
            yield finish();
            state = 'after';
            // the delimiter is read again as the next state's input
          } else continue;
        } else {
          if (c === 34) inString = true;
          else if (c === 123 || c === 91) {
            if (closers.length < MAX_DEPTH + 1) closers.push(c === 123 ? 125 : 93);
            else deeper++;
          } else if (c === 125 || c === 93) {
            if (deeper > 0) deeper--;
            else if (closers[closers.length - 1] !== c) {
              const open = closers[closers.length - 1] === 125 ? "an object opened with '{'" : "a list opened with '['";
              throw new RecordsError(`unexpected ${describe(ch)} at ${where()}: ${open} is not closed yet (record ${n + 1})`);
            } else closers.pop();
            if (closers.length === 0) {
              keep(text.slice(from, i + 1));
              yield finish();
              state = 'after';
            }
          }
          continue;
        }
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      switch (state as State) {
        case 'start':
          if (ch !== '[') throw new RecordsError(`the JSON file must hold an array of records: found ${describe(ch)} at ${where()} where '[' should open it`);
          state = 'first';
          break;
        case 'first':
        case 'next':
          if (ch === ']') {
            if (state === 'next') throw new RecordsError(`a comma with no record after it (trailing comma) before ']' at ${where()}`);
            state = 'end';
          } else if (ch === ',') {
            throw new RecordsError(state === 'next' ? `two commas in a row at ${where()}: a record is missing between them` : `a comma before the first record at ${where()}`);
          } else if (ch === '}') {
            throw new RecordsError(`unexpected '}' at ${where()}: no object is open here`);
          } else {
            state = 'element';
            parts = [];
            chars = 0;
            overlong = false;
            closers = [];
            deeper = 0;
            elementLine = line;
            elementColumn = column;
            from = i;
            scalar = ch !== '{' && ch !== '[';
            inString = ch === '"';
            escaped = false;
            if (!scalar) closers.push(ch === '{' ? 125 : 93);
          }
          break;
        case 'after':
          if (ch === ',') state = 'next';
          else if (ch === ']') state = 'end';
          else throw new RecordsError(`unexpected ${describe(ch)} at ${where()}: expected ',' or ']' after record ${n}`);
          break;
        case 'end':
          throw new RecordsError(`unexpected ${describe(ch)} at ${where()}, after the end of the JSON array`);
      }
    }
    if (state === 'element') keep(text.slice(from));
  }
  const last = state as State;
  if (last === 'element' && scalar && !inString) {
    // A bare value running to the end of the file: read it, the array is still not closed.
    yield finish();
  }
  if (last !== 'end') {
    throw new RecordsError(last === 'start' ? 'the JSON file is empty: expected an array of records' : `the JSON array is not closed: the file ends at ${where()}${last === 'element' && (!scalar || inString) ? ` inside record ${n + 1}` : ''}`);
  }

  function keep(part: string): void {
    chars += part.length;
    if (overlong) return;
    if (chars > INPUT_LIMITS.recordChars) {
      overlong = true;
      parts = [];
      return;
    }
    parts.push(part);
  }
}

// ---------------------------------------------------------------- CSV

/** A CSV row being read, possibly over several lines (a quoted cell may hold line breaks). */
interface CsvRow {
  cells: string[];
  cell: string;
  quoted: boolean;
  /** Where the open quote is (1-based line and column). */
  quoteLine: number;
  quoteColumn: number;
}

function newRow(): CsvRow {
  return { cells: [], cell: '', quoted: false, quoteLine: 0, quoteColumn: 0 };
}

/** Reads one more line into `row`; true when the row is complete (no quoted cell left open). */
function scanCsvLine(row: CsvRow, line: string, lineNo: number): boolean {
  let i = 0;
  const n = line.length;
  if (row.quoted) row.cell += '\n';
  while (i <= n) {
    if (row.quoted) {
      const q = line.indexOf('"', i);
      if (q < 0) {
        row.cell += line.slice(i);
        return false;
      }
      row.cell += line.slice(i, q);
      if (line.charCodeAt(q + 1) === 34) {
        row.cell += '"';
        i = q + 2;
      } else {
        row.quoted = false;
        i = q + 1;
      }
      continue;
    }
    const c = line.charCodeAt(i);
    if (i === n || c === 44) {
      row.cells.push(row.cell);
      row.cell = '';
      i++;
      continue;
    }
    if (c === 34 && row.cell.trim() === '') {
      row.quoted = true;
      row.quoteLine = lineNo;
      row.quoteColumn = i + 1;
      row.cell = '';
      i++;
      continue;
    }
    row.cell += line[i];
    i++;
  }
  return true;
}

/** Splits one CSV row; returns undefined when a quoted field runs on to the next line. */
export function splitCsvRow(line: string): string[] | undefined {
  const row = newRow();
  return scanCsvLine(row, line, 1) ? row.cells : undefined;
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

/**
 * CSV with a header row; `facts` gives each column's type (see the file comment). A quoted
 * cell may span lines; one whose quote is never closed (by the end of the file, or within
 * INPUT_LIMITS.recordChars) is an error of its row, naming the line and column of the
 * quote, and the lines after that row's first line are read again as rows of their own,
 * so no later record is lost (each line is read at most twice).
 */
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
  let unitCols = new Set<number>();
  let duplicate: { name: string; first: number; second: number } | undefined;
  let n = 0;

  /** A complete row (its first line number): the header, or a record. */
  const onRow = (cells: string[], startLine: number, blank: boolean): InputRecord | undefined => {
    if (!header) {
      header = cells.map((c) => c.trim());
      const index = new Map<string, number>();
      header.forEach((h, i) => {
        const seen = index.get(h);
        if (seen !== undefined && h !== '') duplicate ??= { name: h, first: seen + 1, second: i + 1 };
        else index.set(h, i);
      });
      unitColumn = new Map();
      header.forEach((h, i) => {
        const u = index.get(`${h}_unit`);
        if (u !== undefined && factOf(h)?.type.kind === 'quantity') unitColumn.set(i, u);
      });
      unitCols = new Set(unitColumn.values());
      return undefined;
    }
    if (blank) return undefined;
    n++;
    // A column named twice: which of its cells is the fact? Refuse rather than pick one.
    if (duplicate) return { record: n, error: { field: duplicate.name, message: `column '${duplicate.name}' appears twice in the header (columns ${duplicate.first} and ${duplicate.second})` } };
    if (cells.length !== header.length) return { record: n, error: { message: `row at line ${startLine} has ${cells.length} cells, the header ${header.length}` } };
    const value: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (let i = 0; i < header.length; i++) {
      if (unitCols.has(i) && !unitColumn.has(i)) continue;
      const cell = cells[i]!;
      if (cell.trim() === '') continue;
      const name = header[i]!;
      const u = unitColumn.get(i);
      const converted = csvValue(factOf(name), cell, u === undefined ? undefined : cells[u]);
      if ('error' in converted) return { record: n, error: { field: name, message: converted.error } };
      value[name] = converted.value;
    }
    return { record: n, value: { ...value } };
  };

  // Lines still to read: first those given back after an unclosed quote, then the input's.
  let queue: { text: string; line: number }[] = [];
  let head = 0;
  let row = newRow();
  let rowLines: { text: string; line: number }[] = [];
  let rowChars = 0;
  let lineNo = 0;

  /** The open row cannot be completed: its error, and its later lines go back to the queue. */
  const unclosed = (why: string): InputRecord | undefined => {
    const startLine = rowLines[0]!.line;
    const message = `the quote at line ${row.quoteLine}, column ${row.quoteColumn} is not closed ${why}`;
    queue = rowLines.slice(1).concat(queue.slice(head));
    head = 0;
    row = newRow();
    rowLines = [];
    rowChars = 0;
    if (!header) throw new RecordsError(`the header row (line ${startLine}): ${message}`);
    n++;
    return { record: n, error: { message: `row at line ${startLine}: ${message}` } };
  };

  const feed = (l: { text: string; line: number }): InputRecord | undefined => {
    if (isTooLong(l.text)) {
      if (row.quoted) {
        head--; // read this line again after the row's error
        return unclosed(`within ${INPUT_LIMITS.recordChars.toLocaleString('en-US')} characters`);
      }
      if (!header) throw new RecordsError(`the header row (line ${l.line}) is longer than ${INPUT_LIMITS.recordChars.toLocaleString('en-US')} characters`);
      n++;
      return { record: n, error: { message: `row at line ${l.line} is ${Number(l.text.slice(LINE_TOO_LONG.length)).toLocaleString('en-US')} characters long, more than the limit of ${INPUT_LIMITS.recordChars.toLocaleString('en-US')}` } };
    }
    rowLines.push(l);
    rowChars += l.text.length + 1;
    if (scanCsvLine(row, l.text, l.line)) {
      const blank = rowLines.length === 1 && l.text.trim() === '';
      const r = onRow(row.cells, rowLines[0]!.line, blank);
      row = newRow();
      rowLines = [];
      rowChars = 0;
      return r;
    }
    if (rowChars > INPUT_LIMITS.recordChars) return unclosed(`within ${INPUT_LIMITS.recordChars.toLocaleString('en-US')} characters`);
    return undefined;
  };

  function* drain(): Generator<InputRecord> {
    while (head < queue.length) {
      const r = feed(queue[head++]!);
      if (r) yield r;
    }
    queue = [];
    head = 0;
  }

  const splitter = new LineSplitter();
  for await (const chunk of input as AsyncIterable<string | Buffer>) {
    for (const text of splitter.push(String(chunk))) {
      queue.push({ text, line: ++lineNo });
      yield* drain();
    }
  }
  for (const text of splitter.end()) queue.push({ text, line: ++lineNo });
  for (;;) {
    yield* drain();
    if (!row.quoted || rowLines.length === 0) break;
    const r = unclosed('by the end of the file');
    if (r) yield r;
  }
}

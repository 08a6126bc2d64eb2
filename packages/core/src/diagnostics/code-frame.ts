// Text rendering of diagnostics, like tsc and rustc; the one code-frame printer, used by the
// CLI, the test harness and every other text report:
//
//   rules/aza/main.vigil:12:8 - error VGL2001: Unknown fact 'wcc'. Did you mean 'wbc'?
//
//     12 |   when wcc < 2.5 10*9/L
//        |        ^^^
//     help: Replace with 'wbc'
//     12 |   when wbc < 2.5 10*9/L
//        |        +++
//
// Lines and columns are 1-based here (see location.ts); tabs are expanded to tab stops so
// that the underline stays under the right characters.
import type { Position, Range } from '../language/ast.js';
import type { SourceText } from '../language/source.js';
import { escapeControls } from '../terminal-text.js';
import type { Diagnostic, Severity, TextEdit } from './diagnostic.js';
import { displayPath, formatLocation, oneBased } from './location.js';

/** The colours a renderer paints with; identity functions for plain text. */
export interface Paint {
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
  gray(s: string): string;
}

const same = (s: string) => s;
export const PLAIN: Paint = { bold: same, red: same, green: same, yellow: same, blue: same, cyan: same, gray: same };

export type SourceLookup = (uri: string) => SourceText | undefined;

export interface RenderOptions {
  /** Paths are shown relative to this directory. */
  readonly cwd: string;
  readonly colors: Paint;
  /** Tab stops every this many columns; default 4. */
  readonly tabWidth?: number;
  /** A range spanning more lines than this shows its first and last lines only; default 6. */
  readonly maxLines?: number;
}

function severityColor(severity: Severity, c: Paint): (s: string) => string {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.blue;
}

function severityLabel(severity: Severity): string {
  return severity === 'info' ? 'info' : severity;
}

/** One diagnostic: header, code frame, related locations and fixes; ends with a blank line. */
export function renderDiagnostic(d: Diagnostic, lookup: SourceLookup, options: RenderOptions): string {
  const c = options.colors;
  const color = severityColor(d.severity, c);
  const path = displayPath(d.uri, options.cwd);
  const at = oneBased(d.range.start);
  const header =
    `${c.cyan(path)}:${c.yellow(String(at.line))}:${c.yellow(String(at.column))}` +
    ` - ${color(severityLabel(d.severity))} ${c.gray(d.code)}: ${indentContinuation(d.message, '  ')}`;
  const out: string[] = [header, ''];
  const source = lookup(d.uri);
  if (source) {
    for (const line of renderCodeFrame(source, d.range, { ...options, marker: '^', markerColor: color })) out.push(`  ${line}`);
    out.push('');
  }
  for (const related of d.related ?? []) {
    out.push(`  ${c.cyan(formatLocation(related.uri, related.range.start, options.cwd))} - ${c.bold('note')}: ${indentContinuation(related.message, '    ')}`);
    const relatedSource = lookup(related.uri);
    if (relatedSource) {
      for (const line of renderCodeFrame(relatedSource, related.range, { ...options, marker: '-', markerColor: c.cyan })) out.push(`    ${line}`);
    }
    out.push('');
  }
  for (const fix of d.fixes ?? []) {
    out.push(`  ${c.green('help')}: ${fix.title}`);
    const preview = source && fixPreview(source, d.uri, fix.edits, options);
    if (preview) for (const line of preview) out.push(`    ${line}`);
    out.push('');
  }
  return out.join('\n') + '\n';
}

function indentContinuation(text: string, indent: string): string {
  return text.replace(/\r?\n/g, `\n${indent}`);
}

/** Lines wider than this are shown as a window of this many columns around the range. */
export const MAX_FRAME_WIDTH = 160;
/** Columns shown before the range in such a window. */
const FRAME_CONTEXT = 40;

export interface FrameOptions extends RenderOptions {
  /** `^` under the primary range, `-` under related ones, `+` under inserted text. */
  readonly marker: string;
  readonly markerColor: (s: string) => string;
}

/** Display column of character `index` of `text`, tabs expanded to tab stops. */
export function displayColumn(text: string, index: number, tabWidth = 4): number {
  let col = 0;
  const end = Math.min(index, text.length);
  for (let i = 0; i < end; i++) col = text.charCodeAt(i) === 9 ? col + tabWidth - (col % tabWidth) : col + 1;
  return col + Math.max(0, index - text.length);
}

export function expandTabs(text: string, tabWidth = 4): string {
  if (!text.includes('\t')) return text;
  let out = '';
  for (const ch of text) out += ch === '\t' ? ' '.repeat(tabWidth - (out.length % tabWidth)) : ch;
  return out;
}

/** Normalises a range to the lines it visibly covers: an end at column 0 of a later line ends the previous line. */
function visibleRange(source: SourceText, range: Range): { start: Position; end: Position } {
  let start = range.start;
  let end = range.end;
  if (end.offset < start.offset || (end.offset === start.offset && end.line < start.line)) [start, end] = [end, start];
  const lastLine = source.lineStarts.length - 1;
  const clampLine = (p: Position): Position => (p.line > lastLine ? { ...p, line: lastLine, character: source.lineText(lastLine).length } : p);
  start = clampLine(start);
  end = clampLine(end);
  if (end.line > start.line && end.character === 0) {
    const line = end.line - 1;
    end = { offset: end.offset, line, character: source.lineText(line).length };
  }
  return { start, end };
}

/** The source lines a range covers, each followed by a row of markers under the range. */
export function renderCodeFrame(source: SourceText, range: Range, options: FrameOptions): string[] {
  const c = options.colors;
  const tab = options.tabWidth ?? 4;
  const maxLines = Math.max(2, options.maxLines ?? 6);
  const { start, end } = visibleRange(source, range);
  const lines: number[] = [];
  const span = end.line - start.line + 1;
  let elideAfter = -1;
  if (span > maxLines) {
    const head = Math.ceil((maxLines - 1) / 2);
    const tail = maxLines - 1 - head;
    for (let i = 0; i < head; i++) lines.push(start.line + i);
    elideAfter = lines.length;
    for (let i = tail - 1; i >= 0; i--) lines.push(end.line - i);
  } else {
    for (let i = start.line; i <= end.line; i++) lines.push(i);
  }
  const gutterWidth = String(end.line + 1).length;
  const gutter = (label: string) => c.gray(`${label.padStart(gutterWidth)} |`);
  const out: string[] = [];
  lines.forEach((line, k) => {
    if (k === elideAfter) out.push(`${c.gray(`${'.'.repeat(Math.min(2, gutterWidth)).padStart(gutterWidth)} |`)} ...`);
    const raw = source.lineText(line);
    // Control characters are shown escaped (`\u001b`), and the markers measured on what is shown.
    const text = escapeControls(raw);
    const shown = (i: number) => (text === raw ? i : escapeControls(raw.slice(0, i)).length);
    const expanded = expandTabs(text, tab);
    // A very long line (generated or minified rule text) is shown as a window around the
    // range, so that output stays proportional to the number of diagnostics.
    let windowStart = 0;
    let windowText = expanded;
    let from: number;
    let to: number;
    if (line === start.line) from = shown(Math.min(start.character, raw.length));
    else from = text.length - text.trimStart().length;
    if (line === end.line) to = shown(Math.min(end.character, raw.length));
    else to = text.length;
    const single = start.line === end.line;
    let width: number;
    let fromCol = displayColumn(text, from, tab);
    if (to > from) width = displayColumn(text, to, tab) - fromCol;
    else if (single || line === start.line) width = 1; // an empty range, or one starting at the end of its line
    else width = 0; // a blank line inside a multi-line range
    if (expanded.length > MAX_FRAME_WIDTH) {
      windowStart = Math.max(0, Math.min(fromCol - FRAME_CONTEXT, expanded.length - MAX_FRAME_WIDTH));
      const windowEnd = windowStart + MAX_FRAME_WIDTH;
      windowText = `${windowStart > 0 ? '…' : ''}${expanded.slice(windowStart, windowEnd)}${windowEnd < expanded.length ? '…' : ''}`;
      fromCol = fromCol - windowStart + (windowStart > 0 ? 1 : 0);
      width = Math.min(width, MAX_FRAME_WIDTH + 1 - fromCol);
    }
    out.push(`${gutter(String(line + 1))} ${windowText}`.trimEnd());
    if (width > 0) out.push(`${gutter('')} ${' '.repeat(fromCol)}${options.markerColor(options.marker.repeat(width))}`);
  });
  return out;
}

/** The line a fix produces, with `+` under the inserted text, when every edit falls on one line of this file. */
function fixPreview(source: SourceText, uri: string, edits: readonly TextEdit[], options: RenderOptions): string[] | undefined {
  if (edits.length === 0) return undefined;
  const line = edits[0]!.range.start.line;
  if (!edits.every((e) => e.uri === uri && e.range.start.line === line && e.range.end.line === line && !e.newText.includes('\n'))) return undefined;
  const original = source.lineText(line);
  // No preview for a line the frame shows windowed or escaped: the markers would not line up.
  if (original.length > MAX_FRAME_WIDTH || escapeControls(original) !== original) return undefined;
  const sorted = [...edits].sort((a, b) => a.range.start.character - b.range.start.character);
  let text = '';
  let cursor = 0;
  const inserted: [number, number][] = [];
  for (const edit of sorted) {
    const s = Math.min(edit.range.start.character, original.length);
    const e = Math.min(Math.max(edit.range.end.character, s), original.length);
    if (s < cursor) return undefined; // overlapping edits
    text += original.slice(cursor, s);
    inserted.push([text.length, text.length + edit.newText.length]);
    text += edit.newText;
    cursor = e;
  }
  text += original.slice(cursor);
  const tab = options.tabWidth ?? 4;
  const c = options.colors;
  const gutterWidth = String(line + 1).length;
  let marks = '';
  for (const [s, e] of inserted) {
    const from = displayColumn(text, s, tab);
    const to = displayColumn(text, e, tab);
    marks = marks.padEnd(from) + '+'.repeat(Math.max(1, to - from));
  }
  return [
    `${c.gray(`${String(line + 1).padStart(gutterWidth)} |`)} ${expandTabs(text, tab)}`.trimEnd(),
    `${c.gray(`${''.padStart(gutterWidth)} |`)} ${c.green(marks)}`,
  ];
}

// `--update`: record the actual decisions of `snapshot` cases into their fixture file,
// through the yaml Document API so that the rest of the file (comments, order, quoting)
// stays as it was.
import { readFileSync } from 'node:fs';
import { describeFileError, FileWriteError, writeFileAtomic } from '@vigil/core';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node as YamlNode, Pair } from 'yaml';
import type { DecisionSummary } from './report.js';

function trimNumber(n: number): number {
  return Number(n.toPrecision(12));
}

function quoted(text: string): Scalar<string> {
  const s = new Scalar(text);
  s.type = Scalar.QUOTE_DOUBLE;
  return s;
}

/** One recorded decision, in the fixture's own matcher form. */
export function snapshotEntry(d: DecisionSummary): YAMLMap {
  const map = new YAMLMap();
  map.set('rule', d.rule);
  map.set('action', d.action);
  if (d.targets.length === 1) map.set('target', d.targets[0]!);
  else if (d.targets.length > 1) {
    const seq = new YAMLSeq();
    seq.flow = true;
    for (const t of d.targets) seq.add(t);
    map.set('targets', seq);
  }
  if (d.permanent) map.set('permanent', true);
  if (d.dose) {
    const dose = new YAMLMap();
    dose.flow = true;
    dose.set('low', trimNumber(d.dose.low));
    if (d.dose.high !== undefined) dose.set('high', trimNumber(d.dose.high));
    if (d.dose.highExclusive) dose.set('high_exclusive', true);
    if (d.dose.frequency) dose.set('frequency', d.dose.frequency.text);
    if (!d.dose.ofStandard && d.dose.unit && d.dose.unit !== '1') dose.set('unit', d.dose.unit);
    dose.set('of_standard', d.dose.ofStandard);
    map.set('dose', dose);
  }
  if (d.schedule !== undefined) map.set('schedule', quoted(d.schedule));
  if (d.message !== undefined) map.set('message', quoted(d.message));
  return map;
}

export interface SnapshotUpdate {
  /** Position of the case in `cases:`. */
  readonly index: number;
  readonly decisions: readonly DecisionSummary[];
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function lineEnd(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  const end = n < 0 ? text.length : n;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** A node as block YAML, every line indented by `indent`. */
function block(node: YAMLMap | YAMLSeq, indent: string): string {
  const body = new Document(node).toString({ lineWidth: 0, minContentWidth: 0, indentSeq: true }).replace(/\n$/, '');
  return body
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
}

/**
 * Replaces the value of `pair` (a key written in block style) by `value`: the key line keeps
 * its trailing comment, and the new value goes on the following lines, indented under the key.
 * The rest of the file is not touched.
 */
function replaceValue(text: string, pair: Pair, value: YAMLMap | YAMLSeq): Edit | undefined {
  const key = pair.key as YamlNode | null;
  const old = pair.value as YamlNode | null;
  if (!key?.range || !old?.range) return undefined;
  const keyEnd = key.range[1];
  const column = key.range[0] - lineStart(text, key.range[0]);
  let last = old.range[1];
  while (last > keyEnd && /\s/.test(text[last - 1]!)) last--;
  const end = lineEnd(text, Math.max(keyEnd, last - 1));
  const keyLine = text.slice(keyEnd, lineEnd(text, keyEnd));
  const valueLine = text.slice(last, end);
  const comment = (/#.*$/.exec(keyLine.slice(0, Math.max(0, old.range[0] - keyEnd))) ?? /#.*$/.exec(valueLine))?.[0];
  const after = comment ? ` ${comment}` : '';
  if (isSeq(value) && value.items.length === 0) return { start: keyEnd, end, text: `: []${after}` };
  return { start: keyEnd, end, text: `:${after}\n${block(value, ' '.repeat(column + 2))}` };
}

/** The file's new text with the snapshots written, or an error message. */
export function applySnapshots(text: string, updates: readonly SnapshotUpdate[]): { ok: true; text: string } | { ok: false; error: string } {
  const doc: Document.Parsed = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, error: 'the file no longer parses' };
  const cases = isMap(doc.contents) ? doc.contents.get('cases', true) : undefined;
  if (!isSeq(cases)) return { ok: false, error: "the file has no 'cases' list" };
  const edits: Edit[] = [];
  for (const u of updates) {
    const item = cases.items[u.index];
    if (!isMap(item)) return { ok: false, error: `case ${u.index + 1} is no longer a mapping` };
    const seq = new YAMLSeq();
    for (const d of u.decisions) seq.add(snapshotEntry(d));
    const expectPair = item.items.find((p) => isScalar(p.key) && p.key.value === 'expect') as Pair | undefined;
    const expect = expectPair?.value;
    let edit: Edit | undefined;
    if (isMap(expect) && !expect.flow) {
      const snapPair = expect.items.find((p) => isScalar(p.key) && p.key.value === 'snapshot') as Pair | undefined;
      if (snapPair) edit = replaceValue(text, snapPair, seq);
    } else if (expectPair && isScalar(expect) && expect.value === 'snapshot') {
      const map = new YAMLMap();
      map.set('snapshot', seq);
      edit = replaceValue(text, expectPair, map);
    } else if (expectPair && isMap(expect)) {
      // `expect: { … snapshot: true }` on one line: written out as a block.
      const map = new YAMLMap();
      for (const p of expect.items) map.items.push(p);
      map.set('snapshot', seq);
      edit = replaceValue(text, expectPair, map);
    }
    if (!edit) return { ok: false, error: `case ${u.index + 1} has no snapshot expectation` };
    edits.push(edit);
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { ok: true, text: out };
}

/** Writes the snapshots into the file (atomically). */
export function writeSnapshots(path: string, updates: readonly SnapshotUpdate[]): { ok: true } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, error: describeFileError(error) };
  }
  const result = applySnapshots(text, updates);
  if (!result.ok) return result;
  if (result.text !== text) {
    try {
      writeFileAtomic(path, result.text);
    } catch (error) {
      return { ok: false, error: error instanceof FileWriteError ? error.reason : describeFileError(error) };
    }
  }
  return { ok: true };
}

// `--update`: record the actual decisions of `snapshot` cases into their fixture file,
// through the yaml Document API so that the rest of the file (comments, order, quoting)
// stays as it was.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Document } from 'yaml';
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

/** The file's new text with the snapshots written, or an error message. */
export function applySnapshots(text: string, updates: readonly SnapshotUpdate[]): { ok: true; text: string } | { ok: false; error: string } {
  const doc: Document.Parsed = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, error: 'the file no longer parses' };
  const cases = isMap(doc.contents) ? doc.contents.get('cases', true) : undefined;
  if (!isSeq(cases)) return { ok: false, error: "the file has no 'cases' list" };
  for (const u of updates) {
    const item = cases.items[u.index];
    if (!isMap(item)) return { ok: false, error: `case ${u.index + 1} is no longer a mapping` };
    const seq = new YAMLSeq();
    for (const d of u.decisions) seq.add(snapshotEntry(d));
    if (u.decisions.length === 0) seq.flow = true;
    const expect = item.get('expect', true);
    if (isMap(expect)) expect.set('snapshot', seq);
    else if (isScalar(expect) && expect.value === 'snapshot') {
      const map = new YAMLMap();
      map.set('snapshot', seq);
      item.set('expect', map);
    } else return { ok: false, error: `case ${u.index + 1} has no snapshot expectation` };
  }
  return { ok: true, text: doc.toString({ lineWidth: 0, minContentWidth: 0 }) };
}

/** Writes the snapshots into the file (atomically). */
export function writeSnapshots(path: string, updates: readonly SnapshotUpdate[]): { ok: true } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const result = applySnapshots(text, updates);
  if (!result.ok) return result;
  if (result.text !== text) {
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, result.text);
    renameSync(temp, path);
  }
  return { ok: true };
}

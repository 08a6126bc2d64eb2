// Inlay hints: thresholds converted to their fact's unit, running totals of protocol steps.
import { Rational, convertExact, type ProtocolDecl } from '@vigil/core';
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import { rangesOverlap, uriToPath } from '../convert.js';
import type { Workspace } from '../workspace.js';
import { isCurrent } from './locate.js';
import { convertedLabel, forEachThreshold, quantityValue } from './thresholds.js';

export function inlayHints(ws: Workspace, uri: string, range: Range): InlayHint[] {
  const path = uriToPath(uri);
  const snapshot = ws.snapshotFor(uri);
  const source = snapshot?.result.sources.get(path);
  const file = snapshot?.result.files.find((f) => f.uri === path);
  if (!snapshot || !source || !file || !isCurrent(ws, snapshot, path)) return [];
  const hints: InlayHint[] = [];
  const inRange = (offset: number) => {
    const p = source.positionAt(offset);
    return rangesOverlap({ start: p, end: p }, range);
  };
  const hintAfter = (offset: number, label: string, tooltip: string) => {
    if (!inRange(offset)) return;
    const p = source.positionAt(offset);
    hints.push({ position: { line: p.line, character: p.character }, label, kind: InlayHintKind.Type, paddingLeft: true, tooltip });
  };
  forEachThreshold(snapshot, file.document, (lit, fact, unit) => {
    const label = convertedLabel(lit, unit.code);
    if (label) hintAfter(lit.range.end.offset, label, `${fact.name} is recorded in ${unit.code} (${unit.name})`);
  });
  for (const d of file.document.declarations) {
    if (d.kind !== 'ProtocolDecl') continue;
    protocolTotals(d, hintAfter);
  }
  return hints;
}

function protocolTotals(d: ProtocolDecl, hintAfter: (offset: number, label: string, tooltip: string) => void): void {
  const doseUnit = d.target?.dose.unit?.text ?? d.steps[0]?.dose.unit?.text;
  const timeUnit = d.target?.duration.unit?.text ?? d.steps[0]?.observe.unit?.text;
  if (!doseUnit || !timeUnit) return;
  let dose = Rational.ZERO;
  let time = Rational.ZERO;
  for (const s of d.steps) {
    const dv = quantityValue(s.dose);
    const tv = quantityValue(s.observe);
    const dc = dv && s.dose.unit ? convertExact(dv, s.dose.unit.text, doseUnit) : undefined;
    const tc = tv && s.observe.unit ? convertExact(tv, s.observe.unit.text, timeUnit) : undefined;
    if (!dc || !tc) return;
    dose = dose.add(dc);
    time = time.add(tc);
    hintAfter(s.range.end.offset, `Σ ${dose.toDecimalString(4)} ${doseUnit} · ${time.toDecimalString(4)} ${timeUnit}`, 'Running totals of the steps so far, in the units of the target');
  }
}

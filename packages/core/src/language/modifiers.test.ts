// Schedule modifiers in the parser: `tightens monitor [T] of G [except …] twice as often`,
// `N times as often` and `to every Q [to Q]`, with recovery when one is left unfinished.
import { describe, expect, it } from 'vitest';
import type { RuleDecl } from './ast.js';
import { parse } from './test-helpers.js';

const rule = (clause: string) => `rule R-2 "x" source "s" ${clause} when b then caution aza\n`;
const first = (text: string) => parse(text).document.declarations[0] as RuleDecl;

describe('tightens clauses', () => {
  it('reads a factor, with the target, the group and its exceptions', () => {
    const r = first(rule('tightens monitor cbc of monitoring except { R-1, R-3 } twice as often'));
    const t = r.tightens![0]!;
    expect(t.item.actions.map((a) => [a.verb, a.target?.value])).toEqual([['monitor', 'cbc']]);
    expect(t.item.name.value).toBe('monitoring');
    expect(t.item.except.map((e) => e.value)).toEqual(['R-1', 'R-3']);
    expect(t.factor).toMatchObject({ value: '2', text: 'twice' });
    expect(t.every).toBeUndefined();
  });
  it('reads N times as often and a new cadence, with an interval', () => {
    expect(first(rule('tightens monitor of R-1 3 times as often')).tightens![0]!.factor).toMatchObject({ value: '3', text: '3' });
    const e = first(rule('tightens monitor lft of R-1 to every 1 to 2 wk')).tightens![0]!.every!;
    expect([e.every.value, e.everyHigh?.value, e.everyHigh?.unit?.text]).toEqual(['1', '2', 'wk']);
  });
  it('gives the clause its whole range', () => {
    const text = rule('tightens monitor of R-1 twice as often');
    const t = first(text).tightens![0]!;
    expect(text.slice(t.range.start.offset, t.range.end.offset)).toBe('tightens monitor of R-1 twice as often');
  });
  it('recovers from an unfinished clause: the error names it, the rule and the next declaration stay', () => {
    const res = parse(rule('tightens monitor of R-1 twice') + 'rule R-3 "y" source "s" when b then caution aza\n');
    expect(res.diagnostics.length).toBeGreaterThan(0);
    expect(res.diagnostics[0]!.message).toContain("'as'");
    const ids = res.document.declarations.map((d) => (d as RuleDecl).id?.value);
    expect(ids).toEqual(['R-2', 'R-3']);
    expect((res.document.declarations[0] as RuleDecl).tightens).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { checkText } from '../pipeline.js';
import { MAX_EXPRESSION_DEPTH } from './expression-depth.js';

const HEAD = 'ruleset t version "1"\nfacts { wbc: quantity 10*9/L }\n';
const chain = (n: number, op: string) => Array.from({ length: n }, (_, i) => `wbc > ${i} 10*9/L`).join(` ${op} `);

describe('expression depth', () => {
  it.each(['and', 'or'])('refuses a 2,000-term %s chain with one error at the rule, and keeps the other rules', (op) => {
    const text = `${HEAD}rule R-1 "deep" source "s" when ${chain(2000, op)} then caution azathioprine\nrule R-2 "ok" source "s" when wbc is missing then order cbc\n`;
    const r = checkText(text, '/memory/deep.vigil');
    const deep = r.diagnostics.filter((d) => d.code === 'VGL1004');
    expect(deep).toHaveLength(1);
    expect(deep[0]!.message).toMatch(/2001 levels deep; the limit is 500/);
    expect(text.slice(deep[0]!.range.start.offset, deep[0]!.range.end.offset)).toBe('R-1');
    expect(r.diagnostics.filter((d) => d.message.includes('Internal error'))).toEqual([]);
    expect(r.model.rules.has('R-2')).toBe(true);
    expect(r.ir).toBeUndefined();
  });
  it('refuses a deep arithmetic chain in a definition', () => {
    const r = checkText(`${HEAD}define total = ${Array.from({ length: 1000 }, () => 'wbc').join(' + ')}\n`, '/memory/deep.vigil');
    expect(r.diagnostics.map((d) => d.code)).toContain('VGL1004');
  });
  it('accepts a chain at the limit and compiles it', () => {
    const r = checkText(`${HEAD}rule R-1 "long" source "s" when ${chain(MAX_EXPRESSION_DEPTH - 1, 'or')} then caution azathioprine\nrule R-2 "ok" source "s" when wbc is missing then order cbc\n`, '/memory/long.vigil');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ir).toBeDefined();
  });
});

import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('unknown-name', () => {
  it('reports an unknown fact with a did-you-mean fix', () => {
    const d = diagnose(`rule R-1 "x" source "s" when <|wcb|> < 2 10*9/L then caution azathioprine`);
    expect(d.of('VGL2001').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2001'));
    expect(d.of('VGL2001')[0]!.message).toBe("Unknown fact or definition 'wcb'. Did you mean 'wbc'?");
    expect(d.of('VGL2001')[0]!.fixes?.[0]?.edits[0]?.newText).toBe('wbc');
  });
  it('reports an unknown term in a code set', () => {
    const d = diagnose(`rule R-1 "x" source "s" when meds includes <|allopurinl|> then caution azathioprine`);
    expect(d.of('VGL2001')[0]!.message).toContain("Did you mean 'allopurinol'?");
    expect(d.of('VGL2001').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2001'));
  });
  it('is quiet for declared facts, value sets and members', () => {
    const d = diagnose(`rule R-1 "x" source "s" when wbc < 2 10*9/L and meds includes xoi and diagnosis = allopurinol then caution azathioprine`);
    expect(d.codes).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('missing-source', () => {
  it('warns about a rule without a source and offers a fix', () => {
    const d = diagnose(`rule <|R-1|> "x" when pregnant then caution azathioprine`);
    const m = d.of('VGL5005');
    expect(m.map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL5005'));
    expect(m[0]!.severity).toBe('warning');
    expect(m[0]!.fixes?.[0]?.title).toBe('Add a source');
  });
  it('is quiet when a source is cited', () => {
    expect(diagnose(`rule R-1 "x" source "002" when pregnant then caution azathioprine`).codes).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('invalid-unit', () => {
  it('reports a unit UCUM does not define', () => {
    const d = diagnose(`rule R-1 "x" source "s" when wbc < 2 <|bogus|> then caution azathioprine`);
    expect(d.of('VGL4001').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL4001'));
  });
  it('reports an offset unit in a fact type', () => {
    const d = diagnose(`facts { temp: quantity <|Cel|> }`);
    expect(d.of('VGL4001').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL4001'));
  });
  it('is quiet for valid units', () => {
    expect(diagnose(`facts { neut: quantity 10*3/uL }`).codes).toEqual([]);
  });
});

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

describe('invalid-unit suggestions', () => {
  it('offers the UCUM spelling as a quick fix, once in the message', () => {
    const d = diagnose(`facts { dose_rate: quantity <|mcg/kg/d|> }`);
    const [x] = d.of('VGL4001');
    expect(x!.message).toBe("'mcg/kg/d' is not a valid UCUM unit: mcg is not a valid UCUM code. Did you mean 'ug/kg/d'?");
    expect(x!.fixes).toEqual([{ title: "Change to 'ug/kg/d'", edits: [{ uri: x!.uri, range: x!.range, newText: 'ug/kg/d' }] }]);
  });
  it('has no fix when nothing close is valid', () => {
    const [x] = diagnose(`facts { a: quantity bogus }`).of('VGL4001');
    expect(x!.fixes ?? []).toEqual([]);
    expect(x!.message).not.toContain('Did you mean');
    expect(x!.message.endsWith('.')).toBe(true);
  });
});

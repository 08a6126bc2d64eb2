import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('unknown-code-system', () => {
  it('reports a code in an unknown system', () => {
    const d = diagnose(`valueset v { aspirin <|rxnrm|> "1191" }`);
    expect(d.of('VGL2007').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2007'));
  });
  it('is quiet for known systems', () => {
    expect(diagnose(`valueset v { sle snomed "55464009" icd10 "M32" }`).codes).toEqual([]);
  });
});

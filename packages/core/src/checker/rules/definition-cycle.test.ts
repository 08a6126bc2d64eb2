import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('definition-cycle', () => {
  it('reports definitions that refer to each other', () => {
    const d = diagnose(`define <|a|> = b or pregnant
define <|b|> = a`);
    expect(d.of('VGL2006').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2006'));
    expect(d.of('VGL2006')[0]!.message).toContain('a → b → a');
  });
  it('is quiet for a chain', () => {
    expect(diagnose(`define a = b or pregnant
define b = allograft`).codes).toEqual([]);
  });
});

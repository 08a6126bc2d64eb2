import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('unknown-hit-policy', () => {
  it('reports a hit policy DMN does not have, with the nearest one', () => {
    const d = diagnose(`table T-1 "t" source "s" hit <|frist|>
  | tpmt | then
  | normal | recommend azathioprine`);
    expect(d.found).toEqual(d.expected('VGL2031'));
    expect(d.result.diagnostics[0]!.message).toBe("Unknown hit policy 'frist' for table T-1; expected unique, first, priority or collect. Did you mean 'first'?");
  });
  it('accepts the four policies', () => {
    for (const hit of ['unique', 'first', 'priority', 'collect'])
      expect(diagnose(`table T-1 "t" source "s" hit ${hit}\n  | tpmt | then\n  | normal | recommend azathioprine`).of('VGL2031')).toEqual([]);
  });
});

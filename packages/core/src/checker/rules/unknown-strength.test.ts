import { describe, expect, it } from 'vitest';
import { diagnose } from '../test-util.js';

describe('unknown-strength', () => {
  it('reports a strength off the scale', () => {
    const d = diagnose(`rule R-1 "x" source "s" strength <|strng|> when pregnant then caution azathioprine`);
    expect(d.of('VGL3005').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3005'));
    expect(d.of('VGL3005')[0]!.message).toBe("Unknown strength 'strng'; expected one of strong, moderate, conditional, weak, expert. Did you mean 'strong'?");
  });
  it('is quiet for a known strength', () => {
    expect(diagnose(`rule R-1 "x" source "s" strength conditional when pregnant then caution azathioprine`).codes).toEqual([]);
  });
});

describe('unknown-strength with the rule set\'s own vocabulary', () => {
  const header = 'ruleset g version "1" strengths { strong, moderate, optional }\n';
  it('accepts the header\'s strengths, a reserved word among them', () => {
    expect(diagnose(`${header}rule R-1 "x" source "s" strength optional then advise because "m"`, false).codes).toEqual([]);
  });
  it('refuses a default strength the header leaves out, listing the header\'s', () => {
    const d = diagnose(`${header}rule R-1 "x" source "s" strength <|weak|> then advise because "m"`, false);
    expect(d.of('VGL3005').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL3005'));
    expect(d.of('VGL3005')[0]!.message).toBe("Unknown strength 'weak'; expected one of strong, moderate, optional.");
  });
  it('suggests the nearest of the header\'s strengths', () => {
    const d = diagnose(`${header}rule R-1 "x" source "s" strength <|optionl|> then advise because "m"`, false);
    expect(d.of('VGL3005')[0]!.message).toContain("Did you mean 'optional'?");
  });
});

describe('the header\'s strengths', () => {
  it('a strength named twice is a duplicate, at the second', () => {
    const d = diagnose('ruleset g version "1" strengths { strong, moderate, <|strong|> }\nrule R-1 "x" source "s" strength strong then advise because "m"', false);
    expect(d.of('VGL2002').map((x) => [x.code, x.range.start.offset, x.range.end.offset])).toEqual(d.expected('VGL2002'));
    expect(d.of('VGL2002')[0]!.message).toContain("Duplicate strength 'strong'");
  });
});

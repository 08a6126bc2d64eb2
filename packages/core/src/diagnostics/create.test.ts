// The one diagnostic constructor, and the rule runner's use of it when a rule fails.
import { describe, expect, it } from 'vitest';
import { runRules } from '../checker/index.js';
import { checkText } from '../pipeline.js';
import { codes } from './codes.js';
import { createDiagnostic, START_OF_TEXT } from './diagnostic.js';

describe('createDiagnostic', () => {
  it("fills the code's template and carries its code, name and severity", () => {
    const d = createDiagnostic(codes.unknownStrength, { uri: 'a.vigil', range: START_OF_TEXT }, { name: 'strnog', values: 'strong, weak' });
    expect(d).toEqual({ code: 'VGL3005', name: 'unknown-strength', severity: 'error', message: "Unknown strength 'strnog'; expected one of strong, weak.", uri: 'a.vigil', range: START_OF_TEXT });
  });

  it('keeps related information, fixes and data only when there are some', () => {
    const at = { uri: 'a.vigil', range: START_OF_TEXT };
    expect(Object.keys(createDiagnostic(codes.missingSource, at, { rule: 'R-1' }, { related: [], fixes: [] }))).not.toContain('related');
    expect(createDiagnostic(codes.missingSource, at, { rule: 'R-1' }, { data: { rule: 'R-1' } }).data).toEqual({ rule: 'R-1' });
  });
});

describe('a checker rule that throws', () => {
  it('is reported as VGL6002 naming the rule, and the other rules still run', () => {
    const { model } = checkText('rule R-1 "t" when true then advise because "x"\n', '/memory/t.vigil');
    const out = runRules(
      [
        { name: 'broken', phase: 'semantic', check: () => { throw new Error('boom'); } },
        { name: 'fine', phase: 'semantic', check: (ctx) => ctx.report(codes.missingSource, { uri: '/memory/t.vigil', range: START_OF_TEXT }, { rule: 'R-1' }) },
      ],
      model,
      undefined,
    );
    expect(out.map((d) => [d.code, d.message])).toEqual([
      ['VGL6002', 'Internal error in checker rule broken: boom'],
      ['VGL5005', 'Rule R-1 cites no source.'],
    ]);
  });
});

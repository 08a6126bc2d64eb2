// Dose frequencies: `10 mg twice daily`, `50 mg three times weekly`, `1 mg to below 2 mg 3 times
// daily`. Parsing, recovery and the IR: the bounds are the daily equivalent, exactly, and the
// frequency keeps what was written with the exact factor back to the amount given each time.
import { describe, expect, it } from 'vitest';
import { checkText } from '../pipeline.js';
import { decl, parse, parseOk } from './test-helpers.js';

describe('dose frequencies', () => {
  it('parses the count and the period', () => {
    const doc = parseOk('rule R "t" then dose a 10 mg twice daily then dose b 50 mg three times weekly then dose c 1 mg to below 2 mg 3 times daily then dose d 5 mg once weekly then dose e 5 mg/d');
    expect(decl(doc, 'RuleDecl').actions.map((a) => a.dose!.frequency && [a.dose!.frequency.count, a.dose!.frequency.period])).toEqual([
      ['twice', 'daily'],
      ['three', 'weekly'],
      ['3', 'daily'],
      ['once', 'weekly'],
      undefined,
    ]);
  });

  it('drops a dose whose frequency has no period, and keeps the rule', () => {
    for (const text of ['rule R "t" then dose a 10 mg twice then stop a', 'rule R "t" then dose a 10 mg three times then stop a']) {
      const r = parse(text);
      expect(r.diagnostics.filter((d) => d.code === 'VGL1001')).toHaveLength(1);
      expect(decl(r.document, 'RuleDecl').actions.map((a) => a.verb)).toEqual(['stop']);
    }
  });

  it('lowers to the daily equivalent in the drug\'s unit, exactly, with the factor back to the amount', () => {
    const r = checkText(`rule R-1 "t" source "s" then dose mtx 50 mg three times weekly
rule R-2 "u" source "s" then dose mtx 0.05 g twice daily`, '/m/t.vigil');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [a, b] = r.ir!.rules.map((x) => x.actions[0]!.dose!);
    expect(a).toMatchObject({ low: { kind: 'quantity', value: '150/7', unit: 'mg/d' }, unit: 'mg/d', frequency: { text: 'three times weekly', count: '3', periodDays: '7', amountUnit: 'mg', amountFactor: '7/3' } });
    // 0.05 g twice daily is 0.1 g/d, reported in mtx's unit mg/d: 100 mg/d; back to g: x 1/2 x 1/1000.
    expect(b).toMatchObject({ low: { kind: 'quantity', value: '100', unit: 'mg/d' }, unit: 'mg/d', frequency: { count: '2', periodDays: '1', amountUnit: 'g', amountFactor: '0.0005' } });
  });
});

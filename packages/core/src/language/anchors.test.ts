// Anchored monitoring schedules: `… from FACT`. Parsing, recovery and the IR.
import { describe, expect, it } from 'vitest';
import { checkText } from '../pipeline.js';
import { decl, parse, parseOk } from './test-helpers.js';

describe('anchored schedules', () => {
  it('parses the anchor as a reference to a fact, after the last phase', () => {
    const a = decl(parseOk(`rule R "t" then monitor cbc every 1 wk for 4 wk, then every 1 mo from azathioprine_start`), 'RuleDecl').actions[0]!;
    expect(a.schedule!.phases).toHaveLength(2);
    expect(a.schedule!.anchor?.name.value).toBe('azathioprine_start');
    expect(a.schedule!.range.end.offset).toBe(a.schedule!.anchor!.range.end.offset);
  });

  it('reports `from` without a fact, and keeps the rule', () => {
    const r = parse('rule R "t" then monitor cbc every 1 wk from then stop a');
    expect(r.diagnostics.filter((d) => d.code === 'VGL1001')).toHaveLength(1);
    expect(decl(r.document, 'RuleDecl').actions.map((a) => a.verb)).toEqual(['stop']);
  });

  it('lowers the anchor with its type; IR 1.5 and later', () => {
    const r = checkText(`ruleset t version "1"
facts { flag: boolean
  started: date
  changed: datetime }
rule R-1 "t" source "s" when flag then monitor cbc every 1 wk from started
rule R-2 "t" source "s" when flag then monitor lft every 1 wk from changed
rule R-3 "t" source "s" when flag then monitor alt every 1 wk`, '/m/t.vigil');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ir!.irVersion).toBe('1.6');
    expect(r.ir!.rules.map((x) => x.actions[0]!.anchor)).toEqual([{ fact: 'started', type: 'date' }, { fact: 'changed', type: 'datetime' }, undefined]);
  });
});

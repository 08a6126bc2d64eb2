import { describe, expect, it } from 'vitest';
import { instantiateEngine } from '@vigil/compiler';
import { diffRuleSets, renderText } from '../src/index.js';
import { diff, NOW, regionLines, side } from './helpers.js';

const rule = (when: string, then = 'contraindicate azathioprine', clauses = '') =>
  `rule R-1 "Low white cell count" source "s" strength strong ${clauses} when ${when} then ${then} because "m"\n`;

/** Every witness is decided as the region says by both compiled versions. */
function checkWitnesses(before: string, after: string) {
  const r = diff(before, after);
  const a = instantiateEngine(side('old', before).check.ir!);
  const b = instantiateEngine(side('new', after).check.ir!);
  for (const g of r.space!.regions) {
    expect(g.witness.verified).toBe(true);
    const sig = (e: typeof a) => {
      const x = e.evaluate(g.witness.facts, { now: NOW });
      return JSON.stringify([x.decisions.map((d) => [d.rule, d.action, d.targets, d.dose]), x.notEvaluable.map((n) => n.rule), x.overridden]);
    };
    expect(sig(a)).not.toBe(sig(b));
  }
  return r;
}

describe('behaviour over the input space', () => {
  it('a threshold moved from 2.5 to 3.0: the patients in between are now contraindicated', () => {
    const r = checkWitnesses(rule('wbc < 2.5 10*9/L'), rule('wbc < 3.0 10*9/L'));
    expect(regionLines(r)).toEqual(['wbc in [2.5, 3) 10*9/L (other facts as any): gains `contraindicate azathioprine` [wbc=2.5 10*9/L]']);
    expect(r.structural.map((c) => [c.change, c.id, c.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)])).toEqual([['changed', 'R-1', ['condition: wbc < 2.5 10*9/L → wbc < 3.0 10*9/L']]]);
    expect(r.space).toMatchObject({ explored: 4, totalCells: 4, complete: true, changedRules: ['R-1'], provedNoChange: false });
    expect(r.behaviourChanged).toBe(true);
  });

  it('a threshold moved down: the patients in between lose the decision', () => {
    const r = checkWitnesses(rule('wbc < 3.0 10*9/L'), rule('wbc < 2.5 10*9/L'));
    expect(regionLines(r)).toEqual(['wbc in [2.5, 3) 10*9/L (other facts as any): loses `contraindicate azathioprine` [wbc=2.5 10*9/L]']);
  });

  it('< turned into <=: exactly the boundary patient changes', () => {
    const r = checkWitnesses(rule('wbc < 2.5 10*9/L'), rule('wbc <= 2.5 10*9/L'));
    expect(regionLines(r)).toEqual(['wbc = 2.5 10*9/L (other facts as any): gains `contraindicate azathioprine` [wbc=2.5 10*9/L]']);
  });

  it('an enum value added to a set', () => {
    const r = checkWitnesses(rule('tpmt in { low, absent }'), rule('tpmt in { intermediate, low, absent }'));
    expect(regionLines(r)).toEqual(['tpmt = intermediate (other facts as any): gains `contraindicate azathioprine` [tpmt=intermediate]']);
  });

  it('an exception added: decisions lost where it holds, not evaluable where it is unknown', () => {
    const r = checkWitnesses(rule('tpmt in { low, absent }'), rule('tpmt in { low, absent }').replace(' then', ' unless pregnant then'));
    expect(r.structural[0]!.parts.map((p) => [p.part, p.before, p.after])).toEqual([['exception', '', 'pregnant']]);
    expect(regionLines(r)).toEqual([
      'tpmt in { low, absent }, (pregnant is missing or pregnant = true) (other facts as any): loses `contraindicate azathioprine` [tpmt=low, pregnant missing]',
      'tpmt is missing, pregnant = true (other facts as any): R-1: not evaluable (needs tpmt) → does not fire [pregnant=true, tpmt missing]',
    ]);
    expect(r.space!.regions.map((g) => g.kind)).toEqual(['loses', 'evaluability']);
  });

  it('an action changed from caution to contraindicate', () => {
    const r = checkWitnesses(rule('wbc < 2.5 10*9/L', 'caution azathioprine'), rule('wbc < 2.5 10*9/L'));
    expect(r.structural[0]!.parts.map((p) => p.part)).toEqual(['action']);
    expect(regionLines(r)).toEqual(['wbc < 2.5 10*9/L (other facts as any): changes from `caution azathioprine` to `contraindicate azathioprine` [wbc=2.4 10*9/L]']);
  });

  it('a dose range widened', () => {
    const r = checkWitnesses(rule('tpmt = intermediate', 'dose azathioprine 30% to 70% of standard'), rule('tpmt = intermediate', 'dose azathioprine 30% to 80% of standard'));
    expect(r.structural[0]!.parts.map((p) => [p.part, p.words])).toEqual([
      ['dose', [{ op: '=', text: 'dose azathioprine 30% to' }, { op: '-', text: '70%' }, { op: '+', text: '80%' }, { op: '=', text: 'of standard' }]],
    ]);
    expect(regionLines(r)).toEqual([
      'tpmt = intermediate (other facts as any): changes from `dose azathioprine 30% to 70% of standard` to `dose azathioprine 30% to 80% of standard` [tpmt=intermediate]',
    ]);
  });

  it('a rule removed', () => {
    const r = checkWitnesses(rule('wbc < 2.5 10*9/L') + 'rule R-2 "Xanthine oxidase inhibitor" source "s" when medications includes xo then stop azathioprine\n', rule('wbc < 2.5 10*9/L'));
    expect(r.structural.map((c) => `${c.change} ${c.kind} ${c.id}`)).toEqual(['removed rule R-2']);
    expect(regionLines(r)).toEqual([
      'medications includes any of { allopurinol, febuxostat } (other facts as any): loses `stop azathioprine` [medications=[allopurinol]]',
      'medications is missing (other facts as any): R-2: not evaluable (needs medications) → not in the rule set [medications missing]',
    ]);
  });

  it('a time window shortened: days since a date, with exact ends, in whole days before the evaluation time', () => {
    const facts = 'facts {\n  last_cbc: date\n}\n';
    const r = checkWitnesses(facts + rule('last_cbc more than 90 d ago', 'order cbc'), facts + rule('last_cbc more than 60 d ago', 'order cbc'));
    expect(regionLines(r)).toEqual(['days since last_cbc in (60, 90] (other facts as any): gains `order cbc` [last_cbc=2025-12-01]']);
  });

  it('a rule only reformatted: no structural change and no behavioural change, proved', () => {
    const r = diff(rule('wbc < 2.5 10*9/L'), `rule   R-1 "Low white cell count"\n\n   source "s"    strength strong\n when wbc<2.5 10*9/L // low\n then contraindicate azathioprine because "m"\n`);
    expect(r.structural).toEqual([]);
    expect(r.evidence).toEqual([]);
    expect(r.space).toMatchObject({ regions: [], provedNoChange: true, changedRules: [] });
    expect(r.behaviourChanged).toBe(false);
  });

  it('a unit changed with the same meaning (2.5 10*9/L → 2500 /uL): the text changed, the behaviour did not', () => {
    const r = diff(rule('wbc < 2.5 10*9/L'), rule('wbc < 2500 /uL'));
    expect(r.structural.map((c) => [c.id, c.sameMeaning, c.parts.map((p) => `${p.before} → ${p.after}`)])).toEqual([['R-1', true, ['wbc < 2.5 10*9/L → wbc < 2500 /uL']]]);
    expect(r.space).toMatchObject({ regions: [], provedNoChange: true });
    expect(r.behaviourChanged).toBe(false);
  });

  it('reports evidence changes apart from behaviour', () => {
    const r = diff(rule('wbc < 2.5 10*9/L'), rule('wbc < 2.5 10*9/L').replace('strength strong', 'strength moderate').replace('"m"', '"new message"').replace('source "s"', 'source "s", "t"'));
    expect(r.structural).toEqual([]);
    expect(r.evidence.map((c) => [c.id, c.parts.map((p) => `${p.part}: ${p.before} → ${p.after}`)])).toEqual([
      ['R-1', ['message: "m" → "new message"', 'source: "s" → "s", "t"', 'strength: strong → moderate']],
    ]);
    expect(r.behaviourChanged).toBe(false);
  });

  it('matches rules by id and finds renames', () => {
    const r = diff(rule('wbc < 2.5 10*9/L'), rule('wbc < 2.5 10*9/L').replace('R-1', 'R-9'));
    expect(r.structural.map((c) => `${c.change} ${c.from} ${c.id}`)).toEqual(['renamed R-1 R-9']);
    expect(r.space).toMatchObject({ regions: [], provedNoChange: true });
  });

  it('a change that makes an overridden rule fire again', () => {
    const base = 'rule R-2 "Dose" source "s" when tpmt = normal then dose azathioprine 50 mg/d\n';
    const r = diff(rule('wbc < 2.5 10*9/L', 'contraindicate azathioprine', 'overrides R-2') + base, rule('wbc < 2.0 10*9/L', 'contraindicate azathioprine', 'overrides R-2') + base);
    expect(r.space!.affectedRules).toEqual(['R-2']);
    expect(regionLines(r)).toEqual([
      'tpmt = normal, wbc in [2, 2.5) 10*9/L (other facts as any): changes from `contraindicate azathioprine` to `dose azathioprine 50 mg/d` [tpmt=normal, wbc=2 10*9/L]',
      '(tpmt is missing or tpmt in { intermediate, low, absent }), wbc in [2, 2.5) 10*9/L (other facts as any): loses `contraindicate azathioprine` [wbc=2 10*9/L, tpmt missing]',
    ]);
  });
});

describe('behaviour on the fixtures', () => {
  const fixtures = {
    'tests/wbc.cases.yaml': `as_of: 2026-01-15
cases:
  - name: low wbc
    extends: base
    facts: { wbc: "2.7 10*9/L" }
  - name: normal wbc
    extends: base
  - name: wbc in /uL
    facts: { wbc: "2400 /uL" }
`,
    'tests/shared.facts.yaml': `base:\n  wbc: "6 10*9/L"\n  tpmt: normal\n`,
  };
  it('lists every case whose decisions change, with what was gained and lost', () => {
    const r = diff(rule('wbc < 2.5 10*9/L'), rule('wbc < 3.0 10*9/L'), fixtures);
    expect(r.fixtures).toMatchObject({ cases: 3, problems: [] });
    expect(r.fixtures!.changed).toEqual([{ case: 'low wbc', file: 'tests/wbc.cases.yaml', kind: 'decisions', gained: ['contraindicate azathioprine (R-1)'], lost: [] }]);
  });
});

describe('fixtures read by the harness', () => {
  it('resolves shared sets, null and relative dates as vigil test does, and names file and line of a bad case', () => {
    const facts = 'facts {\n  last_cbc: date\n}\n';
    const rules = (days: number) => facts + rule(`last_cbc more than ${days} d ago`, 'order cbc');
    const fixtures = {
      'tests/cbc.cases.yaml': `as_of: 2026-03-01
cases:
  - name: cbc 75 days ago
    extends: base
    facts: { last_cbc: 75 days ago }
  - name: cbc removed
    extends: base
    facts: { last_cbc: null }
  - name: bad
    facts: [1, 2]
`,
      'tests/shared.facts.yaml': 'base:\n  last_cbc: 10 days ago\n',
    };
    const r = diff(rules(90), rules(60), fixtures);
    expect(r.fixtures!.loader).toBe('harness');
    expect(r.fixtures!.changed.map((c) => [c.case, c.kind, c.gained])).toEqual([['cbc 75 days ago', 'decisions', ['order cbc (R-1)']]]);
    expect(r.fixtures!.problems).toEqual(["tests/cbc.cases.yaml:10: 'facts' of case 'bad' must be a mapping from fact names to values, but it is a list."]);
  });
});

describe('fixtures with facts a version does not declare', () => {
  it('drops a fact only the other version declares, and reports one neither declares', () => {
    const r = diff(rule('wbc < 2.5 10*9/L'), rule('wbc < 3.0 10*9/L'), {
      'tests/a.cases.yaml': 'cases:\n  - name: misspelt\n    facts: { wcb: "2.7 10*9/L" }\n',
    });
    expect(r.fixtures!.changed).toEqual([]);
    expect(r.fixtures!.problems).toEqual([expect.stringMatching(/^tests\/a\.cases\.yaml#misspelt: neither version accepts the facts \(wcb: /)]);
  });
});

describe('what was explored', () => {
  it('says what was not explored and never claims no change there', () => {
    const before = rule('wbc < 2.5 10*9/L and tpmt in { low, absent } and pregnant');
    const after = rule('wbc < 3.0 10*9/L and tpmt in { low, absent } and pregnant');
    const a = side('old', before);
    const b = side('new', after);
    const r = diffRuleSets(a, b, { now: NOW, maxCells: 10 });
    expect(r.space).toMatchObject({ complete: false, provedNoChange: false, regions: [] });
    expect(r.space!.summary).toBe('explored 10 of 48 cells; the rest were not explored; no explored cell decides differently; the cells not explored are unknown');
    expect(r.space!.notes).toEqual([
      'the changed rules together read too many facts to enumerate at once (48 cells); each changed rule was analysed on its own, with the rules it overrides',
      'R-1: explored 10 of 48 cells; not explored: 38 cells (indices 10–47)',
    ]);
    expect(renderText(r)).toContain('No behaviour change found in what was explored.');
  });

  it('does not claim no change over relations it cannot split on', () => {
    const facts = 'facts {\n  alt: quantity U/L baseline\n}\n';
    const r = diff(facts + rule('alt >= 5 x baseline'), facts + rule('alt >= 4 x baseline'));
    expect(r.space!.unsplit).toEqual(['alt >= 5 x baseline', 'alt >= 4 x baseline']);
    expect(r.space!.provedNoChange).toBe(false);
    expect(r.space!.summary).toContain('cells not split on: alt >= 5 x baseline; alt >= 4 x baseline');
  });

  it('splits a value set once when its members always appear together', () => {
    const r = diff(rule('wbc < 2.5 10*9/L'), rule('wbc < 2.5 10*9/L or medications includes xo'));
    expect(regionLines(r)).toEqual([
      '(wbc is missing or wbc >= 2.5 10*9/L), medications includes any of { allopurinol, febuxostat } (other facts as any): gains `contraindicate azathioprine` [medications=[allopurinol], wbc missing]',
      'wbc >= 2.5 10*9/L, medications is missing (other facts as any): R-1: does not fire → not evaluable (needs medications) [wbc=2.5 10*9/L, medications missing]',
    ]);
  });
});

describe('relative dates in fixtures: every unit vigil test reads, and none it does not', () => {
  const facts = 'facts {\n  last_cbc: datetime\n}\n';
  const rules = (days: number) => facts + rule(`last_cbc more than ${days} d ago`, 'order cbc');
  it('reads mins, hr, hrs, wks and yrs as the harness does', () => {
    const cases = ['90 mins ago', '5 hr ago', '30 hrs ago', '9 wks ago', '1 yrs ago'];
    const fixtures = {
      'tests/cbc.cases.yaml': `as_of: 2026-03-01T00:00:00Z\ncases:\n${cases.map((c) => `  - name: ${c}\n    facts: { last_cbc: ${c} }\n`).join('')}`,
    };
    const r = diff(rules(90), rules(60), fixtures);
    expect(r.fixtures!.problems).toEqual([]);
    // 9 weeks (63 days) lies between 60 and 90 days; a year lies beyond both.
    expect(r.fixtures!.changed.map((c) => [c.case, c.gained])).toEqual([['9 wks ago', ['order cbc (R-1)']]]);
    expect(r.fixtures!.cases).toBe(5);
  });
  it('refuses a unit it does not know, naming file, line and unit, and runs the case on neither version', () => {
    const fixtures = {
      'tests/cbc.cases.yaml': 'as_of: 2026-03-01T00:00:00Z\ncases:\n  - name: fortnights\n    facts: { last_cbc: 5 fortnights ago }\n',
    };
    const r = diff(rules(90), rules(60), fixtures);
    expect(r.fixtures!.changed).toEqual([]);
    expect(r.fixtures!.problems).toEqual(["tests/cbc.cases.yaml:4: Case 'fortnights', fact 'last_cbc': unknown time unit 'fortnights' in '5 fortnights ago'; use one of minutes, hours, days, weeks, months, years"]);
  });
});

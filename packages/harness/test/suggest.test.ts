// `--suggest`: cases for the condition outcomes no case exercised, found by the region solver.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { addSuggestedCases, CaseValues, canonicalPatient, goalText, plausibleValues, renderJson, renderText, ruleOutcomes, runTests, suggestCases, HarnessUsageError } from '../src/index.js';
import { allCases, DEMO, DEMO_RULES, DEMO_SHARED, FIXTURES, tempTree } from './helpers.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const BASIC = readFileSync(join(DEMO, 'tests', 'basic.cases.yaml'), 'utf8');

/** The demo rule set with its own fixtures (which leave two outcomes unexercised). */
function demoCopy(extra: Record<string, string> = {}): string {
  return tempTree({ 'demo/demo.vigil': DEMO_RULES, 'demo/tests/shared.facts.yaml': DEMO_SHARED, 'demo/tests/basic.cases.yaml': BASIC, ...extra });
}

describe('suggestCases', () => {
  const RULES = `ruleset t version "1"
facts {
  tpmt: enum { normal, intermediate, low, absent }
  wbc: quantity 10*9/L
}
rule R-1 "Low white cell count" source "s" when wbc < 2.5 10*9/L and tpmt = normal then stop azathioprine because "m"
rule R-2 "Absent TPMT" source "s" when tpmt in { low, absent } then contraindicate azathioprine because "m"
`;
  const ir = checkText(RULES, '/memory/t.vigil').ir!;
  const engine = instantiateEngine(ir);
  const atoms = [
    { atom: 0, text: 'wbc < 2.5 10*9/L' },
    { atom: 1, text: 'tpmt = normal' },
    { atom: 2, text: 'tpmt in { low, absent }' },
  ];

  it('finds, for each rule and condition outcome not seen, a patient that gives it, with the decisions the rules give', () => {
    // The cases saw one patient: normal TPMT, normal white cells (R-1 quiet, R-2 quiet).
    const rules = new Map([
      ['R-1', new Set(['quiet'] as const)],
      ['R-2', new Set(['quiet'] as const)],
    ]);
    const s = suggestCases(ir, engine, { true: new Set([1]), false: new Set([0, 2]), rules }, NOW);
    expect(s.unreached).toEqual([]);
    expect(s.cases.map((c) => [c.name, c.facts, c.decisions.map((d) => `${d.action} ${d.rule}`), c.notEvaluable, c.covers.map(goalText)])).toEqual([
      ['R-1 fires', { wbc: '2.4 10*9/L', tpmt: 'normal' }, ['stop R-1'], [], ['R-1 fires', 'R-1: wbc < 2.5 10*9/L → true']],
      ['R-1 not evaluable', { tpmt: 'normal' }, [], ['R-1'], ['R-1 not evaluable']],
      ['R-2 fires', { tpmt: 'low' }, ['contraindicate R-2'], [], ['R-2 fires', 'R-1: tpmt = normal → false', 'R-2: tpmt in { low, absent } → true']],
      ['R-2 not evaluable', {}, [], ['R-2'], ['R-2 not evaluable']],
    ]);
    // Each patient gives its goal.
    for (const c of s.cases) {
      const r = engine.evaluate(c.facts, { now: NOW, trace: true });
      if (c.goal.kind === 'condition') expect(r.atoms![c.goal.atom]).toBe(c.goal.want === 'true' ? 1 : 0);
      else expect(ruleOutcomes(r).outcome(c.goal.rule)).toBe(c.goal.outcome);
    }
    expect(atoms.map((a) => a.text)).toHaveLength(3);
  });

  it('gives a firing rule the facts its dose reads, at a typical value, and never repeats a patient', () => {
    const dosed = `ruleset t version "1"
facts {
  tpmt: enum { normal, intermediate, low, absent }
  wbc: quantity 10*9/L
  weight: quantity kg
}
rule D-1 "Standard dose" source "s" when tpmt = normal then dose azathioprine 2 mg/kg/d * weight because "m"
rule D-2 "Leucopenia" source "s" when wbc < 3.5 10*9/L then stop azathioprine because "m"
`;
    const p = checkText(dosed, '/memory/d.vigil').ir!;
    const e = instantiateEngine(p);
    const values = new CaseValues();
    values.record(e.validateFacts({ tpmt: 'intermediate', wbc: '6 10*9/L', weight: '70 kg' }).ok && (e.validateFacts({ tpmt: 'intermediate', wbc: '6 10*9/L', weight: '70 kg' }) as { facts: unknown }).facts);
    const s = suggestCases(p, e, { true: new Set(), false: new Set([0, 1]), rules: new Map(), patients: values.patients }, NOW, { plausible: plausibleValues(p, values) });
    const fires = s.cases.find((c) => c.name === 'D-1 fires')!;
    // Without weight the dose cannot be worked out and D-1 would be not evaluable.
    expect(fires.facts).toEqual({ tpmt: 'normal', weight: '70 kg' });
    expect(fires.decisions.map((d) => d.rule)).toContain('D-1');
    expect(fires.unguided).toBeUndefined();
    const keys = s.cases.map((c) => canonicalPatient((e.validateFacts(c.facts) as { facts: unknown }).facts));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain([...values.patients][0]);
    // No value to go by: the weight is flagged for the author.
    const bare = suggestCases(p, e, { true: new Set(), false: new Set(), rules: new Map() }, NOW, { plausible: plausibleValues(p, undefined) });
    expect(bare.cases.find((c) => c.name === 'D-1 fires')!.unguided).toEqual(['weight']);
  });

  it("takes a value inside the fact's declared range, near its middle, when nothing else says what is typical", () => {
    const ranged = `ruleset t version "1"
facts {
  tpmt: enum { normal, low }
  weight: quantity kg range 30 kg to 150 kg
}
rule D-1 "Standard dose" source "s" when tpmt = normal then dose azathioprine 2 mg/kg/d * weight because "m"
`;
    const p = checkText(ranged, '/memory/r.vigil').ir!;
    const e = instantiateEngine(p);
    const s = suggestCases(p, e, { true: new Set(), false: new Set(), rules: new Map() }, NOW, { plausible: plausibleValues(p, undefined) });
    const fires = s.cases.find((c) => c.name === 'D-1 fires')!;
    expect(fires.facts).toEqual({ tpmt: 'normal', weight: '70 kg' });
    expect(fires.unguided).toBeUndefined();
  });

  it('reports an outcome no patient can give, with why', () => {
    const always = `ruleset t version "1"
facts { tpmt: enum { normal, low } }
rule R-1 "Any TPMT" source "s" when tpmt in { normal, low } then order cbc because "m"
`;
    const p = checkText(always, '/memory/a.vigil').ir!;
    const s = suggestCases(p, instantiateEngine(p), { true: new Set([0]), false: new Set(), rules: new Map([['R-1', new Set(['fired', 'unknown'] as const)]]) }, NOW);
    expect(s.cases).toEqual([]);
    expect(s.unreached).toEqual([
      { kind: 'rule', rule: 'R-1', outcome: 'quiet', reason: expect.stringMatching(/^no patient can keep it from firing/) as unknown },
      { kind: 'condition', atom: 0, text: 'tpmt in { normal, low }', want: 'false', rule: 'R-1', reason: expect.stringMatching(/^no patient can make it false/) as unknown },
    ]);
  });
});

describe('runTests with suggest', () => {
  it('writes the cases to <set>/tests/suggested.cases.yaml, and with them rule and branch coverage reach 100 %', async () => {
    const root = demoCopy();
    const before = await runTests({ paths: [root], coverage: true, now: NOW });
    expect([before.coverage!.totals.rulePercent, before.coverage!.totals.branchPercent]).toEqual([85.7, 87.5]);

    const report = await runTests({ paths: [root], suggest: true, now: NOW, cwd: root });
    expect(report.ok).toBe(true);
    expect(report.suggestions).toEqual([
      {
        ruleSet: 'demo',
        file: 'demo/tests/suggested.cases.yaml',
        cases: [
          { name: 'DEMO-WBC-01 not evaluable', rule: 'DEMO-WBC-01', outcome: 'unknown', covers: ['DEMO-WBC-01 not evaluable', 'DEMO-XO-01 not evaluable', 'DEMO-MON-01 not evaluable'] },
          { name: 'DEMO-LFT-01 fires', rule: 'DEMO-LFT-01', outcome: 'fired', covers: ['DEMO-LFT-01 fires', 'DEMO-LFT-01: alt > 3 x uln → true'] },
          { name: 'DEMO-LFT-01: pregnant → true', rule: 'DEMO-LFT-01', condition: 'pregnant', want: 'true', covers: ['DEMO-LFT-01: pregnant → true'] },
        ],
        added: 3,
        // `tpmt is missing` is decided for every patient.
        unreached: [{ rule: 'DEMO-TPMT-03', outcome: 'unknown', reason: expect.stringMatching(/^no patient can leave it unknown/) as unknown }],
      },
    ]);
    const file = join(root, 'demo', 'tests', 'suggested.cases.yaml');
    const written = parse(readFileSync(file, 'utf8')) as { as_of: string; cases: { name: string; facts: Record<string, unknown>; expect: Record<string, unknown> }[] };
    expect(written.as_of).toBe('2026-03-01');
    // The ULN is the one the cases use (40 U/L), not 1 U/L; alt is next to the threshold.
    expect(written.cases[1]).toEqual({
      name: 'DEMO-LFT-01 fires',
      facts: { alt: '130 U/L', alt_uln: '40 U/L', pregnant: false },
      expect: {
        decisions_exactly: [
          { rule: 'DEMO-LFT-01', action: 'stop', target: 'azathioprine' },
          { rule: 'DEMO-TPMT-03', action: 'order', target: 'tpmt' },
        ],
      },
    });
    expect(readFileSync(file, 'utf8')).toMatch(/^# Cases suggested by `vigil test --suggest`/);

    // The suggested cases run, pass, and close both gaps.
    const after = await runTests({ paths: [root], coverage: true, now: NOW });
    expect(after.ok).toBe(true);
    expect(allCases(after).filter((c) => c.file.endsWith('suggested.cases.yaml')).map((c) => c.status)).toEqual(['passed', 'passed', 'passed']);
    expect([after.coverage!.totals.rulePercent, after.coverage!.totals.branchPercent]).toEqual([100, 100]);
    // Every rule fired, stayed quiet and was not evaluable (but the one that cannot be).
    for (const r of after.coverage!.ruleSets[0]!.rules) {
      expect([r.rule, r.fired > 0, r.notFired > 0, r.notEvaluable > 0 || r.rule === 'DEMO-TPMT-03']).toEqual([r.rule, true, true, true]);
    }

    // Nothing more to suggest; the file is left as it is.
    const again = await runTests({ paths: [root], suggest: true, now: NOW, cwd: root });
    expect(again.suggestions![0]).toMatchObject({ cases: [], added: 0 });
    expect(renderText(again, { cwd: root })).toContain('none: the cases give every rule outcome and every condition outcome a patient can give');
  });

  it('text and JSON reports say what was added and where', async () => {
    const root = demoCopy();
    const report = await runTests({ paths: [root], suggest: true, now: NOW, cwd: root });
    const text = renderText(report, { cwd: root });
    expect(text).toContain('Suggested cases for demo\n  3 added to demo/tests/suggested.cases.yaml; review each before keeping it\n  + DEMO-WBC-01 not evaluable\n');
    expect(text).toContain('  outcomes with no case:\n    DEMO-TPMT-03 is not evaluable (no patient can leave it unknown');
    expect((JSON.parse(renderJson(report, root)) as { suggestions: unknown[] }).suggestions).toHaveLength(1);
  });

  it('writes to the file given, appending to it and keeping its comments', async () => {
    const root = demoCopy({ 'demo/tests/mine.cases.yaml': '# my notes\nas_of: 2026-03-01\ncases:\n  - name: "DEMO-LFT-01: pregnant → true"\n    facts: { tpmt: normal }\n    expect: { decisions: [] }\n' });
    const report = await runTests({ paths: [root], suggest: 'demo/tests/mine.cases.yaml', now: NOW, cwd: root });
    // The file's own case (no white cell count) already leaves DEMO-WBC-01 unknown; its name is taken.
    expect(report.suggestions![0]).toMatchObject({ file: 'demo/tests/mine.cases.yaml', added: 1 });
    const text = readFileSync(join(root, 'demo', 'tests', 'mine.cases.yaml'), 'utf8');
    expect(text.startsWith('# my notes\n')).toBe(true);
    expect((parse(text) as { cases: { name: string }[] }).cases.map((c) => c.name)).toEqual(['DEMO-LFT-01: pregnant → true', 'DEMO-LFT-01 fires']);
    expect(readdirSync(join(root, 'demo', 'tests'))).not.toContain('suggested.cases.yaml');
  });

  it('gives appended cases their own as_of when the file has another', () => {
    const goal = { kind: 'condition', atom: 0, text: 't', want: 'true' } as const;
    const out = addSuggestedCases('as_of: 2025-01-01\ncases: []\n', [{ name: 'n', goal, covers: [goal], facts: { a: 1 }, decisions: [], notEvaluable: [] }], NOW);
    expect('text' in out && parse(out.text)).toEqual({ as_of: '2025-01-01', cases: [{ name: 'n', as_of: '2026-03-01', facts: { a: 1 }, expect: { decisions_exactly: [] } }] });
    expect(addSuggestedCases('cases: {}\n', [], NOW)).toEqual({ error: "its 'cases' is not a list" });
    expect(addSuggestedCases('cases: [\n', [], NOW)).toMatchObject({ error: expect.stringMatching(/^it is not valid YAML/) as unknown });
  });

  it('refuses a filter, and one file for several rule sets', async () => {
    const root = demoCopy();
    await expect(runTests({ paths: [root], suggest: true, filter: 'TPMT' })).rejects.toThrow(HarnessUsageError);
    const two = tempTree({
      'a/demo.vigil': DEMO_RULES,
      'a/tests/shared.facts.yaml': DEMO_SHARED,
      'a/tests/basic.cases.yaml': BASIC,
      'b/demo.vigil': DEMO_RULES,
      'b/tests/shared.facts.yaml': DEMO_SHARED,
      'b/tests/basic.cases.yaml': BASIC,
    });
    await expect(runTests({ paths: [two], suggest: 'x.cases.yaml', now: NOW, cwd: two })).rejects.toThrow(/names one file, but the fixtures belong to 2 rule sets/);
    const each = await runTests({ paths: [two], suggest: true, now: NOW, cwd: two });
    expect(each.suggestions!.map((s) => [s.file, s.added])).toEqual([
      ['a/tests/suggested.cases.yaml', 3],
      ['b/tests/suggested.cases.yaml', 3],
    ]);
  });

  it('reports a file it cannot write', async () => {
    const root = demoCopy();
    writeFileSync(join(root, 'demo', 'tests', 'suggested.cases.yaml'), 'cases: 3\n');
    const report = await runTests({ paths: [root], suggest: true, now: NOW, cwd: root });
    expect(report.suggestions![0]!.error).toBe("cannot write demo/tests/suggested.cases.yaml: its 'cases' is not a list");
  });
});

describe('the suggested-cases example of docs/fixtures.md', () => {
  it('is the file --suggest writes for the example rule set, which then reaches 100 % rule and branch coverage', async () => {
    const dir = join(FIXTURES, 'trial');
    const root = tempTree({
      'trial/trial.vigil': readFileSync(join(dir, 'trial.vigil'), 'utf8'),
      'trial/tests/one.cases.yaml': readFileSync(join(dir, 'tests', 'one.cases.yaml'), 'utf8'),
    });
    const before = await runTests({ paths: [root], coverage: true, now: new Date('2026-11-22T00:00:00Z') });
    expect([before.coverage!.totals.rulePercent, before.coverage!.totals.branchPercent]).toEqual([33.3, 50]);
    await runTests({ paths: [root], suggest: true, now: new Date('2026-11-22T00:00:00Z'), cwd: root });
    const written = readFileSync(join(root, 'trial', 'tests', 'suggested.cases.yaml'), 'utf8');
    const docs = readFileSync(join(FIXTURES, '..', '..', 'docs', 'fixtures.md'), 'utf8');
    const shown = /```yaml\n(# Cases suggested by[\s\S]*?)```/.exec(docs)?.[1];
    expect(shown, 'fixtures.md shows the suggested file').toBeDefined();
    expect(written).toBe(shown);
    const after = await runTests({ paths: [root], coverage: true, now: new Date('2026-11-22T00:00:00Z') });
    expect([after.ok, after.coverage!.totals.rulePercent, after.coverage!.totals.branchPercent]).toEqual([true, 100, 100]);
  });
});

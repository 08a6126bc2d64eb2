// A pharmacogenomic dosing table revised twice, each revision adding a fact: the rows a
// reviewer reads at each step, the summary counts and the semver verdict.
import { describe, expect, it } from 'vitest';
import { diffRuleSets, renderMarkdown, sideFromTexts, type DiffResult } from '../src/index.js';
import { NOW } from './helpers.js';

const V1 = `ruleset pgx version "1.0.0"

facts {
  tpmt: enum { normal, intermediate, poor } "TPMT phenotype"
  weight: quantity kg
}

rule PGX-01 "Normal TPMT" source "cpic" strength strong
  when tpmt = normal
  then dose azathioprine 2 mg/kg/d
  because "standard dose"

rule PGX-02 "Intermediate TPMT" source "cpic" strength strong
  when tpmt = intermediate
  then dose azathioprine 30% to 70% of standard
  because "reduced dose"

rule PGX-03 "Poor TPMT" source "cpic" strength strong
  when tpmt = poor
  then contraindicate azathioprine
  because "life-threatening myelosuppression"
`;

/** Revision 2: NUDT15 genotyping joins the table, and the intermediate range widens to 80 %. */
const V2 =
  V1.replace('version "1.0.0"', 'version "2.0.0"')
    .replace('30% to 70%', '30% to 80%')
    .replace('  weight: quantity kg', '  nudt15: enum { normal, intermediate, poor } "NUDT15 phenotype"\n  weight: quantity kg') +
  `
rule PGX-05 "Poor NUDT15" source "cpic" strength strong
  overrides PGX-01, PGX-02
  when nudt15 = poor
  then contraindicate azathioprine
  because "life-threatening myelosuppression"

rule PGX-06 "Intermediate NUDT15" source "cpic" strength moderate
  when nudt15 = intermediate
  then dose azathioprine 30% to 80% of standard
  because "reduced dose"
`;

/** Revision 3: age joins, with a lower starting dose for young children. */
const V3 =
  V2.replace('version "2.0.0"', 'version "2.1.0"').replace('  weight: quantity kg', '  weight: quantity kg\n  age: quantity a "Age in years"') +
  `
rule PGX-07 "Young child, normal TPMT" source "cpic" strength moderate
  overrides PGX-01
  when tpmt = normal and age < 6 a
  then dose azathioprine 1 mg/kg/d
  because "lower starting dose in young children"
`;

const CASES = `as_of: 2026-01-15
cases:
  - name: intermediate TPMT
    facts: { tpmt: intermediate }
  - name: normal TPMT
    facts: { tpmt: normal, weight: "70 kg" }
  - name: poor NUDT15
    facts: { tpmt: normal, nudt15: poor }
`;

function version(label: string, text: string) {
  const s = sideFromTexts(label, new Map([['/pgx/pgx.vigil', text]]), new Map([['/pgx/tests/pgx.cases.yaml', CASES]]));
  if (!s.check.ir) throw new Error(s.check.diagnostics.map((d) => d.message).join('; '));
  return s;
}

const step = (a: [string, string], b: [string, string]): DiffResult => diffRuleSets(version(...a), version(...b), { now: NOW });
const rows = (r: DiffResult) => r.space!.regions.map((g) => `${g.kind} | ${g.description} | ${g.change}${g.unlessFires.length > 0 ? ` | unless ${g.unlessFires.join(', ')}` : ''}`);

describe('a dosing table revised twice, adding a fact each time', () => {
  it('revision 2 (NUDT15 added, 70 % → 80 %): the widened range is a row of its own, the new fact a declared change', () => {
    const r = step(['v1', V1], ['v2', V2]);
    expect(r.factSchema).toEqual([{ fact: 'nudt15', change: 'added', after: 'enum { normal, intermediate, poor }' }]);
    expect(rows(r)).toEqual([
      'changes | tpmt = intermediate, (nudt15 is missing or nudt15 in { intermediate, normal }) (other facts as any) | changes from `dose azathioprine 30% to 70% of standard` to `dose azathioprine 30% to 80% of standard`',
      'changes | tpmt = intermediate, nudt15 = poor (other facts as any) | changes from `dose azathioprine 30% to 70% of standard` to `contraindicate azathioprine`',
      'changes | tpmt = normal, nudt15 = poor (other facts as any) | changes from `dose azathioprine 2 mg/kg/d` to `contraindicate azathioprine`',
      'gains | (tpmt is missing or tpmt in { normal, poor }), nudt15 = intermediate (other facts as any) | gains `dose azathioprine 30% to 80% of standard`',
      'gains | tpmt is missing, nudt15 = poor (other facts as any) | gains `contraindicate azathioprine`',
      'evaluability | (tpmt is missing or tpmt in { normal, poor }), nudt15 is missing (other facts as any) | PGX-05: not in the rule set → not evaluable (needs nudt15); PGX-06: not in the rule set → not evaluable (needs nudt15)',
      'evaluability | tpmt = poor, nudt15 = poor (other facts as any) | PGX-05: not in the rule set → fires',
    ]);
    // No row says the old version refused a patient for a fact it does not know.
    expect(JSON.stringify(r.space)).not.toContain('unknown fact');
    expect(r.space!.notes).toContain('nudt15 is not known to the old version: compared as missing for it');
    expect(r.summary).toMatchObject({ regionsChanging: 3, regionsGaining: 2, regionsLosing: 0, regionsEvaluabilityOnly: 2, regionsUndescribable: 0, declarationsChanged: 4 });
    // The fixture case with NUDT15 is run on the old version without it: a decision change, not a rejection.
    expect(r.fixtures!.changed.map((c) => [c.case, c.kind, c.gained, c.lost, c.before ?? null])).toEqual([
      ['intermediate TPMT', 'decisions', ['dose azathioprine 30% to 80% of standard (PGX-02)', 'PGX-05 not evaluable (missing nudt15)', 'PGX-06 not evaluable (missing nudt15)'], ['dose azathioprine 30% to 70% of standard (PGX-02)'], null],
      ['normal TPMT', 'evaluability', ['PGX-05 not evaluable (missing nudt15)', 'PGX-06 not evaluable (missing nudt15)'], [], null],
      ['poor NUDT15', 'decisions', ['contraindicate azathioprine (PGX-05)', 'PGX-01 overridden by PGX-05'], ['dose azathioprine 2 mg/kg/d (PGX-01)'], null],
    ]);
    expect(r.semver).toEqual({ level: 'major', reason: "the engine's facts changed: added nudt15", declared: { before: '1.0.0', after: '2.0.0' }, declaredSufficient: true });
  });

  it('revision 3 (age added, a dose for young children): one decision row, and the rest collapsed as evaluability', () => {
    const r = step(['v2', V2], ['v3', V3]);
    expect(r.factSchema).toEqual([{ fact: 'age', change: 'added', after: 'quantity a' }]);
    expect(rows(r)).toEqual([
      'changes | tpmt = normal, age < 6 a (other facts as any) | changes from `dose azathioprine 2 mg/kg/d` to `dose azathioprine 1 mg/kg/d` | unless PGX-05',
      'evaluability | tpmt = normal, age is missing (other facts as any) | PGX-07: not in the rule set → not evaluable (needs age)',
      'evaluability | tpmt is missing, age < 6 a (other facts as any) | PGX-07: not in the rule set → not evaluable (needs tpmt)',
      'evaluability | tpmt is missing, age is missing (other facts as any) | PGX-07: not in the rule set → not evaluable (needs age, tpmt)',
    ]);
    expect(r.space!.regions[0]!.witness.text).toBe('tpmt=normal, age=5.9 a');
    expect(r.summary).toMatchObject({ regionsChanging: 1, regionsGaining: 0, regionsLosing: 0, regionsEvaluabilityOnly: 3 });
    // 2.0.0 → 2.1.0 is a minor bump, a new fact asks for a major one.
    expect(r.semver).toMatchObject({ level: 'major', declaredSufficient: false });
    const md = renderMarkdown(r);
    expect(md).toContain('Declared version 2.0.0 → 2.1.0: **not enough for a major change**.');
  });

  it('the Markdown of revision 2 opens with the summary, then the declarations, then the patients', () => {
    const md = renderMarkdown(step(['v1', V1], ['v2', V2]));
    const firstScreen = md.split('\n').slice(0, 24).join('\n');
    expect(firstScreen).toContain('**Patients**: 5 regions decided differently: 3 changed, 2 gaining a decision, 0 losing one. Also 2 regions with the same decisions');
    expect(firstScreen).toContain('**Semver for engine consumers**: **major** (the engine\'s facts changed: added nudt15). Declared version 1.0.0 → 2.0.0: enough.');
    expect(firstScreen).toContain("- ➕ fact `nudt15` added: enum { normal, intermediate, poor } — not known to the old version: compared as missing for it");
    expect(md.indexOf('### Declarations')).toBeLessThan(md.indexOf('### Patients decided differently'));
    expect(md).toMatch(/\| tpmt = intermediate, \(nudt15 is missing or nudt15 in \{ intermediate, normal \}\) \(other facts as any\) \| changes from `dose azathioprine 30% to 70% of standard` to `dose azathioprine 30% to 80% of standard` \|/);
    expect(md).not.toContain('no decision');
    expect(md).toContain('<summary>2 regions with the same decisions where only evaluability changed');
  });

  it('versions 1 → 3 at once: both facts declared, both real changes found', () => {
    const r = step(['v1', V1], ['v3', V3]);
    expect(r.factSchema.map((f) => `${f.change} ${f.fact}`)).toEqual(['added age', 'added nudt15']);
    expect(rows(r).filter((x) => x.startsWith('changes'))).toContain(
      'changes | tpmt = intermediate, (nudt15 is missing or nudt15 in { intermediate, normal }) (other facts as any) | changes from `dose azathioprine 30% to 70% of standard` to `dose azathioprine 30% to 80% of standard`',
    );
    expect(rows(r).some((x) => x.includes('to `dose azathioprine 1 mg/kg/d`'))).toBe(true);
  });
});

describe('plausible witnesses', () => {
  const facts = (range: string) => `ruleset w version "1"\nfacts {\n  wbc: quantity 10*9/L\n  weight: quantity kg${range}\n}\n`;
  const rule = (t: string) => `rule R-1 "Low count" source "s" when wbc < ${t} 10*9/L and weight is present then caution azathioprine because "m"\n`;
  const witness = (range: string) => {
    const side = (label: string, text: string) => sideFromTexts(label, new Map([['/w/w.vigil', text]]));
    const r = diffRuleSets(side('old', facts(range) + rule('2.5')), side('new', facts(range) + rule('3')), { now: NOW });
    return r.space!.regions.filter((g) => g.kind === 'gains').map((g) => g.witness.text);
  };

  it('chooses a weight inside the declared range, not 1 kg', () => {
    expect(witness(' range 0.3 kg to 400 kg')).toEqual(['wbc=2.5 10*9/L, weight=10 kg']);
    expect(witness('')).toEqual(['wbc=2.5 10*9/L, weight=1 kg']);
  });
});

describe('a fact retyped', () => {
  it('an enum value added: a declared breaking change, and its patients apart as ones only the new version describes', () => {
    const f = (vals: string) => `ruleset u version "1.0.0"\nfacts {\n  tpmt: enum { ${vals} }\n}\n`;
    const side = (l: string, t: string) => sideFromTexts(l, new Map([['/u/u.vigil', t]]));
    const r = diffRuleSets(
      side('old', f('normal, low') + 'rule R-1 "low" source "s" when tpmt = low then contraindicate azathioprine\n'),
      side('new', f('normal, low, absent') + 'rule R-1 "low" source "s" when tpmt in { low, absent } then contraindicate azathioprine\n'),
      { now: NOW },
    );
    expect(r.factSchema).toEqual([{ fact: 'tpmt', change: 'retyped', before: 'enum { normal, low }', after: 'enum { normal, low, absent }' }]);
    expect(r.semver).toMatchObject({ level: 'major', reason: "the engine's facts changed: retyped tpmt", declaredSufficient: false });
    expect(rows(r)).toEqual(['undescribable | tpmt = absent (other facts as any) | the old version does not accept the patient (tpmt: "absent" is not one of: normal, low)']);
    expect(r.summary).toMatchObject({ regionsUndescribable: 1, regionsChanging: 0, regionsGaining: 0 });
  });
});

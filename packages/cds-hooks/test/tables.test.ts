// A decision table's rows in CDS Hooks cards: the bundled azathioprine_pgx rule set, whose
// rows are rules, gives cards like any rule's, each citing its row's own source.
import { describe, expect, it } from 'vitest';
import { checkFiles, collectRuleFiles } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { cardsFor, DEFAULT_OVERRIDE_REASONS } from '../src/index.js';
import { ROOT } from './support.js';

const { files } = collectRuleFiles(['rules/azathioprine-pgx'], ROOT);
const check = checkFiles(files);
const engine = instantiateEngine(check.ir!);
const cards = (facts: Record<string, unknown>) =>
  cardsFor(engine.evaluate(facts), { serviceId: 'pgx', rulesetLabel: 'azathioprine_pgx 1.0.0', patientId: 'p', facts, from: {}, missing: {}, overrideReasons: DEFAULT_OVERRIDE_REASONS });

describe('decision-table rows as CDS Hooks cards', () => {
  it('TPMT poor: a critical card from row 1, citing the seed', () => {
    const [c] = cards({ tpmt: 'poor', nudt15: 'normal', weight: '70 kg' });
    expect(c).toMatchObject({ indicator: 'critical' });
    expect(JSON.stringify(c)).toContain('002_905f97d69bf3a083.txt');
    expect(JSON.stringify(c)).toContain('AZA-PGX.row1');
  });

  it('NUDT15 intermediate: the dose card from row 5, citing CPIC', () => {
    const [c] = cards({ tpmt: 'normal', nudt15: 'intermediate', weight: '70 kg' });
    expect(c!.summary).toMatch(/^Dose azathioprine 42 to 112 mg\/d/);
    expect(JSON.stringify(c)).toContain('Relling et al., Clin Pharmacol Ther 2019;105:1095-1105');
  });
});

// Explanations: the atoms that made a fired rule's condition true, quoted with the
// patient's values, through definitions; and none on the fast path when not wanted.
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { instantiateEngine } from '../load.js';

const TEXT = `ruleset aza version "1.0.0"
facts {
  tpmt: enum { normal, intermediate, low, absent } "TPMT phenotype"
  wbc: quantity 10*9/L "White cell count"
  platelets: quantity 10*9/L
  alt: quantity U/L baseline uln
  medications: set of code
  pregnant: boolean
  last_dose: datetime
  weight: quantity kg
  name: text
}
valueset xanthine_oxidase_inhibitors "XOI" {
  allopurinol rxnorm "519",
  febuxostat rxnorm "73689"
}
define cytopenia "Pre-treatment cytopenia" =
  wbc < 2.5 10*9/L or platelets < 50 10*9/L
rule AZA-1 "Absent TPMT" source "s" strength strong
  when tpmt in { low, absent }
  then contraindicate azathioprine because "pancytopenia"
rule AZA-2 "Cytopenia" source "s"
  when cytopenia and not pregnant
  then caution azathioprine
rule AZA-3 "XOI" source "s"
  when medications includes xanthine_oxidase_inhibitors and last_dose more than 2 d ago
  then dose azathioprine 25% of standard
rule AZA-4 "Liver" source "s"
  when alt >= 5 x baseline or alt > 3 x uln
  then stop azathioprine permanently
rule AZA-5 "Weight" source "s"
  when weight * 2 mg/kg >= 150 mg and name = "x"
  then advise because "check"
`;

const r = checkText(TEXT, '/memory/explain.vigil', { readFile: () => undefined });
const e = instantiateEngine(r.ir!);
const NOW = '2024-03-10T12:00:00Z';

function explanation(rule: string, input: Record<string, unknown>): string[] {
  const d = e.evaluate(input, { now: NOW }).decisions.find((x) => x.rule === rule);
  if (!d) throw new Error(`${rule} did not fire`);
  return d.explanation.map((x) => x.text);
}

describe('explanations', () => {
  it('has no compile errors', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('quotes enum membership', () => {
    expect(explanation('AZA-1', { tpmt: 'absent' })).toEqual(['tpmt = absent, in { low, absent }']);
  });

  it('lists the true branches of an or, through definitions, and the false atom under not', () => {
    expect(explanation('AZA-2', { wbc: '2100 /uL', platelets: 200, pregnant: false })).toEqual(['wbc 2.1 10*9/L < 2.5 10*9/L', 'pregnant = false']);
    expect(explanation('AZA-2', { wbc: 2.1, platelets: 20, pregnant: false })).toEqual(['wbc 2.1 10*9/L < 2.5 10*9/L', 'platelets 20 10*9/L < 50 10*9/L', 'pregnant = false']);
  });

  it('names the matched term of a set and the elapsed time', () => {
    expect(explanation('AZA-3', { medications: ['mercaptopurine', 'allopurinol'], last_dose: '2024-03-07T00:00:00Z' })).toEqual([
      'medications includes allopurinol',
      'last_dose 3.5 d ago, more than 2 d',
    ]);
    expect(explanation('AZA-3', { medications: ['RXNORM:73689'], last_dose: '2024-03-01' })[0]).toBe('medications includes febuxostat (rxnorm:73689)');
  });

  it('shows baseline and ULN multiples with their computed values, without float noise', () => {
    expect(explanation('AZA-4', { alt: 250, alt_baseline: 40, alt_uln: 100 })).toEqual(['alt 250 U/L >= 5 x baseline (5 x 40 U/L = 200 U/L)']);
    expect(explanation('AZA-4', { alt: 99.9, alt_baseline: 33.3, alt_uln: 10 })).toEqual([
      'alt 99.9 U/L > 3 x uln (3 x 10 U/L = 30 U/L)',
    ]);
    expect(explanation('AZA-4', { alt: 166.5, alt_baseline: 33.3 })).toEqual(['alt 166.5 U/L >= 5 x baseline (5 x 33.3 U/L = 166.5 U/L)']);
  });

  it('quotes arithmetic and text comparisons', () => {
    // The product is shown in the unit the front end gives it.
    const unit = (r.ir!.rules[4]!.when as unknown as { args: { left: { unit: string } }[] }).args[0]!.left.unit;
    expect(explanation('AZA-5', { weight: 75, name: 'x' })).toEqual([`weight x 2 mg/kg (75 kg x 2 mg/kg = 150 ${unit}) >= 150 ${unit}`, 'name = "x"']);
  });

  it('is left out with { explain: false }, and each item names its atom', () => {
    const res = e.evaluate({ tpmt: 'low' }, { now: NOW, explain: false });
    expect(res.decisions[0]!.explanation).toEqual([]);
    const full = e.evaluate({ tpmt: 'low' }, { now: NOW });
    const atom = full.decisions[0]!.explanation[0]!.atom;
    expect(atom).toBe(2);
  });
});

describe('atoms that are false', () => {
  // Under `not`, the atoms that decide a firing rule are false ones: each is quoted with the
  // relation that holds, never as the false statement.
  const NOT = `ruleset n version "1"
facts {
  wbc: quantity 10*9/L
  tpmt: enum { normal, low }
  last_dose: datetime
}
rule N-1 "x" source "s" when not (wbc < 2 10*9/L) then caution azathioprine
rule N-2 "y" source "s" when not (tpmt = low) then caution mercaptopurine
rule N-3 "z" source "s" when not (last_dose more than 2 d ago) then caution thioguanine
`;
  const engine = instantiateEngine(checkText(NOT, '/memory/not.vigil', { readFile: () => undefined }).ir!);
  const texts = (input: Record<string, unknown>) =>
    Object.fromEntries(engine.evaluate(input, { now: NOW }).decisions.map((d) => [d.rule, d.explanation.map((x) => x.text)]));

  it('are quoted with the negated operator or phrase', () => {
    expect(texts({ wbc: '5 10*9/L', tpmt: 'normal', last_dose: '2024-03-09T12:00:00Z' })).toEqual({
      'N-1': ['wbc 5 10*9/L >= 2 10*9/L'],
      'N-2': ['tpmt = normal, != low'],
      'N-3': ['last_dose 1 d ago, not more than 2 d'],
    });
  });
});

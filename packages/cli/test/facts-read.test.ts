import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles } from '@vigil/core';
import { pruneBindings, validateBindings } from '@vigil/fhir';
import { factsRead } from '../src/fhir/facts-read.js';
import { tempTree } from './helpers.js';

const RULES = `ruleset demo version "1.0.0"

facts {
  tpmt: enum { normal, low } "TPMT"
  wbc: quantity 10*9/L "WBC"
  weight: quantity kg "Weight"
  platelets: quantity 10*9/L "Platelets"
}

define cytopenia "Low counts" = wbc < 3.5 10*9/L

rule R1 "Low TPMT"
  source "a.txt"
  when tpmt = low and cytopenia
  then dose azathioprine 1 mg/kg/d * weight
`;

describe('factsRead', () => {
  it('finds the facts rules read through conditions, definitions and doses, and prunes the others from the bindings', () => {
    const dir = tempTree({ 'demo.vigil': RULES });
    const check = checkFiles([join(dir, 'demo.vigil')]);
    expect(check.ir, JSON.stringify(check.diagnostics.filter((d) => d.severity === 'error'))).toBeDefined();
    const read = factsRead(check.ir!);
    expect([...read].sort()).toEqual(['tpmt', 'wbc', 'weight']);
    const facts = [
      { name: 'wbc', type: { kind: 'quantity', unit: '10*9/L' }, uln: false, acceptedUnits: ['10*9/L'] },
      { name: 'platelets', type: { kind: 'quantity', unit: '10*9/L' }, uln: false, acceptedUnits: ['10*9/L'] },
    ];
    const b = validateBindings({ version: 1, facts: { wbc: { observation: { codes: ['loinc:6690-2'] } }, platelets: { observation: { codes: ['loinc:777-3'] } } } }, facts);
    if (!b.ok) throw new Error('bindings');
    expect(Object.keys(pruneBindings(b.bindings, read).facts)).toEqual(['wbc']);
  });
});

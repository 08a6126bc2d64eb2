// Single-action overrides (`overrides dose of G`) on DuckDB and PostgreSQL: the suppressed
// actions leave the decisions, the rule's other actions stand, and the result reports each
// suppressed action under `overridden` as the JS engine does, after the whole-rule entries;
// an overrider that is not evaluable suppresses nothing, and a rule overridden whole is
// reported once, as whole. Every record equals the JS engine's, in both query forms.
import { describe, expect, it } from 'vitest';
import { checkText } from '@vigil/core';
import { compileQuery, compileSummaryQuery, DUCKDB, POSTGRES, type SqlDatabase } from '../src/index.js';
import { differences } from './support/agree.js';
import { onEachEngine } from './support/engines.js';

const RULES = `ruleset t version "1"
facts {
  tpmt: enum { normal, intermediate, low }
  xo: boolean
  pregnant: boolean
  aih: boolean
  weight: quantity kg range 0.3 kg to 400 kg
}
groups {
  aza_use "Rules that dose or recommend azathioprine"
}
rule DOSE "normal TPMT" source "s" group aza_use
  when tpmt = normal
  then dose azathioprine 2 mg/kg/d * weight
  then monitor cbc every 1 wk
rule AIH "autoimmune hepatitis" source "s" group aza_use
  when aih
  then dose prednisone 10 mg/d to 30 mg/d
  then dose azathioprine 50 mg/d
rule REC "recommend" source "s" group aza_use
  when tpmt = normal
  then recommend azathioprine
rule LOW "absent TPMT" source "s"
  overrides aza_use
  when tpmt = low
  then contraindicate azathioprine
rule XO "xanthine oxidase inhibitor" source "s"
  overrides dose azathioprine, recommend azathioprine of aza_use
  when xo
  then contraindicate azathioprine
rule PREG "pregnancy" source "s"
  overrides dose of aza_use except AIH
  when pregnant and not aih
  then caution azathioprine
rule BIG "heavy" source "s"
  overrides DOSE
  when weight > 60 kg
  then advise because "h"
`;
const ir = checkText(RULES, '/m/t.vigil').ir!;

function patients(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const tpmt of [undefined, 'normal', 'intermediate', 'low'])
    for (const xo of [undefined, true, false])
      for (const pregnant of [undefined, true, false])
        for (const aih of [undefined, true, false])
          for (const weight of [undefined, 50, 70]) {
            const p: Record<string, unknown> = { tpmt, xo, pregnant, aih, weight };
            for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
            out.push(p);
          }
  return out;
}

async function agrees(db: SqlDatabase): Promise<void> {
  const { differences: diff, js } = await differences(db, ir, patients(), '2026-01-01T00:00:00Z');
  expect(diff.slice(0, 3)).toEqual([]);
  // Not vacuous: single actions suppressed, by two rules at once, next to a whole-rule override.
  expect(js.some((r) => r.includes('"by":"XO","actions":[{"index":0,"action":"dose","targets":["azathioprine"]}]'))).toBe(true);
  expect(js.some((r) => r.includes('"by":"XO","actions"') && r.includes('"by":"PREG","actions"'))).toBe(true);
  expect(js.some((r) => r.includes('"overridden":[{"rule":"REC","by":"XO"},{"rule":"DOSE","by":"XO","actions"'))).toBe(true);
  expect(js.some((r) => r.includes('{"rule":"DOSE","by":"BIG"}') && r.includes('"by":"XO"') && !r.includes('"rule":"DOSE","by":"XO"'))).toBe(true);
  expect(js.some((r) => r.includes('"rule":"PREG","title":"pregnancy","missing":["aih"]'))).toBe(true);
}

describe('single-action overrides in the SQL back end', () => {
  it('compiles in both forms', () => {
    for (const dialect of [DUCKDB, POSTGRES]) for (const compile of [compileQuery, compileSummaryQuery]) expect(compile(ir, dialect).select).toContain('s4 = 1 AND s0 = 1 AND NOT o0');
  });

  onEachEngine({ 'reports the suppressed actions as the JS engine does': agrees });
});

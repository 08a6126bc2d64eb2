// Duration intervals in schedules (`every 1 to 2 wk for 3 to 6 mo`) and an excluded dose end
// (`to below`): one layout, and a round trip to the same AST.
import { describe, expect, test } from 'vitest';
import { format } from '../src/index.js';
import { parseShape } from './support.js';

function fmt(text: string): string {
  const out = format(text, '/t.vigil');
  if (out === undefined) throw new Error(`not formatted:\n${text}`);
  return out;
}

const messy = `rule R-1 "Monitor" source "s" when pregnant then monitor cbc every 1   to 2 wk for 3 to
 6 mo , then every 1 wk to 1 mo until 1 to 2 a,then every 3 mo
rule R-2 "Below" source "s" when injurious_dose > 50 mg/d then dose aza 50 mg/d to   below
  injurious_dose rounded to 25 mg/d
`;

const canonical = `rule R-1 "Monitor"
  source "s"
  when pregnant
  then monitor cbc every 1 to 2 wk for 3 to 6 mo, then every 1 wk to 1 mo until 1 to 2 a, then every 3 mo

rule R-2 "Below"
  source "s"
  when injurious_dose > 50 mg/d
  then dose aza 50 mg/d to below injurious_dose rounded to 25 mg/d
`;

describe('duration intervals and excluded dose ends', () => {
  test('one canonical layout', () => {
    expect(fmt(messy)).toBe(canonical);
  });
  test('formatting keeps the AST and is idempotent', () => {
    expect(parseShape(fmt(messy))).toEqual(parseShape(messy));
    expect(fmt(canonical)).toBe(canonical);
  });
});

describe('dose frequencies', () => {
  const messy = `rule R-3 "Cetirizine" source "s" when pregnant then dose cetirizine 10 mg   twice
   daily then dose mtx 50 mg three   times weekly then dose pred 1 mg to below 2 mg 3 times daily
`;
  const canonical = `rule R-3 "Cetirizine"
  source "s"
  when pregnant
  then dose cetirizine 10 mg twice daily
  then dose mtx 50 mg three times weekly
  then dose pred 1 mg to below 2 mg 3 times daily
`;
  test('one canonical layout, the same AST, idempotent', () => {
    expect(fmt(messy)).toBe(canonical);
    expect(parseShape(fmt(messy))).toEqual(parseShape(messy));
    expect(fmt(canonical)).toBe(canonical);
  });
});

describe('titration schedules', () => {
  const messy = `rule R-4 "Taper" source "s" when pregnant then dose pred start 30 mg/d ,decrease   by 5 mg/d
 every 1 wk to 10 mg/d then dose aza start 1 mg/kg/d * weight, increase  by 0.5 mg/kg/d *  weight every 4 wk to 2.5 mg/kg/d * weight
`;
  const canonical = `rule R-4 "Taper"
  source "s"
  when pregnant
  then dose pred start 30 mg/d, decrease by 5 mg/d every 1 wk to 10 mg/d
  then dose aza start 1 mg/kg/d * weight, increase by 0.5 mg/kg/d * weight every 4 wk to 2.5 mg/kg/d * weight
`;
  test('one canonical layout, the same AST, idempotent', () => {
    expect(fmt(messy)).toBe(canonical);
    expect(parseShape(fmt(messy))).toEqual(parseShape(messy));
    expect(fmt(canonical)).toBe(canonical);
  });
});

describe('anchored schedules', () => {
  const messy = `rule R-5 "Anchored" source "s" when pregnant then monitor cbc every 1 wk for 4 wk ,then every 1 mo   from
   last_dose
`;
  const canonical = `rule R-5 "Anchored"
  source "s"
  when pregnant
  then monitor cbc every 1 wk for 4 wk, then every 1 mo from last_dose
`;
  test('one canonical layout, the same AST, idempotent', () => {
    expect(fmt(messy)).toBe(canonical);
    expect(parseShape(fmt(messy))).toEqual(parseShape(messy));
    expect(fmt(canonical)).toBe(canonical);
  });
});

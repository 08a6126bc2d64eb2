// Rule groups, group and per-action overrides, and the header's strength vocabulary:
// one layout, and a round trip to the same AST.
import { describe, expect, test } from 'vitest';
import { format } from '../src/index.js';
import { parseShape } from './support.js';

function fmt(text: string): string {
  const out = format(text, '/t.vigil');
  if (out === undefined) throw new Error(`not formatted:\n${text}`);
  return out;
}

const messy = `ruleset pgx version "1" strengths {strong,moderate ,optional,}
groups{ dosing "Doses"   monitoring
 }
rule R-1 "Dose" group dosing,monitoring source "s" strength optional when tpmt = normal then dose azathioprine 50 mg/d then monitor cbc every 1 wk
rule R-2 "Stop" overrides dose   azathioprine,recommend of dosing except {R-3,R-4}, monitoring except R-3,R-9 source "s" when pregnant then contraindicate azathioprine
rule R-3 "Other" group dosing overrides advise against of dosing source "s" when pregnant then advise against azathioprine
`;

const canonical = `ruleset pgx version "1" strengths { strong, moderate, optional }

groups {
  dosing "Doses"
  monitoring
}

rule R-1 "Dose"
  source "s"
  strength optional
  group dosing, monitoring
  when tpmt = normal
  then dose azathioprine 50 mg/d
  then monitor cbc every 1 wk

rule R-2 "Stop"
  source "s"
  overrides dose azathioprine, recommend of dosing except { R-3, R-4 }, monitoring except R-3, R-9
  when pregnant
  then contraindicate azathioprine

rule R-3 "Other"
  source "s"
  group dosing
  overrides advise against of dosing
  when pregnant
  then advise against azathioprine
`;

describe('groups and strengths', () => {
  test('one canonical layout', () => {
    expect(fmt(messy)).toBe(canonical);
  });
  test('formatting keeps the AST and is idempotent', () => {
    expect(parseShape(fmt(messy))).toEqual(parseShape(messy));
    expect(fmt(canonical)).toBe(canonical);
  });
  test('the parsed overrides items', () => {
    const doc = parseShape(canonical) as { declarations: { kind: string; overrideItems?: unknown }[] };
    const r2 = doc.declarations.find((d) => d.kind === 'RuleDecl' && JSON.stringify(d).includes('"R-2"'))!;
    expect(r2.overrideItems).toEqual([
      {
        kind: 'OverrideItem',
        actions: [
          { kind: 'OverrideAction', verb: 'dose', target: { kind: 'Name', value: 'azathioprine' } },
          { kind: 'OverrideAction', verb: 'recommend', target: undefined },
        ],
        name: { kind: 'Name', value: 'dosing' },
        except: [{ kind: 'Name', value: 'R-3' }, { kind: 'Name', value: 'R-4' }],
      },
      { kind: 'OverrideItem', actions: [], name: { kind: 'Name', value: 'monitoring' }, except: [{ kind: 'Name', value: 'R-3' }] },
      { kind: 'OverrideItem', actions: [], name: { kind: 'Name', value: 'R-9' }, except: [] },
    ]);
  });
  test('a long overrides list wraps between items', () => {
    const text = `rule R-1 "x"\n  source "s"\n  overrides ${Array.from({ length: 8 }, (_, i) => `dose of group_number_${i}`).join(', ')}\n  then advise because "m"\n`;
    const out = fmt(text);
    expect(out.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(parseShape(out)).toEqual(parseShape(text));
  });
});

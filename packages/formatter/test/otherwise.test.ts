// `otherwise` clauses and `complete` groups: one layout, and a round trip to the same AST.
import { describe, expect, test } from 'vitest';
import { format } from '../src/index.js';
import { parseShape } from './support.js';

function fmt(text: string): string {
  const out = format(text, '/t.vigil');
  if (out === undefined) throw new Error(`not formatted:\n${text}`);
  return out;
}

const messy = `groups{ dosing   complete "Doses"  other complete
 }
rule R-1 "High" group dosing source "s" when wbc > 2 10*9/L then dose azathioprine 50 mg/d
rule R-2 "Rest" group dosing,other otherwise   in
  other source "s" when tpmt = normal then dose azathioprine 25 mg/d
rule R-3 "Fallback" otherwise group dosing source "s" then advise because "m"
`;

const canonical = `groups {
  dosing complete "Doses"
  other complete
}

rule R-1 "High"
  source "s"
  group dosing
  when wbc > 2 10*9/L
  then dose azathioprine 50 mg/d

rule R-2 "Rest"
  source "s"
  group dosing, other
  otherwise in other
  when tpmt = normal
  then dose azathioprine 25 mg/d

rule R-3 "Fallback"
  source "s"
  group dosing
  otherwise
  then advise because "m"
`;

describe('otherwise and complete groups', () => {
  test('one canonical layout', () => {
    expect(fmt(messy)).toBe(canonical);
  });
  test('formatting keeps the AST and is idempotent', () => {
    expect(parseShape(fmt(messy))).toEqual(parseShape(messy));
    expect(fmt(canonical)).toBe(canonical);
  });
  test('the parsed clause and groups', () => {
    const doc = parseShape(canonical) as { declarations: { kind: string; otherwise?: unknown; groups?: unknown }[] };
    const rules = doc.declarations.filter((d) => d.kind === 'RuleDecl');
    expect(rules.map((r) => r.otherwise)).toEqual([undefined, { kind: 'OtherwiseClause', group: { kind: 'Name', value: 'other' } }, { kind: 'OtherwiseClause', group: undefined }]);
    expect(doc.declarations[0]!.groups).toEqual([
      { kind: 'GroupDecl', name: { kind: 'Name', value: 'dosing' }, complete: true, title: { kind: 'StringLiteral', value: 'Doses' } },
      { kind: 'GroupDecl', name: { kind: 'Name', value: 'other' }, complete: true, title: undefined },
    ]);
  });
});

// Groups, group clauses, overrides items and the header's strengths: what a slip reads
// like, and that the parse goes on to the next clause or declaration.
import { describe, expect, it } from 'vitest';
import { parse } from './test-helpers.js';
import type { RuleDecl } from './ast.js';

const errors = (text: string) => parse(text).diagnostics.filter((d) => d.code === 'VGL1001').map((d) => [d.message, text.slice(d.range.start.offset, d.range.end.offset)]);
const rules = (text: string) => parse(text).document.declarations.filter((d): d is RuleDecl => d.kind === 'RuleDecl');

describe('recovery in groups and overrides', () => {
  it('a group clause without a name', () => {
    const text = 'rule R "t" group when a then stop b\nrule S "u" then stop c';
    expect(errors(text)).toEqual([["Expected a group name after 'group' but found 'when'", 'when']]);
    expect(rules(text).map((r) => r.id.value)).toEqual(['R', 'S']);
    expect(rules(text)[0]!.actions).toHaveLength(1);
  });
  it('an overrides item with actions but no group after `of`', () => {
    const text = 'rule R "t" overrides dose of when a then stop b';
    expect(errors(text)).toEqual([["Expected a rule id after 'of' (like AZA-PRE-02) or a group name but found 'when'", 'when']]);
    expect(rules(text)[0]!.when).toBeDefined();
  });
  it('an overrides item that names an action but forgets `of`', () => {
    expect(errors('rule R "t" overrides dose aza_use then stop b')[0]![0]).toBe("Expected 'of' after 'aza_use' but found 'then'");
  });
  it('a keyword that starts a clause is not a strength', () => {
    expect(errors('rule R "t" strength when a then stop b')).toEqual([["Expected a strength after 'strength' but found 'when'", 'when']]);
    expect(errors('ruleset g strengths { strong, then }')).toEqual([["Expected a strength after ',' but found 'then'", 'then']]);
  });
  it('a reserved word that starts no clause is a strength', () => {
    const r = parse('ruleset g strengths { strong, optional, standard }\nrule R "t" strength optional then stop b');
    expect(r.diagnostics).toEqual([]);
    expect(r.document.header!.strengths!.map((s) => s.value)).toEqual(['strong', 'optional', 'standard']);
    expect(rules('rule R "t" strength optional then stop b')[0]!.strength!.value).toBe('optional');
  });
  it('a groups block with a stray token keeps the groups and the rule after it', () => {
    const text = 'groups {\n  a "A"\n  3\n  b\n}\nrule R "t" group a, b then stop c';
    const r = parse(text);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(rules(text)[0]!.groups.map((g) => g.value)).toEqual(['a', 'b']);
  });
  it('`except` with an unclosed list', () => {
    const text = 'rule R "t" overrides g except { A-1, A-2 when a then stop b';
    expect(errors(text)).toEqual([["Expected '}' but found 'when'", 'when']].map(([m, t]) => [expect.stringContaining("'}'"), t]));
    expect(rules(text)[0]!.when).toBeDefined();
  });
});

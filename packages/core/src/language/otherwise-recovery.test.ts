// `otherwise` clauses and `complete` groups: what a slip reads like, and that the parse
// goes on to the next clause or declaration.
import { describe, expect, it } from 'vitest';
import { parse } from './test-helpers.js';
import type { GroupsBlock, RuleDecl } from './ast.js';

const errors = (text: string) => parse(text).diagnostics.filter((d) => d.code === 'VGL1001').map((d) => [d.message, text.slice(d.range.start.offset, d.range.end.offset)]);
const rules = (text: string) => parse(text).document.declarations.filter((d): d is RuleDecl => d.kind === 'RuleDecl');

describe('recovery in otherwise clauses', () => {
  it('parses `otherwise` and `otherwise in G` with their ranges', () => {
    const text = 'rule R "t" group g otherwise when a then stop b\nrule S "u" group g, h otherwise in h then stop c';
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const [a, b] = rules(text);
    expect(text.slice(a!.otherwise!.range.start.offset, a!.otherwise!.range.end.offset)).toBe('otherwise');
    expect(a!.otherwise!.group).toBeUndefined();
    expect(a!.when).toBeDefined();
    expect(text.slice(b!.otherwise!.range.start.offset, b!.otherwise!.range.end.offset)).toBe('otherwise in h');
    expect(b!.otherwise!.group!.value).toBe('h');
  });
  it('`otherwise in` without a group name', () => {
    const text = 'rule R "t" group g otherwise in when a then stop b\nrule S "u" then stop c';
    expect(errors(text)).toEqual([["Expected a group name after 'in' but found 'when'", 'when']]);
    expect(rules(text).map((r) => r.id.value)).toEqual(['R', 'S']);
    expect(rules(text)[0]!.when).toBeDefined();
  });
  it('a second `otherwise` in one rule', () => {
    const r = parse('rule R "t" group g otherwise otherwise then stop b');
    expect(r.diagnostics.map((d) => d.message)).toEqual(["Rule R already has an 'otherwise'; a rule has one 'otherwise' clause"]);
  });
  it('`otherwise` is reserved: not a name', () => {
    expect(errors('facts { otherwise: boolean }')[0]![0]).toContain("'otherwise' is a reserved word");
  });
  it('`complete` after a group name, before its title', () => {
    const text = 'groups {\n  a complete "A"\n  b\n  c complete\n}';
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const block = r.document.declarations[0] as GroupsBlock;
    expect(block.groups.map((g) => [g.name.value, g.complete ?? false, g.title?.value])).toEqual([
      ['a', true, 'A'],
      ['b', false, undefined],
      ['c', true, undefined],
    ]);
  });
});

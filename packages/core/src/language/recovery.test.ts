// Error recovery tests: broken declarations between good ones, one error per declaration,
// errors pointing at the offending token, missing braces, garbage, truncation, and partial ASTs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParseResult } from './parse.js';
import { decl, parse, show } from './test-helpers.js';
import { TOP_LEVEL_KEYWORDS } from './tokens.js';

function syntaxErrors(r: ParseResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.code === 'VGL1001');
}

function at(r: ParseResult, d: Diagnostic): string {
  return r.source.text.slice(d.range.start.offset, d.range.end.offset);
}

/** At most one syntax error between two top-level keywords. */
function expectOnePerItem(r: ParseResult): void {
  const starts = r.tokens.filter((t) => TOP_LEVEL_KEYWORDS.includes(t.image) && t.tokenType.name.startsWith('Kw')).map((t) => t.startOffset);
  const seen = new Map<number, string>();
  for (const d of syntaxErrors(r)) {
    // An error at a top-level keyword belongs to the item before it.
    const o = d.range.start.offset;
    const isKeyword = starts.includes(o) && r.tokens.some((t) => t.startOffset === o && d.message.includes(`found '${t.image}'`));
    const item = starts.filter((s) => (isKeyword ? s < o : s <= o)).length;
    expect(seen.get(item), `second error in item ${item}: ${d.message}`).toBeUndefined();
    seen.set(item, d.message);
  }
}

function expectRangesInside(r: ParseResult): void {
  const n = r.source.text.length;
  for (const d of r.diagnostics) {
    expect(d.range.start.offset).toBeGreaterThanOrEqual(0);
    expect(d.range.end.offset).toBeLessThanOrEqual(n);
    expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
    expect(r.source.offsetAt(d.range.start.line, d.range.start.character)).toBe(d.range.start.offset);
    expect(r.source.offsetAt(d.range.end.line, d.range.end.character)).toBe(d.range.end.offset);
  }
}

describe('a broken rule between two good ones', () => {
  const text = `rule GOOD-1 "first" when tpmt in { low } then stop aza
rule BAD-1 "broken" when tpmt > > 3 then stop aza then caution aza when )
rule GOOD-2 "second" when wbc < 2 10*9/L then caution aza`;
  const r = parse(text);

  it('reports exactly one syntax error, at the offending token', () => {
    const errs = syntaxErrors(r);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toBe("Expected a value after '>' but found '>'");
    expect(errs[0]!.range.start).toMatchObject({ line: 1, character: 32 });
    expect(at(r, errs[0]!)).toBe('>');
  });

  it('still parses both good rules in full', () => {
    const rules = r.document.declarations.filter((d) => d.kind === 'RuleDecl');
    expect(rules.map((d) => d.id.value)).toEqual(['GOOD-1', 'BAD-1', 'GOOD-2']);
    const good1 = decl(r.document, 'RuleDecl', 0);
    const good2 = decl(r.document, 'RuleDecl', 2);
    expect(show(good1.when!)).toBe('(in tpmt {low})');
    expect(show(good2.when!)).toBe('(< wbc 2[10*9/L])');
    expect(good2.actions.map((a) => a.verb)).toEqual(['caution']);
  });

  it('keeps what it can of the broken rule', () => {
    const bad = decl(r.document, 'RuleDecl', 1);
    expect(bad.title?.value).toBe('broken');
    expect(bad.when).toBeUndefined();
    expect(bad.actions.map((a) => a.verb)).toEqual(['stop', 'caution']);
  });
});

describe('error messages', () => {
  const cases: [string, string, string][] = [
    ['rule R "t" when then stop a', "Expected a condition after 'when' but found 'then'", 'then'],
    ['rule R "t" when a and then stop b', "Expected a condition after 'and' but found 'then'", 'then'],
    ['rule R "t" when a < then stop b', "Expected a value after '<' but found 'then'", 'then'],
    ['rule R "t" then', "Expected an action after 'then' (contraindicate, stop, caution, dose, monitor, order, recommend or advise) but found the end of the file", 'then'],
    ['rule R "t" then stop', "Expected a target after 'stop': a name or a list like { a, b }; found the end of the file", 'stop'],
    ['rule R when a then stop b', "Expected a title string after 'R' but found 'when'", 'when'],
    ['rule "t" when a then stop b', 'Expected a rule id after \'rule\' (like AZA-PRE-02) but found the string "t"', '"t"'],
    ['facts {\n  a: boolean\n\nrule R "t" then stop b', "Expected '}' to close the facts block opened at line 1 but found 'rule'", 'rule'],
    ['facts { a: bool }', "Expected a type after ':' (boolean, text, date, datetime, code, duration, enum, quantity or set of …) but found 'bool'", 'bool'],
    ['facts { a: quantity }', "Expected a unit after 'quantity' (for example 'quantity mg/dL') but found '}'", '}'],
    ['facts { a: enum { x1, x2 }', "Expected '}' to close the facts block opened at line 1 but found the end of the file", '}'],
    ['define d = (a or b\nrule R "t" then stop b', "Expected ')' to close the '(' at line 1 but found 'rule'", 'rule'],
    ['define d a', "Expected '=' before the definition's expression but found 'a'", 'a'],
    ['define d "t" =', "Expected an expression after '=' but found the end of the file", '='],
    ['define d = a =', "Expected a value after '=' but found the end of the file", '='],
    ['rule R "t" when a more than 3 h then stop b', "Expected 'ago' after the amount of time but found 'then'", 'then'],
    ['rule R "t" when a in { b, c then stop d', "Expected '}' to close the list opened at line 1 but found 'then'", 'then'],
    ['rule R "t" when x > 1 then stop b', "Expected a condition after 'when' but found 'x' ('x' is a reserved word and cannot be used as a name)", 'x'],
    ['protocol P "p" target 1 mg step 1 mg observe 1 min', "Expected 'over' and a duration after the target dose but found 'step'", 'step'],
    ['hello rule R "t" then stop b', "Expected a declaration (rule, table, define, facts, groups, valueset, protocol or import) but found 'hello'", 'hello'],
    ['ruleset', "Expected a rule-set name after 'ruleset' but found the end of the file", 'ruleset'],
    [
      'rule R "t" then stop aza azathioprine',
      "Unexpected 'azathioprine' after 'aza': expected a rule clause (source, strength, group, overrides, tightens, otherwise, when, unless or then) or a declaration (rule, table, define, facts, groups, valueset, protocol or import)",
      'azathioprine',
    ],
    [
      'protocol P "p" drug a b',
      "Unexpected 'b' after 'a': expected a protocol clause (source, strength, drug, target or step) or a declaration (rule, table, define, facts, groups, valueset, protocol or import)",
      'b',
    ],
    ['facts { a: boolean } b', "Expected a declaration (rule, table, define, facts, groups, valueset, protocol or import) but found 'b'", 'b'],
    ['facts { code: text }', "Expected '}' to close the facts block opened at line 1 but found 'code' ('code' is a reserved word and cannot be used as a name)", 'code'],
    ['rule R "t" then dose a 1 to of standard', "Expected a value after 'to' but found 'of'", 'of'],
    ['import', "Expected a file path string after 'import' but found the end of the file", 'import'],
  ];
  for (const [text, message, token] of cases) {
    it(`explains ${JSON.stringify(text)}`, () => {
      const r = parse(text);
      const errs = syntaxErrors(r);
      expect(errs.map((e) => e.message)).toEqual([message]);
      expect(at(r, errs[0]!)).toBe(token);
      expect(errs[0]).toMatchObject({ code: 'VGL1001', name: 'syntax-error', severity: 'error', uri: 'file:///test.vigil' });
    });
  }
});

describe('missing closing brace', () => {
  const r = parse(`facts {
  tpmt: enum { low, absent }
  wbc: quantity 10*9/L

rule R "t" when tpmt in { low } then stop aza`);

  it('keeps the facts and the rule that follows', () => {
    expect(syntaxErrors(r)).toHaveLength(1);
    expect(decl(r.document, 'FactsBlock').facts.map((f) => f.name.value)).toEqual(['tpmt', 'wbc']);
    expect(show(decl(r.document, 'RuleDecl').when!)).toBe('(in tpmt {low})');
  });
});

describe('garbage', () => {
  it('reports garbage before, between and after declarations once per item', () => {
    const r = parse('}}} ((( rule A "a" then stop b ))) ]] rule B "b" then stop c $$ @@');
    expectOnePerItem(r);
    expectRangesInside(r);
    expect(r.document.declarations.map((d) => d.kind === 'RuleDecl' && d.id.value)).toEqual(['A', 'B']);
  });

  it('survives binary-looking text', () => {
    const r = parse('\u0000\u0001\uFFFF\t\r\n"\\');
    expectRangesInside(r);
    expect(r.document.declarations).toEqual([]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });

  it('survives a text of only keywords', () => {
    const r = parse('then when and or not rule facts { } define = rule');
    expectOnePerItem(r);
    expectRangesInside(r);
  });
});

describe('empty and trivial files', () => {
  for (const text of ['', ' ', '\n\n', '// only a comment', '/* block */', '\uFEFF']) {
    it(`parses ${JSON.stringify(text)} without diagnostics`, () => {
      const r = parse(text);
      expect(r.diagnostics).toEqual([]);
      expect(r.document.declarations).toEqual([]);
    });
  }
});

describe('truncation', () => {
  const md = readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8');
  const example = /```vigil\n([\s\S]*?)```/.exec(md)![1]!;

  it('handles the reference example cut at every character', () => {
    for (let i = 0; i <= example.length; i++) {
      const r = parse(example.slice(0, i));
      expectRangesInside(r);
      expectOnePerItem(r);
    }
  });

  it('keeps complete declarations before a rule cut mid-way', () => {
    const cut = example.indexOf('when tpmt in') + 'when tpmt in { low,'.length;
    const r = parse(example.slice(0, cut));
    expect(syntaxErrors(r)).toHaveLength(1);
    expect(syntaxErrors(r)[0]!.message).toMatch(/found the end of the file/);
    expect(at(r, syntaxErrors(r)[0]!)).toBe(',');
    expect(r.document.declarations.map((d) => d.kind)).toEqual(['FactsBlock', 'ValueSetDecl', 'DefineDecl', 'RuleDecl']);
    const rule = decl(r.document, 'RuleDecl');
    expect(rule.id.value).toBe('AZA-PRE-02');
    expect(rule.strength?.value).toBe('strong');
    expect(rule.when).toBeUndefined();
  });
});

describe('partial ASTs', () => {
  it('drops a declaration with no name', () => {
    const r = parse('define = 1\nvalueset { a }\nrule "t" then stop a\nprotocol "p" drug a\ndefine ok = 2');
    expect(r.document.declarations.map((d) => d.kind === 'DefineDecl' && d.name.value)).toEqual(['ok']);
    expectOnePerItem(r);
  });

  it('drops a definition whose expression is broken', () => {
    const r = parse('define a = 1 +\ndefine b = 2');
    expect(r.document.declarations.map((d) => d.kind === 'DefineDecl' && d.name.value)).toEqual(['b']);
  });

  it('drops an incomplete fact but keeps the block', () => {
    const r = parse('facts { a: boolean b: c: text }');
    expect(decl(r.document, 'FactsBlock').facts.map((f) => f.name.value)).toContain('a');
    expect(syntaxErrors(r)).toHaveLength(1);
  });

  it('drops an action without what it needs', () => {
    const r = parse('rule R "t" then dose a then monitor b every then stop c then advise');
    expect(decl(r.document, 'RuleDecl').actions.map((a) => a.verb)).toEqual(['stop']);
  });

  it('drops protocol clauses without their quantities', () => {
    const r = parse('protocol P "p" drug d target 1 mg over step 1 mg observe 2 min step 3 mg');
    const p = decl(r.document, 'ProtocolDecl');
    expect(p.drug?.value).toBe('d');
    expect(p.target).toBeUndefined();
    expect(p.steps).toHaveLength(1);
  });

  it('drops an expression whose closing ) or } is missing, keeping the rest of the rule', () => {
    for (const text of ['rule R "t" when (a and b then stop c', 'rule R "t" when a in { b, c then stop c']) {
      const r = parse(text);
      expect(syntaxErrors(r)).toHaveLength(1);
      const rule = decl(r.document, 'RuleDecl');
      expect(rule.when).toBeUndefined();
      expect(rule.actions.map((a) => a.verb)).toEqual(['stop']);
    }
  });

  it('drops an action whose target list is not closed', () => {
    const r = parse('rule R "t" then order { a, b then stop c');
    expect(decl(r.document, 'RuleDecl').actions.map((a) => a.verb)).toEqual(['stop']);
  });

  it('reports an import after a declaration', () => {
    const r = parse('rule R "t" then stop a\nimport "x.vigil"');
    expect(syntaxErrors(r).map((d) => d.message)).toEqual(['Imports must come before the declarations; move this import to the top of the file']);
    expect(r.document.imports).toHaveLength(1);
  });

  it('reports a second when, and keeps the first', () => {
    const r = parse('rule R "t" when a when b then stop c');
    expect(syntaxErrors(r).map((d) => d.message)).toEqual(["Rule R already has a 'when'; join the conditions with 'and'"]);
    expect(show(decl(r.document, 'RuleDecl').when!)).toBe('a');
  });

  it('reports a second strength or drug', () => {
    expect(syntaxErrors(parse('rule R "t" strength strong strength weak')).map((d) => d.message)).toEqual(["Rule R already has a strength; a rule has one 'strength' clause"]);
    expect(syntaxErrors(parse('protocol P "p" drug a drug b')).map((d) => d.message)).toEqual(["Protocol P already has a 'drug' clause"]);
  });

  it('does not swallow the next declaration to repair an error', () => {
    const r = parse('rule A "a" then stop\nrule B "b" then stop c');
    expect(r.document.declarations.map((d) => d.kind === 'RuleDecl' && d.id.value)).toEqual(['A', 'B']);
    expect(decl(r.document, 'RuleDecl', 1).actions).toHaveLength(1);
  });
});

describe('lexical and syntax errors together', () => {
  it('reports both kinds, sorted by position', () => {
    const r = parse('rule R "t" when a # then stop\nrule S "unterminated');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['VGL1002', 'VGL1001', 'VGL1002', 'VGL1001'].slice(0, r.diagnostics.length));
    expectRangesInside(r);
    const offsets = r.diagnostics.map((d) => d.range.start.offset);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });
});

describe('deep nesting', () => {
  it('does not throw on very deep parentheses', () => {
    const r = parse(`define d = ${'('.repeat(5000)}a${')'.repeat(5000)}`);
    expectRangesInside(r);
    expect(syntaxErrors(r).map((d) => d.message)).toEqual([
      "This file nests too deeply to parse: simplify the deepest parentheses, 'not' or '-' chains",
    ]);
    // The shared parser is still usable afterwards.
    expect(parse('define d = (a)').diagnostics).toEqual([]);
  });

  it('parses a hundred levels of parentheses', () => {
    expect(parse(`define d = ${'('.repeat(100)}a${')'.repeat(100)}`).diagnostics).toEqual([]);
  });

  it('handles long flat chains', () => {
    const r = parse(`define d = ${Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' and ')}`);
    expect(r.diagnostics).toEqual([]);
  });
});

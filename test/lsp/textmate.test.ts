// The TextMate grammar, tokenised by the same engine VS Code uses (vscode-textmate with
// Oniguruma): every construct gets the scope its role calls for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ACTIONS } from '@vigil/core';
import { KEYWORDS } from '@vigil/core/services';
import { oniguruma, onigWasm, textmate } from '@vigil/lsp/test';

const GRAMMAR = join(import.meta.dirname, '../../grammar/vigil.tmLanguage.json');
let grammar: textmate.IGrammar;

beforeAll(async () => {
  await oniguruma.loadWASM(onigWasm());
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => (scopeName === 'source.vigil' ? textmate.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  grammar = (await registry.loadGrammar('source.vigil'))!;
});

/** Tokenises lines (carrying state across them) into [text, innermost scope] pairs. */
function tokenize(text: string): [string, string][] {
  let state = textmate.INITIAL;
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex);
      if (s.trim() !== '') out.push([s, t.scopes[t.scopes.length - 1]!]);
    }
    state = r.ruleStack;
  }
  return out;
}

function scopeOf(text: string, piece: string, nth = 0): string {
  const hits = tokenize(text).filter(([t]) => t === piece);
  const hit = hits[nth];
  if (!hit) throw new Error(`'${piece}' is not one token in ${JSON.stringify(tokenize(text))}`);
  return hit[1];
}

describe('vigil.tmLanguage.json', () => {
  test('decision tables: the id, the hit policy, the column separators and the cells', () => {
    const t = `table AZA-PGX "By phenotype"\n  hit first\n  | tpmt | wbc | then\n  | poor | < 2.5 10*9/L | contraindicate azathioprine`;
    expect(scopeOf(t, 'table')).toBe('keyword.declaration.table.vigil');
    expect(scopeOf(t, 'AZA-PGX')).toBe('entity.name.function.rule.vigil');
    expect(scopeOf(t, 'hit')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(t, 'first')).toBe('constant.language.hit-policy.vigil');
    expect(scopeOf(t, '|', 0)).toBe('punctuation.separator.table.vigil');
    expect(scopeOf(t, 'poor')).toBe('variable.other.vigil');
    expect(scopeOf(t, '10*9/L')).toBe('keyword.other.unit.vigil');
    expect(scopeOf(t, 'then')).toBe('keyword.control.clause.vigil');
  });

  test('declarations and their names', () => {
    expect(scopeOf('ruleset azathioprine version "1.0.0"', 'ruleset')).toBe('keyword.declaration.ruleset.vigil');
    expect(scopeOf('ruleset azathioprine version "1.0.0"', 'azathioprine')).toBe('entity.name.namespace.vigil');
    expect(scopeOf('ruleset azathioprine version "1.0.0"', 'version')).toBe('keyword.control.clause.vigil');
    expect(scopeOf('rule AZA-PRE-02 "Absent TPMT"', 'rule')).toBe('keyword.declaration.rule.vigil');
    expect(scopeOf('rule AZA-PRE-02 "Absent TPMT"', 'AZA-PRE-02')).toBe('entity.name.function.rule.vigil');
    expect(scopeOf('protocol AZA-DES-03 "x"', 'AZA-DES-03')).toBe('entity.name.function.rule.vigil');
    expect(scopeOf('define cytopenia "t" =', 'cytopenia')).toBe('entity.name.function.definition.vigil');
    expect(scopeOf('valueset thiopurines "T" {', 'thiopurines')).toBe('entity.name.type.valueset.vigil');
    expect(scopeOf('import "facts.vigil"', 'import')).toBe('keyword.declaration.import.vigil');
    expect(scopeOf('facts {', 'facts')).toBe('keyword.declaration.vigil');
  });

  test('facts: names, types, units, modifiers', () => {
    const line = '  alt: quantity U/L baseline uln "Alanine aminotransferase"';
    expect(scopeOf(line, 'alt')).toBe('variable.other.fact.declaration.vigil');
    expect(scopeOf(line, 'quantity')).toBe('storage.type.vigil');
    expect(scopeOf(line, 'U/L')).toBe('keyword.other.unit.vigil');
    expect(scopeOf(line, 'baseline')).toBe('storage.modifier.vigil');
    expect(scopeOf(line, 'uln')).toBe('storage.modifier.vigil');
    expect(scopeOf('  tpmt: enum { low, absent }', 'enum')).toBe('storage.type.vigil');
    expect(scopeOf('  meds: set of code', 'set')).toBe('storage.type.vigil');
    expect(scopeOf('  wbc: quantity 10*9/L', '10*9/L')).toBe('keyword.other.unit.vigil');
  });

  test('every word of every action of the vocabulary table is an action keyword', () => {
    for (const a of ACTIONS) {
      const line = `  then ${a.words.join(' ')} azathioprine`;
      for (const w of a.words) expect(scopeOf(line, w), `${w} in ${line}`).toBe('keyword.other.action.vigil');
    }
  });

  test('rule clauses, actions and strengths', () => {
    const rule = `rule R-1 "t"
  source "002_905f97d69bf3a083.txt", "a.txt"
  strength strong
  overrides AZA-PRE-03, AZA-DOSE-01
  when tpmt in { low, absent } and not pregnant
  unless allograft_recipient
  then stop azathioprine permanently because "x"
  then dose azathioprine 30% to 70% of standard
  then advise against live_vaccines
  then monitor cbc every 1 wk for 4 wk, then every 1 mo`;
    expect(scopeOf(rule, 'source')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'strong')).toBe('constant.language.strength.vigil');
    expect(scopeOf(rule, 'overrides')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'AZA-PRE-03')).toBe('entity.name.function.rule.vigil');
    expect(scopeOf(rule, 'AZA-DOSE-01')).toBe('entity.name.function.rule.vigil');
    expect(scopeOf(rule, 'when')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'unless')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'then')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'because')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'stop')).toBe('keyword.other.action.vigil');
    expect(scopeOf(rule, 'permanently')).toBe('keyword.other.action-modifier.vigil');
    expect(scopeOf(rule, 'dose')).toBe('keyword.other.action.vigil');
    expect(scopeOf(rule, 'advise')).toBe('keyword.other.action.vigil');
    expect(scopeOf(rule, 'against')).toBe('keyword.other.action.vigil');
    expect(scopeOf(rule, 'monitor')).toBe('keyword.other.action.vigil');
    expect(scopeOf(rule, 'every')).toBe('keyword.other.action-modifier.vigil');
    expect(scopeOf(rule, '%')).toBe('keyword.other.unit.vigil');
    expect(scopeOf(rule, 'wk')).toBe('keyword.other.unit.vigil');
    expect(scopeOf(rule, 'in')).toBe('keyword.operator.word.vigil');
    expect(scopeOf(rule, 'and')).toBe('keyword.operator.logical.vigil');
    expect(scopeOf(rule, 'not')).toBe('keyword.operator.logical.vigil');
    expect(scopeOf(rule, 'tpmt')).toBe('variable.other.vigil');
  });

  test('expressions: numbers, units, operators, member references, booleans', () => {
    const e = 'when wbc < 2.5 10*9/L or alt.baseline >= 5 x uln and last_dose more than 48 h ago and x != true';
    expect(scopeOf(e, '2.5')).toBe('constant.numeric.decimal.vigil');
    expect(scopeOf(e, '10*9/L')).toBe('keyword.other.unit.vigil');
    expect(scopeOf(e, '<')).toBe('keyword.operator.comparison.vigil');
    expect(scopeOf(e, '>=')).toBe('keyword.operator.comparison.vigil');
    expect(scopeOf(e, '!=')).toBe('keyword.operator.comparison.vigil');
    expect(scopeOf(e, '.')).toBe('punctuation.accessor.vigil');
    expect(scopeOf(e, 'x')).toBe('keyword.operator.arithmetic.vigil');
    expect(scopeOf(e, '5')).toBe('constant.numeric.decimal.vigil');
    expect(scopeOf(e, 'h')).toBe('keyword.other.unit.vigil');
    expect(scopeOf(e, 'ago')).toBe('keyword.operator.word.vigil');
    expect(scopeOf(e, 'true')).toBe('constant.language.boolean.vigil');
    // A keyword after a number is never a unit; subtraction is not a unit either.
    expect(scopeOf('when a < 2 and b', 'and')).toBe('keyword.operator.logical.vigil');
    expect(scopeOf('when a - b > 2 - 1', '-', 1)).toBe('keyword.operator.arithmetic.vigil');
    expect(scopeOf('dose aza 2 mg/kg/d * weight', 'mg/kg/d')).toBe('keyword.other.unit.vigil');
    expect(scopeOf('dose aza 2 mg/kg/d * weight', '*')).toBe('keyword.operator.arithmetic.vigil');
  });

  test('strings, escapes, comments, code systems, punctuation', () => {
    expect(scopeOf('because "a \\"b\\" c"', '\\"')).toBe('constant.character.escape.vigil');
    expect(scopeOf('// a comment with rule and 2 mg', '// a comment with rule and 2 mg'.slice(2))).toBe('comment.line.double-slash.vigil');
    const block = tokenize('/* one\nrule two */ rule R-1');
    expect(block.find(([t]) => t === 'rule two ')?.[1]).toBe('comment.block.vigil');
    expect(block.find(([t]) => t === 'R-1')?.[1]).toBe('entity.name.function.rule.vigil');
    expect(scopeOf('  allopurinol rxnorm "519" atc "M04AA01",', 'rxnorm')).toBe('support.constant.code-system.vigil');
    expect(scopeOf('  allopurinol rxnorm "519" atc "M04AA01",', ',')).toBe('punctuation.separator.comma.vigil');
    expect(scopeOf('tpmt in { low }', '{')).toBe('punctuation.section.braces.vigil');
  });

  test('every keyword of the language gets a keyword-like scope', () => {
    for (const k of KEYWORDS) {
      const scope = scopeOf(`when ${k} `, k, k === 'when' ? 1 : 0);
      expect(scope, k).toMatch(/^(keyword|storage|constant\.language)\./);
    }
  });

  test('groups, group clauses, overrides of groups and actions, the header\'s strengths', () => {
    const header = 'ruleset pgx version "1" strengths { strong, moderate, optional }';
    expect(scopeOf(header, 'strengths')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(header, 'optional')).toBe('constant.language.strength.vigil');
    expect(scopeOf(header, 'moderate')).toBe('constant.language.strength.vigil');
    const groups = 'groups {\n  aza_use "Doses of azathioprine"\n}';
    expect(scopeOf(groups, 'groups')).toBe('keyword.declaration.groups.vigil');
    expect(scopeOf(groups, 'aza_use')).toBe('entity.name.type.group.vigil');
    expect(scopeOf(groups, 'Doses of azathioprine')).toBe('string.quoted.double.vigil');
    const rule = 'rule C-1 "c"\n  strength optional\n  group aza_use, other\n  overrides dose azathioprine, recommend of aza_use except AZA-PRE-05-B\n  when x\n  then stop azathioprine';
    expect(scopeOf(rule, 'optional')).toBe('constant.language.strength.vigil');
    expect(scopeOf(rule, 'group')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'aza_use')).toBe('entity.name.type.group.vigil');
    expect(scopeOf(rule, 'other')).toBe('entity.name.type.group.vigil');
    expect(scopeOf(rule, 'dose')).toBe('keyword.other.action.vigil');
    expect(scopeOf(rule, 'recommend')).toBe('keyword.other.action.vigil');
    expect(scopeOf(rule, 'of')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'except')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'aza_use', 1)).toBe('entity.name.function.rule.vigil');
    expect(scopeOf(rule, 'AZA-PRE-05-B')).toBe('entity.name.function.rule.vigil');
    expect(scopeOf(rule, 'when')).toBe('keyword.control.clause.vigil');
  });
  test('otherwise clauses and complete groups', () => {
    const groups = 'groups {\n  restart_dose complete "Restart doses"\n}';
    expect(scopeOf(groups, 'restart_dose')).toBe('entity.name.type.group.vigil');
    expect(scopeOf(groups, 'complete')).toBe('storage.modifier.vigil');
    const rule = 'rule R-2 "r"\n  group restart_dose, other\n  otherwise in restart_dose\n  when reintroduction\n  then caution azathioprine';
    expect(scopeOf(rule, 'other')).toBe('entity.name.type.group.vigil');
    expect(scopeOf(rule, 'otherwise')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'in')).toBe('keyword.control.clause.vigil');
    expect(scopeOf(rule, 'restart_dose', 1)).toBe('entity.name.type.group.vigil');
    expect(scopeOf(rule, 'when')).toBe('keyword.control.clause.vigil');
    expect(scopeOf('rule R-3 "r" group g otherwise then advise because "m"', 'otherwise')).toBe('keyword.control.clause.vigil');
  });
});

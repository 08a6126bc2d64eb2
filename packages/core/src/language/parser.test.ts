// Parser and AST builder tests: every construct of the language reference, operator
// precedence, exact ranges, comments, and the grammar/content-assist exports.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Action, Expr, Name } from './ast.js';
import { contentAssist, getSerializedGrammar } from './parser.js';
import { allNodes, decl, parse, parseOk, show, sliceOf, whenOf } from './test-helpers.js';
import { lexer } from './tokens.js';

const referenceExample = (() => {
  const md = readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8');
  const m = /```vigil\n([\s\S]*?)```/.exec(md);
  if (!m) throw new Error('no example in the reference');
  return m[1]!;
})();

function actionOf(text: string): Action {
  const doc = parseOk(`rule R "t" then ${text}`);
  const a = decl(doc, 'RuleDecl').actions[0];
  if (!a) throw new Error('no action');
  return a;
}

describe('the reference example', () => {
  it('parses without diagnostics', () => {
    const doc = parseOk(referenceExample);
    expect(doc.header?.name.value).toBe('azathioprine');
    expect(doc.header?.version?.value).toBe('1.0.0');
    expect(doc.imports.map((i) => i.path.value)).toEqual(['medications.vigil']);
    expect(doc.declarations.map((d) => d.kind)).toEqual(['FactsBlock', 'ValueSetDecl', 'DefineDecl', 'RuleDecl']);
  });
});

describe('header and imports', () => {
  it('parses a header without a version', () => {
    const doc = parseOk('ruleset aza');
    expect(doc.header?.name.value).toBe('aza');
    expect(doc.header?.version).toBeUndefined();
  });

  it('parses several imports', () => {
    expect(parseOk('import "a.vigil"\nimport "b/c.vigil"').imports.map((i) => i.path.value)).toEqual(['a.vigil', 'b/c.vigil']);
  });

  it('parses an empty document', () => {
    const doc = parseOk('');
    expect(doc).toMatchObject({ kind: 'Document', uri: 'file:///test.vigil', header: undefined, imports: [], declarations: [], comments: [] });
  });
});

describe('facts', () => {
  const doc = parseOk(`facts {
    tpmt: enum { normal, intermediate, low, absent } "TPMT phenotype"
    trailing: enum { a, b, }
    wbc: quantity 10*9/L "White cell count"
    alt: quantity U/L baseline uln
    bili: quantity umol/L uln baseline "Bilirubin"
    meds: set of code
    symptoms: set of enum { rash, fever }
    pregnant: boolean
    note: text
    dob: date
    last_dose: datetime
    course: duration
    drug_code: code
  }`);
  const facts = decl(doc, 'FactsBlock').facts;
  const byName = (n: string) => facts.find((f) => f.name.value === n)!;

  it('parses every fact', () => {
    expect(facts.map((f) => f.name.value)).toEqual([
      'tpmt', 'trailing', 'wbc', 'alt', 'bili', 'meds', 'symptoms', 'pregnant', 'note', 'dob', 'last_dose', 'course', 'drug_code',
    ]);
  });

  it('parses enum types, with and without a trailing comma', () => {
    expect(byName('tpmt').type).toMatchObject({ kind: 'EnumType', members: [{ value: 'normal' }, { value: 'intermediate' }, { value: 'low' }, { value: 'absent' }] });
    expect(byName('tpmt').description?.value).toBe('TPMT phenotype');
    expect(byName('trailing').type).toMatchObject({ kind: 'EnumType', members: [{ value: 'a' }, { value: 'b' }] });
  });

  it('parses quantity types with their unit', () => {
    expect(byName('wbc').type).toMatchObject({ kind: 'QuantityType', unit: { text: '10*9/L' } });
  });

  it('parses baseline and uln options in source order', () => {
    expect(byName('alt').options.map((o) => o.value)).toEqual(['baseline', 'uln']);
    expect(byName('bili').options.map((o) => o.value)).toEqual(['uln', 'baseline']);
    expect(byName('bili').description?.value).toBe('Bilirubin');
    expect(byName('wbc').options).toEqual([]);
  });

  it('parses set types, including sets of enums', () => {
    expect(byName('meds').type).toMatchObject({ kind: 'SetType', element: { kind: 'PrimitiveType', name: 'code' } });
    expect(byName('symptoms').type).toMatchObject({ kind: 'SetType', element: { kind: 'EnumType', members: [{ value: 'rash' }, { value: 'fever' }] } });
  });

  it('parses every primitive type', () => {
    for (const [n, t] of [['pregnant', 'boolean'], ['note', 'text'], ['dob', 'date'], ['last_dose', 'datetime'], ['course', 'duration'], ['drug_code', 'code']]) {
      expect(byName(n!).type).toMatchObject({ kind: 'PrimitiveType', name: t });
    }
  });

  it('parses an empty facts block', () => {
    expect(decl(parseOk('facts {}'), 'FactsBlock').facts).toEqual([]);
  });
});

describe('value sets', () => {
  it('parses members with codes', () => {
    const vs = decl(parseOk(`valueset xoi "Xanthine oxidase inhibitors" {
      allopurinol rxnorm "519" atc "M04AA01",
      febuxostat rxnorm "73689",
      oxypurinol,
    }`), 'ValueSetDecl');
    expect(vs.name.value).toBe('xoi');
    expect(vs.title?.value).toBe('Xanthine oxidase inhibitors');
    expect(vs.members.map((m) => [m.name.value, m.codes.map((c) => `${c.system.value}:${c.code.value}`)])).toEqual([
      ['allopurinol', ['rxnorm:519', 'atc:M04AA01']],
      ['febuxostat', ['rxnorm:73689']],
      ['oxypurinol', []],
    ]);
  });

  it('parses a value set without a title', () => {
    const vs = decl(parseOk('valueset v { a }'), 'ValueSetDecl');
    expect(vs.title).toBeUndefined();
    expect(vs.members).toHaveLength(1);
  });
});

describe('definitions', () => {
  it('parses a definition with and without a title', () => {
    const doc = parseOk('define cytopenia "Pre-treatment cytopenia" = wbc < 2.5 10*9/L or platelets < 50 10*9/L\ndefine dose_per_kg = 2 mg/kg/d * weight');
    const a = decl(doc, 'DefineDecl', 0);
    expect(a.name.value).toBe('cytopenia');
    expect(a.title?.value).toBe('Pre-treatment cytopenia');
    expect(show(a.expr)).toBe('(or (< wbc 2.5[10*9/L]) (< platelets 50[10*9/L]))');
    const b = decl(doc, 'DefineDecl', 1);
    expect(b.title).toBeUndefined();
    expect(show(b.expr)).toBe('(* 2[mg/kg/d] weight)');
  });
});

describe('rules', () => {
  it('parses every clause', () => {
    const r = decl(parseOk(`rule AZA-PRE-02 "Absent TPMT activity"
      source "002_905f97d69bf3a083.txt", "guideline.pdf"
      source "more.txt"
      strength strong
      overrides AZA-PRE-01, legacy_rule
      when tpmt in { low, absent }
      unless pregnant
      unless tpmt is missing
      then contraindicate azathioprine because "life-threatening pancytopenia"
      then order { tpmt, cbc }`), 'RuleDecl');
    expect(r.id.value).toBe('AZA-PRE-02');
    expect(r.title?.value).toBe('Absent TPMT activity');
    expect(r.sources.map((s) => s.value)).toEqual(['002_905f97d69bf3a083.txt', 'guideline.pdf', 'more.txt']);
    expect(r.strength?.value).toBe('strong');
    expect(r.overrides.map((o) => o.value)).toEqual(['AZA-PRE-01', 'legacy_rule']);
    expect(show(r.when!)).toBe('(in tpmt {low,absent})');
    expect(r.unless.map(show)).toEqual(['pregnant', '(missing tpmt)']);
    expect(r.actions.map((a) => [a.verb, a.targets.map((t) => t.value), a.message?.value])).toEqual([
      ['contraindicate', ['azathioprine'], 'life-threatening pancytopenia'],
      ['order', ['tpmt', 'cbc'], undefined],
    ]);
  });

  it('accepts an identifier as a rule id and a rule without a when', () => {
    const r = decl(parseOk('rule simple "t" then advise because "ok"'), 'RuleDecl');
    expect(r.id.value).toBe('simple');
    expect(r.when).toBeUndefined();
    expect(r.actions).toHaveLength(1);
  });
});

describe('actions', () => {
  it('parses contraindicate, caution, order, recommend', () => {
    expect(actionOf('contraindicate aza')).toMatchObject({ verb: 'contraindicate', targets: [{ value: 'aza' }], permanent: false, dose: undefined, schedule: undefined, message: undefined });
    expect(actionOf('caution aza because "x"')).toMatchObject({ verb: 'caution', message: { value: 'x' } });
    expect(actionOf('order { tpmt, cbc }').targets.map((t) => t.value)).toEqual(['tpmt', 'cbc']);
    expect(actionOf('recommend mycophenolate')).toMatchObject({ verb: 'recommend', targets: [{ value: 'mycophenolate' }] });
  });

  it('parses stop, with and without permanently', () => {
    expect(actionOf('stop aza')).toMatchObject({ verb: 'stop', permanent: false });
    expect(actionOf('stop aza permanently because "why"')).toMatchObject({ verb: 'stop', permanent: true, message: { value: 'why' } });
  });

  it('parses advise against and advise', () => {
    const a = actionOf('advise against aza because "m"');
    expect(a).toMatchObject({ verb: 'advise-against', targets: [{ value: 'aza' }], message: { value: 'm' } });
    expect(a.verbRange.end.offset - a.verbRange.start.offset).toBe('advise against'.length);
    expect(actionOf('advise because "seek urgent care"')).toMatchObject({ verb: 'advise', targets: [], message: { value: 'seek urgent care' } });
  });

  it('parses dose ranges of standard', () => {
    const a = actionOf('dose azathioprine 30% to 70% of standard');
    expect(a.verb).toBe('dose');
    expect(show(a.dose!.low)).toBe('30[%]');
    expect(show(a.dose!.high!)).toBe('70[%]');
    expect(a.dose!.ofStandard).toBe(true);
  });

  it('parses dose expressions', () => {
    const a = actionOf('dose azathioprine 2 mg/kg/d * weight because "weight-based"');
    expect(show(a.dose!.low)).toBe('(* 2[mg/kg/d] weight)');
    expect(a.dose!.high).toBeUndefined();
    expect(a.dose!.ofStandard).toBe(false);
    expect(a.message?.value).toBe('weight-based');
    expect(show(actionOf('dose azathioprine 50 mg/d').dose!.low)).toBe('50[mg/d]');
    expect(actionOf('dose a 50% of standard').dose).toMatchObject({ high: undefined, ofStandard: true });
  });

  it('parses monitoring schedules with phases', () => {
    const a = actionOf('monitor cbc every 1 wk for 4 wk, then every 2 wk until 12 wk, then every 1 mo because "marrow"');
    expect(a.verb).toBe('monitor');
    expect(a.targets.map((t) => t.value)).toEqual(['cbc']);
    expect(a.schedule!.phases.map((p) => [show(p.every), p.bound?.kind, p.bound ? show(p.bound.amount) : undefined])).toEqual([
      ['1[wk]', 'for', '4[wk]'],
      ['2[wk]', 'until', '12[wk]'],
      ['1[mo]', undefined, undefined],
    ]);
    expect(a.message?.value).toBe('marrow');
  });

  it('parses several actions in one rule', () => {
    const r = decl(parseOk('rule R "t" when a then stop y then monitor lft every 1 wk then advise because "m"'), 'RuleDecl');
    expect(r.actions.map((a) => a.verb)).toEqual(['stop', 'monitor', 'advise']);
  });
});

describe('protocols', () => {
  it('parses every clause', () => {
    const p = decl(parseOk(`protocol AZA-DES-03 "Desensitisation, oral suspension 10 mg/mL"
      source "000_85b849aa698f90d7.txt"
      strength expert
      drug azathioprine
      target 100 mg over 200 min
      step 1 mg observe 20 min
      step 9 mg observe 60 min
      step 90 mg observe 120 min`), 'ProtocolDecl');
    expect(p.id.value).toBe('AZA-DES-03');
    expect(p.title?.value).toBe('Desensitisation, oral suspension 10 mg/mL');
    expect(p.sources.map((s) => s.value)).toEqual(['000_85b849aa698f90d7.txt']);
    expect(p.strength?.value).toBe('expert');
    expect(p.drug?.value).toBe('azathioprine');
    expect(show(p.target!.dose)).toBe('100[mg]');
    expect(show(p.target!.duration)).toBe('200[min]');
    expect(p.steps.map((s) => `${show(s.dose)}/${show(s.observe)}`)).toEqual(['1[mg]/20[min]', '9[mg]/60[min]', '90[mg]/120[min]']);
  });
});

describe('expressions', () => {
  const cases: [string, string][] = [
    ['a and b or c', '(or (and a b) c)'],
    ['a or b and c', '(or a (and b c))'],
    ['not a and b', '(and (not a) b)'],
    ['not not a', '(not (not a))'],
    ['a or b or c', '(or (or a b) c)'],
    ['a and (b or c)', '(and a (paren (or b c)))'],
    ['not (a or b)', '(not (paren (or a b)))'],
    ['1 + 2 * 3 > 4', '(> (+ 1 (* 2 3)) 4)'],
    ['1 * 2 + 3 = 4', '(= (+ (* 1 2) 3) 4)'],
    ['a - b - c < 1', '(< (- (- a b) c) 1)'],
    ['a / b x c >= 1', '(>= (* (/ a b) c) 1)'],
    ['- a + b != 1', '(!= (+ (neg a) b) 1)'],
    ['- - a <= 1', '(<= (neg (neg a)) 1)'],
    ['alt >= 5 x baseline', '(>= alt (* 5 @baseline))'],
    ['bilirubin >= 2 x uln', '(>= bilirubin (* 2 @uln))'],
    ['alt > alt.baseline + 10 U/L', '(> alt (+ alt.baseline 10[U/L]))'],
    ['alt < 3 x alt.uln', '(< alt (* 3 alt.uln))'],
    ['tpmt in { low, absent }', '(in tpmt {low,absent})'],
    ['tpmt not in { normal }', '(not-in tpmt {normal})'],
    ['tpmt in low_values', '(in tpmt low_values)'],
    ['medications includes allopurinol', '(includes medications allopurinol)'],
    ['medications includes { a, b }', '(includes medications a,b)'],
    ['tpmt is missing', '(missing tpmt)'],
    ['tpmt is present', '(present tpmt)'],
    ['last_dose more than 48 h ago', '(more last_dose 48[h])'],
    ['last_dose less than 2 d ago', '(less last_dose 2[d])'],
    ['last_dose within 3 mo', '(within last_dose 3[mo])'],
    ['pregnant = true', '(= pregnant true)'],
    ['pregnant != false', '(!= pregnant false)'],
    ['note = "x\\ty"', '(= note "x\\ty")'],
    ['pregnant', 'pregnant'],
    ['wbc < 2.5 10*9/L and platelets < 50 10*9/L', '(and (< wbc 2.5[10*9/L]) (< platelets 50[10*9/L]))'],
    ['not tpmt is missing and x_1 > 2', '(and (not (missing tpmt)) (> x_1 2))'],
    ['(a)', '(paren a)'],
  ];
  for (const [text, expected] of cases) {
    it(`parses ${text}`, () => expect(show(whenOf(text))).toBe(expected));
  }

  it('writes x as *', () => {
    const e = whenOf('a x b > 1');
    expect(e.kind === 'CompareExpr' && e.left.kind === 'ArithmeticExpr' && e.left.op).toBe('*');
  });

  it('keeps the decimal text exactly', () => {
    const e = whenOf('a < 0.10');
    expect(e.kind === 'CompareExpr' && e.right).toMatchObject({ kind: 'QuantityLiteral', value: '0.10', unit: undefined });
  });
});

describe('ranges', () => {
  const text = `ruleset aza version "1"
// a comment
facts {
  tpmt: enum { low, absent } /* inline */
  alt: quantity U/L baseline uln
}
valueset v "V" { a rxnorm "1" }
define d = alt > 2 x alt.baseline and not (tpmt in { low })
rule AZA-1 "title"
  source "s"
  strength strong
  overrides AZA-0
  when d or last_dose more than 48 h ago
  then dose aza 30% to 70% of standard because "m"
  then monitor cbc every 1 wk for 4 wk, then every 1 mo
protocol P-1 "p"
  drug aza
  target 10 mg over 20 min
  step 10 mg observe 20 min
`;
  const r = parse(text);

  it('has no diagnostics', () => expect(r.diagnostics).toEqual([]));

  it('slices every Name back to its text', () => {
    const names = allNodes(r.document).filter((n): n is Name => n.kind === 'Name');
    expect(names.length).toBeGreaterThan(20);
    for (const n of names) expect(sliceOf(text, n)).toBe(n.value);
  });

  it('slices units, strings and quantities back to their text', () => {
    for (const n of allNodes(r.document)) {
      if (n.kind === 'Unit') expect(sliceOf(text, n)).toBe(n.text);
      if (n.kind === 'StringLiteral') expect(JSON.parse(sliceOf(text, n))).toBe(n.value);
      if (n.kind === 'QuantityLiteral') expect(sliceOf(text, n)).toBe(n.unit ? `${n.value} ${n.unit.text}`.replace(/^(\S+) %$/, '$1%') : n.value);
    }
  });

  it('gives consistent line and character positions', () => {
    for (const n of allNodes(r.document)) {
      for (const p of [n.range.start, n.range.end]) {
        expect(r.source.offsetAt(p.line, p.character)).toBe(p.offset);
      }
      expect(n.range.start.offset).toBeLessThanOrEqual(n.range.end.offset);
    }
  });

  it('nests child ranges inside their parents', () => {
    const check = (parent: { range: { start: { offset: number }; end: { offset: number } } }, children: { range: { start: { offset: number }; end: { offset: number } } }[]) => {
      for (const c of children) {
        expect(c.range.start.offset).toBeGreaterThanOrEqual(parent.range.start.offset);
        expect(c.range.end.offset).toBeLessThanOrEqual(parent.range.end.offset);
      }
    };
    for (const d of r.document.declarations) check(r.document, [d]);
    for (const d of r.document.declarations) check(d, allNodes(d).filter((n) => n !== d));
  });

  it('covers exact source text for declarations and expressions', () => {
    const def = decl(r.document, 'DefineDecl');
    expect(sliceOf(text, def)).toBe('define d = alt > 2 x alt.baseline and not (tpmt in { low })');
    expect(sliceOf(text, def.expr)).toBe('alt > 2 x alt.baseline and not (tpmt in { low })');
    const rule = decl(r.document, 'RuleDecl');
    expect(sliceOf(text, rule)).toBe(text.slice(text.indexOf('rule AZA-1'), text.indexOf('\nprotocol')));
    expect(sliceOf(text, rule.when!)).toBe('d or last_dose more than 48 h ago');
    expect(sliceOf(text, rule.actions[0]!)).toBe('dose aza 30% to 70% of standard because "m"');
    expect(sliceOf(text, rule.actions[0]!.dose!)).toBe('30% to 70% of standard');
    expect(sliceOf(text, rule.actions[1]!.schedule!)).toBe('every 1 wk for 4 wk, then every 1 mo');
    const facts = decl(r.document, 'FactsBlock');
    expect(sliceOf(text, facts).startsWith('facts {') && sliceOf(text, facts).endsWith('}')).toBe(true);
    expect(sliceOf(text, facts.facts[1]!)).toBe('alt: quantity U/L baseline uln');
    expect(sliceOf(text, decl(r.document, 'ProtocolDecl').target!)).toBe('target 10 mg over 20 min');
    const cmp = def.expr.kind === 'LogicalExpr' ? def.expr.left : undefined;
    expect(cmp?.kind === 'CompareExpr' && text.slice(cmp.opRange.start.offset, cmp.opRange.end.offset)).toBe('>');
    expect(sliceOf(text, r.document.header!)).toBe('ruleset aza version "1"');
    expect(r.document.range.end.offset).toBe(text.length);
  });

  it('handles CRLF line endings', () => {
    const crlf = 'rule R "t"\r\n  when a > 2 mg\r\n  then stop b // c\r\n';
    const res = parse(crlf);
    expect(res.diagnostics).toEqual([]);
    const rule = decl(res.document, 'RuleDecl');
    expect(rule.when!.range.start).toMatchObject({ line: 1, character: 7 });
    expect(sliceOf(crlf, rule.when!)).toBe('a > 2 mg');
    expect(rule.actions[0]!.range.start).toMatchObject({ line: 2, character: 7 });
    expect(res.document.comments[0]!.text).toBe('// c');
  });

  it('returns the parsed tokens without comments', () => {
    expect(parse('a /* b */ c // d').tokens.map((t) => t.image)).toEqual(['a', 'c']);
  });

  it('keeps comments with their text and kind', () => {
    expect(r.document.comments.map((c) => [c.text, c.block, sliceOf(text, c)])).toEqual([
      ['// a comment', false, '// a comment'],
      ['/* inline */', true, '/* inline */'],
    ]);
  });
});

describe('grammar exports', () => {
  it('serializes the grammar with one rule per production', () => {
    const names = getSerializedGrammar().map((r) => (r as { name?: string }).name);
    for (const p of ['file', 'header', 'import', 'declaration', 'factsBlock', 'factDecl', 'type', 'valueSet', 'member', 'define', 'rule', 'ruleName', 'ruleClause', 'action', 'target', 'because', 'doseSpec', 'schedule', 'phase', 'protocol', 'protocolClause', 'expr', 'orExpr', 'andExpr', 'notExpr', 'predicate', 'compareOp', 'valueList', 'additive', 'multiplicative', 'unary', 'primary', 'quantity']) {
      expect(names).toContain(p);
    }
  });

  it('offers content assist after a token prefix', () => {
    const before = lexer.tokenize('rule R "t" then ').tokens;
    const next = new Set(contentAssist(before).map((p) => p.nextTokenType.name));
    expect(next).toContain('KwContraindicate');
    expect(next).toContain('KwAdvise');
    const atStart = new Set(contentAssist([]).map((p) => p.nextTokenType.name));
    expect(atStart).toEqual(new Set(['KwRuleset', 'KwImport', 'KwFacts', 'KwGroups', 'KwValueset', 'KwTable', 'KwDefine', 'KwRule', 'KwProtocol']));
  });
});

// Keep the Expr import used for readers of `show`.
export type { Expr };

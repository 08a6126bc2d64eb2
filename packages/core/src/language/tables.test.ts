// Decision tables: the header and rows parse to the AST with exact ranges, each row means the
// rule TABLE.rowN (conditions on the columns, overrides from the hit policy), and a broken
// row is a syntax error that leaves the other rows and declarations standing.
import { describe, expect, it } from 'vitest';
import { decl, parse, parseOk, sliceOf } from './test-helpers.js';
import { hitPolicy, parseRowId, tableRowId, tableRules } from './tables.js';

const TABLE = `table AZA-PGX "Azathioprine by phenotype"
  source "CPIC"
  strength strong
  group aza_use
  hit first
  | tpmt         | nudt15 | wbc          | then
  | poor         | -      | -            | contraindicate azathioprine
  | intermediate | normal | >= 3 10*9/L  | dose azathioprine 30% to 80% of standard then monitor cbc every 1 wk
    source "row source"
  | { normal }   | not poor and not intermediate | 3 10*9/L to 10 10*9/L | recommend azathioprine
    strength moderate
  | missing      | -      | -            | advise because "test TPMT first"
`;

describe('decision tables: syntax', () => {
  it('parses the clauses, the header and each row with its cells and actions', () => {
    const doc = parseOk(TABLE);
    const t = decl(doc, 'TableDecl');
    expect(t.id.value).toBe('AZA-PGX');
    expect(t.title?.value).toBe('Azathioprine by phenotype');
    expect(t.sources.map((s) => s.value)).toEqual(['CPIC']);
    expect(t.strength?.value).toBe('strong');
    expect(t.groups.map((g) => g.value)).toEqual(['aza_use']);
    expect(t.hit?.value).toBe('first');
    expect(t.columns.map((c) => sliceOf(TABLE, c))).toEqual(['tpmt', 'nudt15', 'wbc']);
    expect(sliceOf(TABLE, { range: t.header })).toBe('| tpmt         | nudt15 | wbc          | then');
    expect(t.rows).toHaveLength(4);
    const [r1, r2, r3, r4] = t.rows;
    expect(r1!.cells.map((c) => c.tests.map((x) => x.kind))).toEqual([['CellIn'], [], []]);
    expect(sliceOf(TABLE, { range: r1!.cellsRange })).toBe('| poor         | -      | -            |');
    expect(r2!.actions.map((a) => a.verb)).toEqual(['dose', 'monitor']);
    expect(r2!.sources.map((s) => s.value)).toEqual(['row source']);
    expect(sliceOf(TABLE, r2!.cells[2]!)).toBe('>= 3 10*9/L');
    expect(r3!.cells[1]!.tests.map((x) => x.kind === 'CellIn' && x.negated)).toEqual([true, true]);
    expect(r3!.cells[2]!.tests[0]!.kind).toBe('CellRange');
    expect(r3!.strength?.value).toBe('moderate');
    expect(r4!.cells[0]!.tests[0]).toMatchObject({ kind: 'CellPresence', missing: true });
  });

  it('reads true, false and includes cells', () => {
    const t = decl(parseOk(`table T-1 "t" | pregnant | meds | then\n  | true | includes xoi | caution azathioprine\n  | false | includes { a, b } | recommend azathioprine`), 'TableDecl');
    expect(t.rows[0]!.cells[0]!.tests[0]).toMatchObject({ kind: 'CellCompare', op: '=', opRange: undefined, value: { kind: 'BooleanLiteral', value: true } });
    expect(t.rows[1]!.cells[1]!.tests[0]).toMatchObject({ kind: 'CellIncludes', values: { braced: true } });
  });

  it('reports a broken row and keeps the other rows and the next declaration', () => {
    const r = parse(`table T-1 "t"
  | tpmt | then
  | normal | recommend azathioprine
  | < | caution azathioprine
  | poor | contraindicate azathioprine
rule R-1 "after" when pregnant then caution azathioprine
`);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toContain('Expected');
    expect(r.diagnostics[0]!.range.start.line).toBe(3);
    const t = decl(r.document, 'TableDecl');
    expect(t.rows.length).toBeGreaterThanOrEqual(1);
    expect(decl(r.document, 'RuleDecl').id.value).toBe('R-1');
  });

  it('explains a missing header', () => {
    const r = parse(`table T-1 "t" source "s"\nrule R-1 "x" then caution azathioprine`);
    expect(r.diagnostics[0]!.message).toMatch(/table clause .* header line/);
  });
});

describe('decision tables: the rules they mean', () => {
  it('gives each row the id TABLE.rowN, the table as a group, and the table sources unless the row has its own', () => {
    const t = decl(parseOk(TABLE), 'TableDecl');
    const rules = tableRules(t);
    expect(rules.map((r) => r.id.value)).toEqual(['AZA-PGX.row1', 'AZA-PGX.row2', 'AZA-PGX.row3', 'AZA-PGX.row4']);
    expect(rules[0]!.groups.map((g) => g.value)).toEqual(['aza_use', 'AZA-PGX']);
    expect(rules[0]!.sources.map((s) => s.value)).toEqual(['CPIC']);
    expect(rules[1]!.sources.map((s) => s.value)).toEqual(['row source']);
    expect(rules[2]!.strength?.value).toBe('moderate');
    expect(rules[0]!.strength?.value).toBe('strong');
    expect(rules[0]!.title?.value).toBe('Azathioprine by phenotype (row 1)');
    expect(tableRules(t)).toBe(rules);
    expect(tableRowId('T-1', 0)).toBe('T-1.row1');
    expect(parseRowId('AZA-PGX.row12')).toEqual({ table: 'AZA-PGX', index: 11 });
    expect(parseRowId('AZA-PGX')).toBeUndefined();
  });

  it('joins the cells of a row with and, each on its column, a - adding nothing', () => {
    const t = decl(parseOk(TABLE), 'TableDecl');
    const [r1, r2, r3] = tableRules(t);
    expect(r1!.when).toMatchObject({ kind: 'InExpr', subject: { kind: 'NameRef', name: { value: 'tpmt' } }, values: { items: [{ value: 'poor' }] } });
    expect(r2!.when).toMatchObject({ kind: 'LogicalExpr', op: 'and', right: { kind: 'CompareExpr', op: '>=', left: { name: { value: 'wbc' } } } });
    // 3 10*9/L to 10 10*9/L: both bounds included.
    const w3 = r3!.when!;
    expect(w3.kind === 'LogicalExpr' && w3.right).toMatchObject({ kind: 'CompareExpr', op: '<=' });
    const all = tableRules(decl(parseOk(`table T-1 "t" | tpmt | then\n  | - | recommend azathioprine`), 'TableDecl'));
    expect(all[0]!.when).toBeUndefined();
  });

  it('carries the hit policy in overrides: first (every later row), priority (lower-ranked outputs), unique and collect (none)', () => {
    const rows = `
  | poor   | contraindicate azathioprine
  | -      | dose azathioprine 50 mg/d
  | normal | caution azathioprine`;
    const overrides = (hit: string) =>
      tableRules(decl(parseOk(`table T-1 "t"${hit ? ` hit ${hit}` : ''} | tpmt | then${rows}`), 'TableDecl')).map((r) => r.overrides.map((o) => o.value));
    expect(overrides('first')).toEqual([['T-1.row2', 'T-1.row3'], ['T-1.row3'], []]);
    expect(overrides('priority')).toEqual([['T-1.row2', 'T-1.row3'], [], ['T-1.row2']]);
    expect(overrides('unique')).toEqual([[], [], []]);
    expect(overrides('collect')).toEqual([[], [], []]);
    expect(overrides('')).toEqual([[], [], []]);
    expect(hitPolicy(decl(parseOk(`table T-1 "t" | tpmt | then${rows}`), 'TableDecl'))).toBe('unique');
  });
});

// The generated .d.ts type-checks, and describes the module: a consumer using the right
// forms compiles, one using a wrong enum member, unit or rule id does not.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { generateEngine } from './generate.js';
import { action, cmp, f, fact, isIn, program, q, rule, T, truth } from '@vigil/core/test';

const ir = program({
  name: 'typed',
  version: '2.0.0',
  facts: [
    fact('tpmt', T.enum('normal', 'low', 'absent'), { description: 'TPMT */ phenotype\nsecond line' }),
    fact('wbc', T.quantity('10*9/L'), { units: { '/uL': '0.001' } }),
    fact('alt', T.quantity('U/L'), { baseline: true, uln: true }),
    fact('medications', T.set(T.code)),
    fact('pregnant', T.boolean),
    fact('last_dose', T.datetime),
    fact('odd name', T.text, { description: 'a `code` ${x} */ /*' }),
  ],
  rules: [
    rule('AZA-1', { when: isIn(f('tpmt', T.enum('normal', 'low', 'absent')), ['low', 'absent']), actions: [action('contraindicate', ['azathioprine'])] }),
    rule('AZA-2', { when: cmp(f('wbc', T.quantity('10*9/L')), '<', q('2.5', '10*9/L')) }),
    rule('AZA-3', { when: truth(f('pregnant', T.boolean)) }),
  ],
});

/** Type-check `files` (written to a temporary directory); returns the diagnostics as text. */
function typecheck(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-dts-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, 'utf8');
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts'],
      types: [],
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
    };
    const program = ts.createProgram(Object.keys(files).map((n) => join(dir, n)), options);
    return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? d.file.fileName.slice(dir.length + 1) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const dts = generateEngine(ir).dts;

const CONSUMER = `
import { evaluate, evaluateValidated, validateFacts, FactsError, ruleset, rules, facts, type Facts, type RuleId, type EvaluationResult } from './engine.js';

const input: Facts = {
  tpmt: 'low',
  wbc: '2100 /uL',
  alt: { value: 250, unit: 'U/L' },
  alt_baseline: 40,
  alt_uln: '45',
  medications: ['allopurinol', 'rxnorm:519'],
  pregnant: null,
  last_dose: '2024-03-01T08:00:00Z',
  'odd name': 'x',
};
const result: EvaluationResult = evaluate(input, { now: new Date(), trace: true });
const ids: RuleId[] = result.decisions.map((d) => d.rule);
const first: 'AZA-1' | 'AZA-2' | 'AZA-3' | undefined = ids[0];
const v = validateFacts(JSON.parse('{}'));
if (v.ok) {
  const n: number | null = v.facts.wbc;
  const t: 'normal' | 'low' | 'absent' | null = v.facts.tpmt;
  evaluateValidated(v.facts);
  void n; void t;
} else {
  const paths: string[] = v.issues.map((i) => i.path);
  void paths;
}
try { evaluate({}); } catch (e) { if (e instanceof FactsError) { const p: string | undefined = e.issues[0]?.path; void p; } }
const version: '2.0.0' = ruleset.version;
const name: 'typed' = ruleset.name;
void first; void version; void name; void rules; void facts;
`;

describe('.d.ts', () => {
  it("declares the result types as @vigil/runtime does, over the engine's own RuleId and FactName", () => {
    const runtimeTypes = readFileSync(join(import.meta.dirname, '../../../runtime/src/types.ts'), 'utf8');
    const declarations = runtimeTypes.slice(runtimeTypes.indexOf('\n// ---- engine declarations\n') + '\n// ---- engine declarations\n'.length).replace(/^\n+/, '');
    expect(declarations).toContain('export interface Decision {');
    expect(dts).toContain(declarations);
    expect(dts).toContain('export type RuleId = "AZA-1" | "AZA-2" | "AZA-3";');
    expect(dts.match(/^export (?:type|interface) Decision\b/gm)).toHaveLength(1);
  });

  it('escapes descriptions inside JSDoc', () => {
    expect(dts).toContain('TPMT *\\/ phenotype');
    expect(dts).not.toMatch(/phenotype\*\//);
    expect(dts).toContain('a `code` ${x} *\\/ /*');
  });

  it('type-checks with a consumer using the accepted forms', () => {
    expect(typecheck({ 'engine.d.ts': dts, 'consumer.ts': CONSUMER })).toEqual([]);
  }, 30_000);

  it('rejects wrong enum members, units and rule ids', () => {
    const bad = `
import { evaluate, type Facts, type RuleId } from './engine.js';
const a: Facts = { tpmt: 'medium' };
const b: Facts = { wbc: '2100 g' };
const c: Facts = { unknown_fact: 1 };
const d: RuleId = 'AZA-9';
const e: Facts = { medications: 'allopurinol' };
void a; void b; void c; void d; void e; void evaluate;
`;
    const diags = typecheck({ 'engine.d.ts': dts, 'consumer.ts': bad });
    expect(diags.length).toBe(5);
  }, 30_000);
});

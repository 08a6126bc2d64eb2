// The fuzz target for rule text: random and hostile text through the whole pipeline
// (parse, check, lower, generate the engine, format). The contract only: nothing throws,
// no input takes longer than a per-input limit, memory stays bounded. Bounded by count;
// CI runs it with the fixed seed of test/setup/fast-check.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText, parseDocument } from '@vigil/core';
import { format } from '@vigil/formatter';
import { loadCompiler } from '../support.js';
import { token } from '../rule-text-arbitraries.js';

const URI = '/memory/fuzz.vigil';
/** Far above any single input's cost on a loaded machine: a hang, not a slow run. */
const PER_INPUT_MS = 10_000;
const HEAP_GROWTH_BYTES = 512 * 1024 * 1024;

const HEAD = 'ruleset fuzz version "1"\nfacts {\n  wbc: quantity 10*9/L baseline\n  tpmt: enum { normal, low, absent }\n  d: datetime\n  meds: set of code\n  b: boolean\n}\n';

// Pieces the adversarial review used: limits of every kind, controls, imports out of the folder.
const hostile = fc.oneof(
  fc.nat({ max: 600 }).map((n) => `0.${'0'.repeat(n)}1`),
  fc.nat({ max: 600 }).map((n) => '9'.repeat(n + 1)),
  fc.constantFrom('10*1000000000000/L', '10*100000000/L', 'm100', '10*-99.10*-99.10*-99/L', '10*99.10*99.10*99/L', `${'mg/'.repeat(40)}L`),
  fc.constantFrom('within 300000 a', 'more than 3652501 d ago', 'within 10000 a'),
  fc.constantFrom('import "/dev/zero"', 'import "../../../../etc/passwd"', 'import "/proc/self/environ"', 'import "x.vigil"'),
  fc.constantFrom('\u202E', '\u2066', '\u001b]0;t\u0007', '\u009b', '\u0000', '\r', '\uFEFF', '\uD800'),
  fc.tuple(fc.constantFrom('and', 'or', '+'), fc.integer({ min: 1, max: 700 })).map(([op, n]) => Array.from({ length: n }, (_, i) => `wbc > ${i} 10*9/L`).join(` ${op} `)),
  fc.integer({ min: 1, max: 300 }).map((n) => `${'('.repeat(n)}b${')'.repeat(n)}`),
  fc.constantFrom('overrides R-1', 'overrides R-1, R-2', 'then contraindicate azathioprine', 'then dose azathioprine 1 mg/kg/d to 2.5 mg/kg/d'),
);
const piece = fc.oneof({ weight: 4, arbitrary: token }, { weight: 1, arbitrary: hostile });
const ruleText = fc.array(piece, { maxLength: 40 }).map((ps) => ps.join(' '));
const wellFormedRule = fc
  .tuple(fc.constantFrom('R-1', 'R-2', 'R-3'), ruleText, fc.constantFrom('caution azathioprine', 'contraindicate azathioprine', 'order tpmt'), fc.constantFrom('', 'overrides R-1', 'overrides R-2'))
  .map(([id, cond, action, overrides]) => `rule ${id} "t" source "s" ${overrides} when ${cond} then ${action}\n`);

async function pipeline(): Promise<(text: string) => void> {
  const compiler = await loadCompiler();
  return (text: string) => {
    const started = performance.now();
    parseDocument(text, URI);
    const result = checkText(text, URI, { readFile: () => undefined });
    // A failure caught inside the pipeline is still a failure of the contract.
    expect(result.diagnostics.filter((d) => /Internal error|parser failed/.test(d.message)).map((d) => d.message)).toEqual([]);
    if (result.ir && compiler) compiler.generateEngine(result.ir);
    format(text, URI);
    expect(performance.now() - started, 'one input took longer than the per-input limit').toBeLessThan(PER_INPUT_MS);
  };
}

describe('fuzz: rule text through parse, check, lower, compile and format', () => {
  it('never throws on token soup with hostile pieces', async () => {
    const run = await pipeline();
    const before = process.memoryUsage().heapUsed;
    fc.assert(fc.property(ruleText, (t) => run(HEAD + t)), { numRuns: 150 });
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(HEAP_GROWTH_BYTES);
  });

  it('never throws on rules whose conditions are fuzzed, and compiles what check accepts', async () => {
    const run = await pipeline();
    fc.assert(fc.property(fc.array(wellFormedRule, { minLength: 1, maxLength: 4 }), (rules) => run(HEAD + rules.join(''))), { numRuns: 150 });
  });

  it('compiles every rule set check accepts (check and compile agree)', async () => {
    const compiler = await loadCompiler();
    if (!compiler) return;
    const literal = fc.oneof(
      fc.nat({ max: 40 }).map((n) => `0.${'0'.repeat(n)}1`),
      fc.nat({ max: 40 }).map((n) => '7'.repeat(n + 1)),
    );
    const unit = fc.constantFrom('10*9/L', '/uL', '10*-99/L', '10*99/L', 'mm99', '10*12/L');
    fc.assert(
      fc.property(literal, unit, unit, (n, factUnit, litUnit) => {
        const text = `ruleset t version "1"\nfacts { q: quantity ${factUnit} }\nrule A "a" source "s" when q > ${n} ${litUnit} then caution azathioprine\n`;
        const r = checkText(text, URI, { readFile: () => undefined });
        if (r.ir) expect(() => compiler.generateEngine(r.ir!)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

// Determinism and injection safety: every string of the IR reaches the generated module as
// data, and comes back out exactly, whether loaded with instantiateEngine or as an ES module.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { IrProgram } from '@vigil/core';
import { generateEngine } from './generate.js';
import { lit } from './escape.js';
import { instantiateEngine, type Engine } from '../load.js';
import { action, cmp, f, fact, includes, isIn, program, q, rule, T, term, truth, valueSet } from '@vigil/core/test';

const NASTY = ['"', "'", '`', '${globalThis.__pwned = 1}', '*/', '/*', '//', '\\', '\n', '\r', '\u2028', '\u2029', '\u{1F600}', '\ud800', '\udc00x', '</script>', '\0', '");globalThis.__pwned=1;//', '`+(globalThis.__pwned=1)+`', 'é', ' '];
const nasty = fc.array(fc.constantFrom(...NASTY), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));

/** A program whose every name, unit, code, title and message is `s`-based. */
function nastyProgram(s: string): IrProgram {
  const flag = `flag${s}`;
  const level = `level${s}`;
  const dose = `dose${s}`;
  const meds = `meds${s}`;
  const unit = `u${s.replace(/\s/g, '_')}`;
  const member = `m${s}`;
  return program({
    name: `set${s}`,
    version: s,
    facts: [
      fact(flag, T.boolean, { description: `desc ${s} */ end` }),
      fact(level, T.enum(`a${s}`, `b${s}`), { description: s }),
      fact(dose, T.quantity(unit), { units: { [`k${unit}`]: '1000' } }),
      fact(meds, T.set(T.code)),
    ],
    valueSets: [valueSet(`vs${s}`, [term(member, `sys:${s}`)], s)],
    rules: [
      rule(`R1${s}`, {
        title: s,
        sources: [s, `src${s}`],
        strength: s,
        when: truth(f(flag, T.boolean)),
        actions: [action('advise', [], { message: s }), action('caution', [`target${s}`], { message: `t${s}` })],
      }),
      rule(`R2${s}`, { title: `two${s}`, when: isIn(f(level, T.enum(`a${s}`, `b${s}`)), [`a${s}`]) }),
      rule(`R3${s}`, { title: `three${s}`, when: cmp(f(dose, T.quantity(unit)), '>=', q('2.5', unit)) }),
      rule(`R4${s}`, { title: `four${s}`, when: includes(f(meds, T.set(T.code)), [term(member, `sys:${s}`)]), overrides: [`R1${s}`] }),
    ],
  });
}

function exercise(engine: Engine, s: string): void {
  const before = Object.keys(globalThis).length;
  const ok = engine.evaluate({ [`flag${s}`]: true });
  const advise = ok.decisions.find((d) => d.action === 'advise')!;
  expect(advise.message).toBe(s);
  expect(advise.title).toBe(s);
  expect(advise.rule).toBe(`R1${s}`);
  expect(advise.sources).toEqual([s, `src${s}`]);
  expect(advise.strength).toBe(s);
  expect(ok.decisions.find((d) => d.action === 'caution')!.targets).toEqual([`target${s}`]);
  const unit = `u${s.replace(/\s/g, '_')}`;
  const all = engine.evaluate({
    [`flag${s}`]: true,
    [`level${s}`]: `a${s}`,
    [`dose${s}`]: { value: '0.0025', unit: `k${unit}` },
    [`meds${s}`]: [`SYS:${s}`],
  });
  expect(all.decisions.map((d) => d.rule)).toEqual([`R2${s}`, `R3${s}`, `R4${s}`]);
  expect(all.overridden).toEqual([{ rule: `R1${s}`, by: `R4${s}` }]);
  expect(all.decisions[0]!.explanation[0]!.text).toBe(`level${s} = a${s}, in { a${s} }`);
  expect(all.decisions[1]!.explanation[0]!.text).toBe(`dose${s} 2.5 ${unit} >= 2.5 ${unit}`);
  expect(all.decisions[2]!.explanation[0]!.text).toBe(`meds${s} includes m${s} (sys:${s})`);
  const none = engine.evaluate({});
  expect(none.notEvaluable.map((n) => n.missing)).toEqual([[`flag${s}`], [`level${s}`], [`dose${s}`], [`meds${s}`]]);
  const bad = engine.validateFacts({ [`level${s}`]: 'zzz' });
  expect(bad.ok).toBe(false);
  if (!bad.ok) expect(bad.issues[0]!.path).toBe(`level${s}`);
  expect(engine.ruleset.name).toBe(`set${s}`);
  expect(engine.ruleset.version).toBe(s);
  expect(engine.facts[0]!.description).toBe(`desc ${s} */ end`);
  expect(Object.keys(globalThis).length).toBe(before);
  expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;

async function importEsm(js: string): Promise<Engine> {
  const file = join(dir, `engine${fileCounter++}.mjs`);
  writeFileSync(file, js, 'utf8');
  return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Engine;
}

describe('injection safety', () => {
  it('escapes every string literal: quotes, line terminators, lone surrogates', () => {
    expect(lit('a"b\\c\n\u2028\u2029')).toBe('"a\\"b\\\\c\\n\\u2028\\u2029"');
    expect(lit('\ud800x\udc00')).toBe('"\\ud800x\\udc00"');
    expect(lit('\u{1F600}')).toBe('"\u{1F600}"');
    for (const s of NASTY) expect(new Function(`return ${lit(s)};`)()).toBe(s);
    for (const s of NASTY) expect(JSON.parse(lit(s))).toBe(s);
  });

  it('keeps hostile names and messages as data (instantiateEngine)', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        exercise(instantiateEngine(nastyProgram(s)), s);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps hostile names and messages as data (the ES module, imported from disk)', async () => {
    const samples = [NASTY.join(''), '*/${globalThis.__pwned = 1}`\u2028', '\ud800\n"', ...fc.sample(nasty, { numRuns: 8, seed: 7 })];
    for (const s of samples) {
      const g = generateEngine(nastyProgram(s));
      expect(g.js).not.toMatch(/^\s*import\b/m);
      exercise(await importEsm(g.js), s);
    }
  });

  it('emits no IR string in a comment or as an identifier', () => {
    const s = 'ZQX';
    const js = generateEngine(nastyProgram(s)).js;
    for (const line of js.split('\n')) {
      const comment = line.match(/\/\/(.*)$|\/\*(.*)\*\//);
      // Only fixed comment text; the prelude's comments never contain IR text.
      if (comment && !line.includes('"')) expect(line).not.toContain(s);
    }
    // Every occurrence is inside a string literal.
    const outside = js.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
    expect(outside).not.toContain(s);
  });

  it('rejects an IR whose numbers or exact values are not what they claim', () => {
    const ir = nastyProgram('x');
    const badAtom = JSON.parse(JSON.stringify(ir)) as { rules: { when: { atom: unknown } }[] };
    badAtom.rules[0]!.when.atom = '0]; globalThis.__pwned = 1; [';
    expect(() => generateEngine(badAtom as unknown as IrProgram)).toThrow();
    const badExact = JSON.parse(JSON.stringify(ir)) as { rules: { when: { right: { value: unknown } } }[] };
    badExact.rules[2]!.when.right.value = '1; globalThis.__pwned = 1';
    expect(() => generateEngine(badExact as unknown as IrProgram)).toThrow(/malformed exact number/);
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same IR, and for a structurally equal copy', () => {
    const ir = nastyProgram('d\u2028');
    const a = generateEngine(ir);
    const b = generateEngine(JSON.parse(JSON.stringify(ir)) as IrProgram);
    expect(b.js).toBe(a.js);
    expect(b.dts).toBe(a.dts);
    expect(b.schema).toBe(a.schema);
    const fa = generateEngine(ir, { flavour: 'function' });
    expect(generateEngine(ir, { flavour: 'function' }).js).toBe(fa.js);
  });

  it('differs between flavours only in the export wrapper', () => {
    const ir = nastyProgram('w');
    const esm = generateEngine(ir).js;
    const fn = generateEngine(ir, { flavour: 'function' }).js;
    const strip = (s: string) => s.replace('"use strict";\n', '').replace(/\n(export \{|return \{)[^\n]*\n$/, '\n');
    expect(strip(fn)).toBe(strip(esm));
  });

  it('evaluates the same patient to the same result, call after call', () => {
    const e = instantiateEngine(nastyProgram('q'));
    const input = { flagq: true, levelq: 'aq', doseq: 3, medsq: ['mq'] };
    const first = JSON.stringify(e.evaluate(input, { now: 0, trace: true }));
    for (let i = 0; i < 5; i++) expect(JSON.stringify(e.evaluate(input, { now: 0, trace: true }))).toBe(first);
    e.evaluate({}, { now: 0 });
    expect(JSON.stringify(e.evaluate(input, { now: 0, trace: true }))).toBe(first);
  });
});

// Code generation is deterministic and injection-safe: strings from the rule text reach the
// generated module as data, never as code, and come back out exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFiles, checkText, collectRuleFiles } from '@vigil/core';
import type { IrProgram } from '@vigil/core';
import { importModule, loadCompiler, RULES_DIR } from './support.js';

const compiler = await loadCompiler();

/** A Vigil string literal holding exactly `s`. */
export function vigilString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f || cp === 0x2028 || cp === 0x2029 || cp > 0xffff || (cp >= 0xd800 && cp <= 0xdfff)) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

const NASTY = ['"', "'", '`', '${', '}', '${process.exit(1)}', '*/', '/*', '//', '\\', '\n', '\r', '\t', '\u2028', '\u2029', '\u{1F600}', '𝔘', '</script>', '\0', 'a', ' ', 'é', '\\u0000', ');throw 1;//', '`+globalThis.x+`'];
const nasty = fc.array(fc.constantFrom(...NASTY), { minLength: 1, maxLength: 12 }).map((p) => p.join(''));

function program(title: string, message: string, source: string, vsTitle: string): string {
  return `ruleset inj version ${vigilString(title)}
facts {
  flag: boolean ${vigilString(title)}
  tpmt: enum { normal, low } ${vigilString(message)}
}
valueset vs ${vigilString(vsTitle)} { allopurinol rxnorm ${vigilString(source)} }
define d ${vigilString(vsTitle)} = flag
rule INJ-1 ${vigilString(title)}
  source ${vigilString(source)}, ${vigilString(message)}
  when d
  then advise because ${vigilString(message)}
  then caution azathioprine because ${vigilString(title)}
`;
}

function compileIr(text: string): IrProgram {
  const r = checkText(text, '/memory/inj.vigil', { readFile: () => undefined });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => d.message)).toEqual([]);
  return r.ir!;
}

describe.skipIf(!compiler)('generated code', () => {
  it('is deterministic: the same IR gives the same bytes, and so does a fresh check of the same files', () => {
    const { files } = collectRuleFiles([RULES_DIR]);
    const ir = checkFiles(files).ir!;
    expect(ir).toBeDefined();
    const a = compiler!.generateEngine(ir, { flavour: 'esm' });
    const b = compiler!.generateEngine(structuredClone(ir), { flavour: 'esm' });
    const c = compiler!.generateEngine(JSON.parse(JSON.stringify(checkFiles([...files].reverse()).ir ?? ir)) as IrProgram, { flavour: 'esm' });
    expect(b.js).toBe(a.js);
    expect(b.dts).toBe(a.dts);
    expect(b.schema).toBe(a.schema);
    expect(c.js.length).toBeGreaterThan(0);
    expect(compiler!.generateEngine(ir, { flavour: 'esm' }).js).toBe(a.js);
  });

  it('carries quotes, backticks, ${…}, */, line breaks, U+2028 and non-BMP characters through exactly', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, nasty, nasty, async (title, message, source, vsTitle) => {
        const ir = compileIr(program(title, message, source, vsTitle));
        expect(ir.rules[0]!.title).toBe(title);
        const globals = () => Object.keys(globalThis).filter((k) => !k.startsWith('__zod')).sort();
        const before = globals();
        const generated = compiler!.generateEngine(ir, { flavour: 'esm' });
        const mod = await importModule(generated.js);
        await importModule(generated.schema);
        expect(globals()).toEqual(before);
        const engines = [compiler!.instantiateEngine(ir)];
        if (typeof mod.evaluate === 'function') engines.push({ evaluate: mod.evaluate as never, validateFacts: (mod.validateFacts ?? (() => ({ ok: true }))) as never });
        for (const engine of engines) {
          const result = engine.evaluate({ flag: true });
          expect(result.decisions).toHaveLength(2);
          const advise = result.decisions.find((d) => d.action === 'advise')!;
          const caution = result.decisions.find((d) => d.action === 'caution')!;
          expect(advise.message).toBe(message);
          expect(advise.title).toBe(title);
          expect(advise.sources).toEqual([source, message]);
          expect(caution.message).toBe(title);
          const missing = engine.evaluate({});
          expect(missing.notEvaluable.map((n) => n.title)).toEqual([title]);
        }
      }),
      { numRuns: 40 },
    );
  });
});

// Remembered logic results never outlive their inputs: after each edit below, a check through
// the caches gives exactly the diagnostics of a fresh check, and the edit changes what the
// logic rules say (so a result remembered from before the edit would show).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTexts, clearParseCache } from '../pipeline.js';
import { REQUIRED_FACTS } from '../../test-support/markers.js';

const noDisk = { readFile: () => undefined };
const FACTS = '/m/facts.vigil';
const RULES = '/m/rules.vigil';
// The facts file carries the set's one `ruleset` header; the rules file only imports it.
const header = (...imports: string[]) => imports.map((i) => `import "${i}"\n`).join('');

/** The logic diagnostics of `files`, checked after `before` through the caches and from scratch. */
function afterEdit(before: Record<string, string>, after: Record<string, string>) {
  const logic = (r: ReturnType<typeof checkTexts>) => r.diagnostics.filter((d) => /^VGL5/.test(d.code));
  clearParseCache();
  const old = logic(checkTexts(new Map(Object.entries(before)), noDisk));
  const incremental = logic(checkTexts(new Map(Object.entries({ ...before, ...after })), noDisk));
  clearParseCache();
  const fresh = logic(checkTexts(new Map(Object.entries({ ...before, ...after })), noDisk));
  return { old, incremental, fresh };
}

const facts = REQUIRED_FACTS.replace(/^(  \w+: .*)$/gm, '$1 optional');

describe('remembered logic results', () => {
  it('follow a definition the rule reads', () => {
    const rules = (bound: string) => `${header('facts.vigil')}
define low_wbc "low" = wbc < ${bound} 10*9/L
rule R-1 "x" source "s" when low_wbc and wbc > 3 10*9/L then caution azathioprine`;
    const r = afterEdit({ [FACTS]: facts, [RULES]: rules('2') }, { [RULES]: rules('5') });
    expect(r.old.map((d) => d.code)).toEqual(['VGL5001']);
    expect(r.incremental).toEqual(r.fresh);
    expect(r.fresh).toEqual([]);
  });

  it("follow the siblings an otherwise rule negates, which its own text does not name", () => {
    const rules = (bound: string) => `${header('facts.vigil')}
groups { g }
rule R-1 "x" source "s" group g when daily_dose > ${bound} mg/d then advise because "a"
rule R-2 "y" source "s" group g otherwise when daily_dose > 5 mg/d then advise because "b"`;
    const r = afterEdit({ [FACTS]: facts, [RULES]: rules('2') }, { [RULES]: rules('10') });
    expect(r.old.map((d) => d.code)).toEqual(['VGL5001']);
    expect(r.incremental).toEqual(r.fresh);
    expect(r.fresh).toEqual([]);
  });

  it('follow the members of a group checked for gaps', () => {
    const rules = (op: string) => `${header('facts.vigil')}
groups { g }
rule R-1 "x" source "s" group g when daily_dose ${op} 2 mg/d then advise because "a"
rule R-2 "y" source "s" group g when daily_dose < 2 mg/d then advise because "b"`;
    const r = afterEdit({ [FACTS]: facts, [RULES]: rules('>=') }, { [RULES]: rules('>') });
    expect(r.old).toEqual([]);
    expect(r.incremental).toEqual(r.fresh);
    expect(r.fresh.map((d) => d.code)).toEqual(['VGL5030']);
  });

  it('follow an enum fact the rule reads, in another file', () => {
    const rules = `${header('facts.vigil')}
rule R-1 "x" source "s" when tpmt != low and tpmt != normal and tpmt != intermediate then caution azathioprine`;
    const narrower = facts.replace('enum { normal, intermediate, low, absent }', 'enum { normal, intermediate, low }');
    const r = afterEdit({ [FACTS]: facts, [RULES]: rules }, { [FACTS]: narrower });
    expect(r.old).toEqual([]);
    expect(r.incremental).toEqual(r.fresh);
    expect(r.fresh.map((d) => d.code)).toEqual(['VGL5001']);
  });

  it('follow a value set the rule reads', () => {
    const withSet = (members: string) => facts.replace(/^valueset xoi .*$/m, `valueset xoi "x" { ${members} }`);
    const rules = `${header('facts.vigil')}
rule R-1 "x" source "s" when meds includes xoi and not (meds includes allopurinol) and not (meds includes febuxostat) then caution azathioprine`;
    const r = afterEdit(
      { [FACTS]: withSet('allopurinol rxnorm "519", febuxostat rxnorm "73689"'), [RULES]: rules },
      { [FACTS]: withSet('allopurinol rxnorm "519", febuxostat rxnorm "73689", oxipurinol rxnorm "7676"') },
    );
    expect(r.old.map((d) => d.code)).toEqual(['VGL5001']);
    expect(r.incremental).toEqual(r.fresh);
    expect(r.fresh).toEqual([]);
  });

  it('follow the order of the atoms a reason quotes when a definition moves', () => {
    const def = 'define high_wbc "high" = wbc > 3 10*9/L\n';
    const rule = 'rule R-1 "x" source "s" when wbc < 2 10*9/L and high_wbc then caution azathioprine\n';
    const r = afterEdit({ [FACTS]: facts, [RULES]: `${header('facts.vigil')}${rule}${def}` }, { [RULES]: `${header('facts.vigil')}${def}${rule}` });
    expect(r.incremental).toEqual(r.fresh);
    expect(r.fresh.map((d) => d.message)).toEqual(['Rule R-1 can never fire: wbc > 3 10*9/L and wbc < 2 10*9/L cannot both hold.']);
    expect(r.old.map((d) => d.message)).toEqual(['Rule R-1 can never fire: wbc < 2 10*9/L and wbc > 3 10*9/L cannot both hold.']);
  });

  it('follow the order of the files', () => {
    const a = '/m/a.vigil';
    const b = '/m/b.vigil';
    const textA = `ruleset t version "1"\n${facts.replace(/^ruleset.*\n/, '')}define high_wbc "high" = wbc > 3 10*9/L\n`;
    const textB = 'rule R-1 "x" source "s" when wbc < 2 10*9/L and high_wbc then caution azathioprine\n';
    // The same texts, checked with the files in the other order.
    clearParseCache();
    const first = checkTexts(new Map([[a, textA], [b, textB]]), noDisk).diagnostics;
    const incremental = checkTexts(new Map([[b, textB], [a, textA]]), noDisk).diagnostics;
    clearParseCache();
    const fresh = checkTexts(new Map([[b, textB], [a, textA]]), noDisk).diagnostics;
    expect(incremental).toEqual(fresh);
    expect(fresh.filter((d) => d.code === 'VGL5001').map((d) => d.message)).not.toEqual(first.filter((d) => d.code === 'VGL5001').map((d) => d.message));
  });

  it('follow the pair: a conflict goes when one rule of it changes', () => {
    const rules = (bound: string) => `${header('facts.vigil')}
rule R-1 "x" source "s" when wbc < ${bound} 10*9/L then stop azathioprine
rule R-2 "y" source "s" when wbc > 3 10*9/L then recommend azathioprine`;
    const r = afterEdit({ [FACTS]: facts, [RULES]: rules('5') }, { [RULES]: rules('2') });
    expect(r.old.map((d) => d.code)).toContain('VGL5002');
    expect(r.incremental).toEqual(r.fresh);
    expect(r.fresh.map((d) => d.code)).not.toContain('VGL5002');
  });

  it('move with their rules: a rule moved down keeps its finding, at its new place', () => {
    const one = 'rule R-1 "x" source "s" when wbc < 2 10*9/L and wbc > 3 10*9/L then caution azathioprine\n';
    const two = 'rule R-2 "y" source "s" when wbc < 2 10*9/L then caution azathioprine\n';
    const r = afterEdit({ [FACTS]: facts, [RULES]: `${header('facts.vigil')}${one}${two}` }, { [RULES]: `${header('facts.vigil')}\n\n${two}${one}` });
    expect(r.incremental).toEqual(r.fresh);
    expect(r.fresh.map((d) => [d.code, d.range.start.line])).not.toEqual(r.old.map((d) => [d.code, d.range.start.line]));
  });
});

// Small rule sets dense in findings (rules that never fire, conflicts, overlapping doses,
// coverage gaps), whose conditions read definitions in another file; edits retype numbers,
// move declarations and change an enum, so that remembered results would often be stale.
const atom = fc.oneof(
  fc.integer({ min: 1, max: 6 }).map((n) => `wbc < ${n} 10*9/L`),
  fc.integer({ min: 1, max: 6 }).map((n) => `wbc > ${n} 10*9/L`),
  fc.integer({ min: 0, max: 2 }).map((n) => `d${n}`),
  fc.integer({ min: 0, max: 2 }).map((n) => `not d${n}`),
  fc.constantFrom('tpmt = low', 'tpmt = absent', 'tpmt != normal', 'meds includes xoi', 'weight is missing'),
);
const action = fc.oneof(
  fc.constant('stop azathioprine'),
  fc.constant('recommend azathioprine'),
  fc.constant('caution azathioprine'),
  fc.integer({ min: 1, max: 3 }).map((n) => `dose azathioprine ${n * 50} mg/d`),
  fc.integer({ min: 1, max: 2 }).map((n) => `dose azathioprine ${n} mg/kg/d * weight`),
);
const definition = fc.oneof(
  fc.integer({ min: 1, max: 6 }).map((n) => `wbc < ${n} 10*9/L`),
  fc.constantFrom('tpmt in { low, absent }', 'tpmt = normal and wbc > 2 10*9/L', 'meds includes allopurinol'),
);
const ruleSet = fc.record({
  definitions: fc.tuple(definition, definition, definition),
  rules: fc.array(fc.record({ atoms: fc.array(atom, { minLength: 1, maxLength: 3 }), action }), { minLength: 2, maxLength: 6 }),
});
const change = fc.record({ kind: fc.constantFrom('number', 'move', 'enum'), file: fc.boolean(), at: fc.nat(), to: fc.nat(), digit: fc.integer({ min: 1, max: 9 }) });

function files(set: { definitions: readonly string[]; rules: readonly { atoms: readonly string[]; action: string }[] }): Map<string, string> {
  const defs = set.definitions.map((d, i) => `define d${i} "d${i}" = ${d}`).join('\n\n');
  const rules = set.rules.map((r, i) => `rule R-${i} "r${i}" source "s"\n  when ${r.atoms.join(' and ')}\n  then ${r.action}`).join('\n\n');
  return new Map([
    [FACTS, `${facts}\n${defs}\n`],
    [RULES, `${header('facts.vigil')}\n${rules}\n`],
  ]);
}

function edited(text: string, e: { kind: string; at: number; to: number; digit: number }): string {
  if (e.kind === 'number') {
    const numbers = [...text.matchAll(/(?<=[<>] )\d|(?<=dose azathioprine )\d/g)];
    const m = numbers[e.at % Math.max(1, numbers.length)];
    return m ? text.slice(0, m.index) + String(e.digit) + text.slice(m.index + 1) : text;
  }
  if (e.kind === 'enum') return text.includes('low, absent }') && !text.includes('tpmt in') ? text.replace('low, absent }', 'low }') : text.replace('intermediate, low }', 'intermediate, low, absent }');
  const blocks = text.split('\n\n');
  if (blocks.length < 3) return text;
  const [block] = blocks.splice(1 + (e.at % (blocks.length - 1)), 1);
  blocks.splice(1 + (e.to % blocks.length), 0, block!);
  return blocks.join('\n\n');
}

describe('remembered logic results, at random', () => {
  it('give the diagnostics of a fresh check after every edit', () => {
    let findings = 0;
    fc.assert(
      fc.property(ruleSet, fc.array(change, { minLength: 1, maxLength: 4 }), (set, changes) => {
        const texts = files(set);
        clearParseCache();
        checkTexts(texts, noDisk);
        for (const e of changes) {
          const path = e.file ? FACTS : RULES;
          texts.set(path, edited(texts.get(path)!, e));
          const incremental = checkTexts(texts, noDisk).diagnostics;
          clearParseCache();
          const fresh = checkTexts(texts, noDisk).diagnostics;
          expect(incremental).toEqual(fresh);
          findings += fresh.filter((d) => /^VGL5/.test(d.code)).length;
        }
      }),
      { numRuns: 60 },
    );
    // The sets are dense in findings: the property is about results that could be stale.
    expect(findings).toBeGreaterThan(60);
  }, 120_000);
});

describe('a rule set checked once', () => {
  it('gets the logic diagnostics of a check that remembers, and leaves nothing for the next check', async () => {
    const { readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { checkFiles } = await import('../pipeline.js');
    const dir = join(import.meta.dirname, '../../../../rules/azathioprine');
    const files = readdirSync(dir).filter((f) => f.endsWith('.vigil')).map((f) => join(dir, f));
    clearParseCache();
    const once = checkFiles(files, undefined, { once: true });
    const logic = once.diagnostics.filter((d) => /^VGL5/.test(d.code));
    expect(logic.length).toBeGreaterThan(0);
    // A later check of the same texts finds no remembered results: it solves, and agrees.
    const remembering = checkFiles(files);
    expect(remembering.diagnostics).toEqual(once.diagnostics);
    clearParseCache();
    expect(checkFiles(files).diagnostics).toEqual(once.diagnostics);
  }, 60_000);
});

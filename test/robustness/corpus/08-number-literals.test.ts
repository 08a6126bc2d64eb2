// Item 8: a threshold below the smallest double compiled to 0, and a number of over 400
// digits passed check and crashed compile. Both are now refused by check with the limit,
// and check and compile agree on every such rule set.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractProblems, tempDir, vigil } from './vigil-process.js';

const rules = (threshold: string) => `ruleset t version "1"
facts { q: quantity mg }
rule A-1 "Tiny" source "s" when q > ${threshold} mg then caution azathioprine
rule A-2 "Unknown" source "s" when q is missing then order q
`;

const cases = [
  { name: 'a threshold with 330 zeros after the point', threshold: `0.${'0'.repeat(330)}1`, digits: 331 },
  { name: 'a number of 450 digits', threshold: '7'.repeat(450), digits: 450 },
];

describe.each(cases)('08 $name', ({ threshold, digits }) => {
  it('check refuses it with the limit, and compile writes nothing instead of crashing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'r.vigil'), rules(threshold));
    const check = vigil(['check', 'r.vigil'], dir);
    expect(contractProblems(check)).toEqual([]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('r.vigil:3:');
    expect(check.stdout).toContain(`VGL3007: The number ${threshold.slice(0, 12)}…${threshold.slice(-6)} has ${digits} digits; a number in rule text has at most 30`);
    const compile = vigil(['compile', 'r.vigil', '--target', 'js', '--out', 'out'], dir);
    expect(contractProblems(compile)).toEqual([]);
    expect(compile.code).toBe(1);
    expect(compile.stderr + compile.stdout).not.toMatch(/internal error/);
    expect(existsSync(join(dir, 'out', 'engine.js'))).toBe(false);
  });
});

describe('08 what check accepts compiles', () => {
  it('30 digits and an extreme unit conversion: check and compile agree', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.vigil'), rules(`0.${'0'.repeat(28)}1`));
    expect(vigil(['check', 'ok.vigil'], dir).code).toBe(0);
    const ok = vigil(['compile', 'ok.vigil', '--target', 'js', '--out', 'out'], dir);
    expect(ok.code).toBe(0);
    expect(existsSync(join(dir, 'out', 'engine.js'))).toBe(true);
    // Both units valid, their ratio (1e594) beyond what an engine keeps exactly.
    writeFileSync(join(dir, 'far.vigil'), 'ruleset t version "1"\nfacts { q: quantity 10*-99.10*-99.10*-99/L }\nrule A "a" source "s" when q > 1 10*99.10*99.10*99/L then caution azathioprine\n');
    const check = vigil(['check', 'far.vigil'], dir);
    const compile = vigil(['compile', 'far.vigil', '--target', 'js', '--out', 'out2'], dir);
    expect([check.code, compile.code]).toEqual([1, 1]);
    expect(check.stdout).toContain('beyond the numbers an engine keeps exactly');
    expect(contractProblems(compile)).toEqual([]);
  });
});

// Item 12, rule text: inputs that ended in exit 3 "internal error" or a stack overflow now
// get a clear diagnostic with file and line from every command.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractProblems, tempDir, vigil } from './vigil-process.js';

const NOW = '2026-01-01T00:00:00Z';

function commands(file: string): string[][] {
  return [
    ['check', file],
    ['compile', file, '--target', 'js', '--out', 'out'],
    ['eval', file, '--facts', 'p.json', '--now', NOW],
    ['gen-facts', file, '-n', '3', '--seed', '1'],
  ];
}

function expectClearError(dir: string, file: string, pattern: RegExp): void {
  for (const args of commands(file)) {
    const r = vigil(args, dir, 60_000);
    expect(contractProblems(r), args.join(' ')).toEqual([]);
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.stdout + r.stderr, args.join(' ')).toMatch(pattern);
    expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/internal error|Maximum call stack/);
  }
}

describe('12 rule text', () => {
  it('quantity 10*1000000000000/L is an invalid-unit error, not an internal error', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'u.vigil'), 'ruleset t version "1"\nfacts { q: quantity 10*1000000000000/L }\nrule A "a" source "s" when q > 1 10*1000000000000/L then caution azathioprine\n');
    writeFileSync(join(dir, 'p.json'), '{}');
    expectClearError(dir, 'u.vigil', /u\.vigil:2:21 - error VGL4001: .*has the exponent 1000000000000, over the limit of 99/);
  });

  it('within 300000 a is a duration error in check, eval, gen-facts and diff', () => {
    const dir = tempDir();
    const text = 'ruleset t version "1"\nfacts { d: date }\nrule A "a" source "s" when d within 300000 a then caution azathioprine\nrule B "b" source "s" when d is missing then order d\n';
    writeFileSync(join(dir, 'w.vigil'), text);
    writeFileSync(join(dir, 'p.json'), '{ "d": "2025-01-01" }');
    expectClearError(dir, 'w.vigil', /w\.vigil:3:37 - error VGL3008: The duration 300000 a is longer than 10,000 years/);
    writeFileSync(join(dir, 'old.vigil'), text.replace('300000 a', '3 a'));
    const diff = vigil(['diff', 'old.vigil', 'w.vigil', '--now', NOW], dir, 60_000);
    expect(contractProblems(diff)).toEqual([]);
    expect(diff.stdout + diff.stderr).toMatch(/VGL3008/);
  });

  it.each(['and', 'or'])('a 2,000-term %s chain is one clear error, in every command', (op) => {
    const dir = tempDir();
    const chain = Array.from({ length: 2000 }, (_, i) => `wbc > ${i} 10*9/L`).join(` ${op} `);
    writeFileSync(join(dir, 'c.vigil'), `ruleset t version "1"\nfacts { wbc: quantity 10*9/L }\nrule A "a" source "s" when ${chain} then caution azathioprine\n`);
    writeFileSync(join(dir, 'p.json'), '{ "wbc": "3 10*9/L" }');
    expectClearError(dir, 'c.vigil', /c\.vigil:3:6 - error VGL1004: This declaration holds an expression 2001 levels deep; the limit is 500/);
    // The formatter keeps such a file as it is, or lays it out: never a crash.
    const fmt = vigil(['fmt', '--check', 'c.vigil'], dir, 60_000);
    expect(contractProblems(fmt)).toEqual([]);
  });

  it('a 20,000-term chain: fmt and diff report it instead of overflowing the stack', () => {
    const dir = tempDir();
    const chain = Array.from({ length: 20_000 }, (_, i) => `wbc > ${i} 10*9/L`).join(' and ');
    const text = `ruleset t version "1"\nfacts { wbc: quantity 10*9/L }\nrule A "a" source "s" when ${chain} then caution azathioprine\n`;
    writeFileSync(join(dir, 'old.vigil'), text);
    writeFileSync(join(dir, 'new.vigil'), text.replace('caution', 'stop'));
    const fmt = vigil(['fmt', '--check', 'old.vigil'], dir, 60_000);
    expect(contractProblems(fmt)).toEqual([]);
    expect(fmt.code).toBe(1);
    expect(fmt.stderr).toContain('old.vigil:3:6 - error VGL1004: This declaration holds an expression 20001 levels deep');
    const diff = vigil(['diff', 'old.vigil', 'new.vigil', '--now', NOW], dir, 120_000);
    expect(contractProblems(diff)).toEqual([]);
    expect(diff.code).toBe(1);
    expect(diff.stdout + diff.stderr).toContain('VGL1004');
    expect(diff.stdout + diff.stderr).not.toMatch(/Maximum call stack|internal error/);
  });
});

// Shared pieces of the bounded fuzz targets: the contract every input must keep, a small
// rule set compiled once, and the input alphabets. Runs are bounded by count (fast-check's
// numRuns); CI fixes the seed (test/setup/fast-check.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { checkFiles } from '@vigil/core';
import { defaultServices, type Engine } from '@vigil/cli';

/** Per input: a hang is anything slower than this (far above the slowest real input). */
export const INPUT_TIME_LIMIT_MS = 5_000;
/** Per input: the heap may not grow by more than this (inputs are at most a few kB). */
export const INPUT_HEAP_LIMIT_BYTES = 64 * 1024 * 1024;

export const RULES = `ruleset fuzz version "1.0.0"

facts {
  tpmt: enum { normal, intermediate, low, absent }
  wbc: quantity 10*9/L
  pregnant: boolean
  medications: set of code
  last_dose: datetime
}

rule F-1 "Absent TPMT"
  source "s.txt"
  strength strong
  when tpmt in { low, absent }
  then contraindicate azathioprine because "pancytopenia"

rule F-2 "Low white cells"
  source "s.txt"
  strength moderate
  when wbc < 3.5 10*9/L or last_dose within 7 d
  then caution azathioprine because "leucopenia"
`;

/** A directory holding the fuzz rule set (rules.vigil). */
export function ruleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-fuzz-'));
  writeFileSync(join(dir, 'rules.vigil'), RULES);
  return dir;
}

let engine: Engine | undefined;
/** The fuzz rule set's engine, compiled once. */
export function fuzzEngine(dir: string): { engine: Engine; ir: NonNullable<ReturnType<typeof checkFiles>['ir']> } {
  const check = checkFiles([join(dir, 'rules.vigil')]);
  if (!check.ir) throw new Error('the fuzz rule set does not check');
  engine ??= defaultServices().instantiateEngine(check.ir);
  return { engine, ir: check.ir };
}

/** Runs `f` on one input and checks the time and heap limits. */
export async function withinLimits<T>(f: () => T | Promise<T>, what: () => string): Promise<T> {
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = await f();
  const ms = performance.now() - started;
  if (ms > INPUT_TIME_LIMIT_MS) throw new Error(`${what()} took ${ms.toFixed(0)} ms (limit ${INPUT_TIME_LIMIT_MS})`);
  const grown = process.memoryUsage().heapUsed - heap;
  if (grown > INPUT_HEAP_LIMIT_BYTES) throw new Error(`${what()} grew the heap by ${(grown / 1048576).toFixed(0)} MB`);
  return result;
}

/** Text rich in the characters that matter to JSON, NDJSON, CSV and YAML readers. */
export const structuredText = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', "'", '\\', '\n', '\r', '\r\n', ' ', '\t', '#', '&a', '*a', '-', '?', '|', '>', '!', '%', '@', '`', '\u0000', '\ufeff', '\u202e') },
      { weight: 4, arbitrary: fc.constantFrom('"tpmt"', '"absent"', 'tpmt', 'absent', 'null', 'true', '1e999', '-0', '"2100 /uL"', 'wbc', '"__proto__"', 'constructor', '2026-01-01', '"2027-01-01T00:00:00Z"', 'medications', '"last_dose"') },
      { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

/** A JSON text near a valid record: valid JSON, then mutated at one place (or not). */
export const nearJson = fc
  .tuple(
    fc.dictionary(fc.constantFrom('tpmt', 'wbc', 'pregnant', 'medications', 'last_dose', 'x', '__proto__'), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
    fc.nat(),
    fc.constantFrom('', ',', '}', ']', '{', '[', '"', ',,', ' ', '\n', '"tpmt":"absent",', '\u0000'),
  )
  .map(([value, at, insert]) => {
    const text = JSON.stringify(value);
    const i = text.length === 0 ? 0 : at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i);
  });

/** Asserts the contract for a command-line run. */
export function expectCliContract(r: { code: number | null; stderr: string }, label: string): void {
  expect([0, 1, 2], `${label}: exit code ${String(r.code)}\n${r.stderr.slice(0, 600)}`).toContain(r.code);
  expect(r.stderr, label).not.toMatch(/vigil: internal error|Unhandled 'error' event|\n\s+at .+:\d+:\d+/);
}

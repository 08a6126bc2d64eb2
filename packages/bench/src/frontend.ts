// (d) The front end at scale, on valid rule sets made from the real rules
// (realistic-set.ts): compiling 2,000 and 10,000 rules (parse, check, code generation), and
// re-checking after an edit of one threshold as the editor does (through the pipeline's
// caches), against the same edit checked from scratch in the same run (the baseline).
// Wall and CPU times are both printed: the CPU time of this thread is what the work costs,
// the wall time what a user waits for on a machine shared with other work.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { checkText, checkTexts, parseDocument, type IrProgram } from '@vigil/core';
import { clearParseCache } from '@vigil/core/services';
import { generateEngine } from '@vigil/compiler';
import { realisticRuleSet } from './realistic-set.js';

export interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Wall and CPU milliseconds of `fn` (CPU time of this process, user + system). */
export function measure<T>(fn: () => T): { value: T; time: Timing } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, time: { wall, cpu: (c.user + c.system) / 1000 } };
}

export const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

export interface EditFigures {
  readonly median: Timing;
  readonly p95: Timing;
  readonly diagnostics: number;
}

/**
 * Re-checks of `texts` after `edits` edits of one threshold in `file` (one digit changed at
 * a time), through the pipeline's caches (`incremental`) or from scratch.
 */
export function editLoop(texts: Map<string, string>, file: string, edits: number, incremental: boolean): EditFigures {
  let text = texts.get(file)!;
  let at = text.indexOf('wbc < ', Math.floor(text.length / 2));
  if (at < 0) at = text.indexOf('wbc < ');
  if (at < 0) throw new Error(`no 'wbc < ' threshold to edit in ${file}`);
  const digit = at + 'wbc < '.length;
  clearParseCache();
  checkTexts(texts); // the open rule set, checked once
  const walls: number[] = [];
  const cpus: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < edits; i++) {
    text = text.slice(0, digit) + String((i % 9) + 1) + text.slice(digit + 1);
    texts.set(file, text);
    if (!incremental) clearParseCache();
    const { value, time } = measure(() => checkTexts(texts));
    walls.push(time.wall);
    cpus.push(time.cpu);
    diagnostics = value.diagnostics.length;
  }
  return {
    median: { wall: quantile(walls, 0.5), cpu: quantile(cpus, 0.5) },
    p95: { wall: quantile(walls, 0.95), cpu: quantile(cpus, 0.95) },
    diagnostics,
  };
}

/** One compile of the realistic set of about `rules` rules (run in a fresh process by the caller). */
export function compileRealistic(root: string, rules: number): Record<string, number> {
  const warm = realisticRuleSet(join(root, 'rules/azathioprine'), 100).text;
  for (let i = 0; i < 3; i++) generateEngine(checkText(warm, `/warm/${i}.vigil`, { readFile: () => undefined }).ir!, { flavour: 'esm' });
  const set = realisticRuleSet(join(root, 'rules/azathioprine'), rules);
  const uri = `/bench/realistic-${rules}.vigil`;
  const parse = measure(() => parseDocument(set.text, uri));
  clearParseCache();
  // Checked as files under the per-file size limit (the 10,000-rule set is 4.5 MB).
  const files = set.files(`/bench/realistic-${rules}`);
  const check = measure(() => checkTexts(files, { readFile: () => undefined }));
  const checked = check.value;
  if (!checked.ir) throw new Error(`the realistic rule set has errors: ${checked.diagnostics.find((d) => d.severity === 'error')?.message}`);
  const errorsOrWarnings = checked.diagnostics.filter((d) => d.severity !== 'info').length;
  const codegen = measure(() => generateEngine(checked.ir as IrProgram, { flavour: 'esm' }));
  return {
    rules: set.rules,
    bytes: Buffer.byteLength(set.text),
    lines: set.text.split('\n').length,
    errorsOrWarnings,
    parseWall: parse.time.wall,
    parseCpu: parse.time.cpu,
    checkWall: check.time.wall,
    checkCpu: check.time.cpu,
    codegenWall: codegen.time.wall,
    codegenCpu: codegen.time.cpu,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
}

/** The azathioprine rule set's files, and the one whose threshold is edited. */
export function azathioprine(root: string): { texts: Map<string, string>; file: string } {
  const dir = join(root, 'rules/azathioprine');
  const names = ['azathioprine', 'facts', 'medications', 'diagnoses', 'pretreatment', 'dosing', 'monitoring', 'toxicity', 'reintroduction', 'interactions', 'withdrawal', 'indications', 'desensitisation'];
  const texts = new Map(names.map((n) => [join(dir, `${n}.vigil`), readFileSync(join(dir, `${n}.vigil`), 'utf8')] as const));
  return { texts, file: join(dir, 'toxicity.vigil') };
}

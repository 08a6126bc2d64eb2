// (d) The front end at scale, on valid rule sets made from the real rules
// (realistic-set.ts): compiling 2,000 and 10,000 rules (parse, check, code generation), and
// re-checking after an edit of one threshold as the editor does (through the pipeline's
// caches), against the same edit checked from scratch and with the parse cache alone (the
// editor's path before logic results were remembered), in the same run.
// Wall and CPU times are both printed: the CPU time of this thread is what the work costs,
// the wall time what a user waits for on a machine shared with other work.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { checkText, checkTexts, parseDocument, type IrProgram } from '@vigil/core';
import { clearDeclarationResults, clearLogicMemo, clearParseCache } from '@vigil/core/services';
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
 * How a re-check after an edit is done: `scratch` parses and solves everything again (the
 * baseline); `parse-cache` reuses the parse of unchanged declarations but solves again (the
 * editor's path before logic results were remembered); `no-declaration-reuse` keeps parses
 * and logic results but types, lowers and checks every declaration again (the editor's path
 * before per-declaration results were kept); `incremental` is the editor's path.
 */
export type EditMode = 'scratch' | 'parse-cache' | 'no-declaration-reuse' | 'incremental';

/**
 * `n` numbers of the same shape as `original` (`2.0`, `50`), all different from it and from
 * each other, so that no edit gives a text already checked (whose results would be remembered).
 */
export function thresholds(original: string, n: number): string[] {
  const dot = original.indexOf('.');
  const digits = original.length - (dot < 0 ? 0 : 1);
  const out: string[] = [];
  for (let k = 10 ** (digits - 1); out.length < n && k < 10 ** digits; k++) {
    const s = String(k);
    const v = dot < 0 ? s : `${s.slice(0, dot)}.${s.slice(dot)}`;
    if (v !== original) out.push(v);
  }
  if (out.length < n) throw new Error(`only ${out.length} numbers of the shape of ${original}`);
  return out;
}

/**
 * Re-checks of `texts` after `edits` edits of the threshold after the first `needle` past the
 * middle of `file` (a new value each time), in the given mode.
 */
export function editLoop(texts: Map<string, string>, file: string, edits: number, mode: EditMode, needle = 'wbc < '): EditFigures {
  let text = texts.get(file)!;
  let at = text.indexOf(needle, Math.floor(text.length / 2));
  if (at < 0) at = text.indexOf(needle);
  if (at < 0) throw new Error(`no '${needle}' threshold to edit in ${file}`);
  const start = at + needle.length;
  const original = /^\d+(?:\.\d+)?/.exec(text.slice(start))?.[0];
  if (!original) throw new Error(`no number after '${needle}' in ${file}`);
  const values = thresholds(original, edits);
  clearParseCache();
  checkTexts(texts); // the open rule set, checked once
  const walls: number[] = [];
  const cpus: number[] = [];
  let diagnostics = 0;
  for (let i = 0; i < edits; i++) {
    text = text.slice(0, start) + values[i] + text.slice(start + original.length);
    texts.set(file, text);
    if (mode === 'scratch') clearParseCache();
    else if (mode === 'parse-cache') clearLogicMemo();
    else if (mode === 'no-declaration-reuse') clearDeclarationResults();
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
export function compileRealistic(root: string, rules: number, once = false): Record<string, number> {
  const warm = realisticRuleSet(join(root, 'rules/azathioprine'), 100).text;
  for (let i = 0; i < 3; i++) generateEngine(checkText(warm, `/warm/${i}.vigil`, { readFile: () => undefined }).ir!, { flavour: 'esm' });
  const set = realisticRuleSet(join(root, 'rules/azathioprine'), rules);
  const uri = `/bench/realistic-${rules}.vigil`;
  const parse = measure(() => parseDocument(set.text, uri));
  clearParseCache();
  // Checked as files under the per-file size limit (the 10,000-rule set is 4.5 MB).
  const files = set.files(`/bench/realistic-${rules}`);
  const check = measure(() => checkTexts(files, { readFile: () => undefined }, { once }));
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

// Shared helpers for the robustness suite: the bundled rule set, range checks, and the
// compiler loaded when present.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { collectRuleFiles } from '@vigil/core';
import type { Diagnostic, IrProgram } from '@vigil/core';
import type { EvaluateOptions, EvaluationResult, FactIssue } from '@vigil/runtime';

export const RULES_DIR = fileURLToPath(new URL('../../rules/azathioprine', import.meta.url));

/** Every file of the azathioprine rule set: absolute path → text. */
export function ruleSetTexts(): Map<string, string> {
  const { files } = collectRuleFiles([RULES_DIR]);
  return new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
}

/** Problems with a diagnostic's range against the document it names (empty when it lies inside). */
export function rangeProblems(d: Diagnostic, texts: ReadonlyMap<string, string>): string[] {
  const text = texts.get(d.uri);
  if (text === undefined) return [`${d.code}: unknown document ${d.uri}`];
  const problems: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (const [label, p] of [['start', d.range.start], ['end', d.range.end]] as const) {
    if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset > text.length) problems.push(`${d.code}: ${label} offset ${p.offset} outside 0..${text.length}`);
    if (!Number.isInteger(p.line) || p.line < 0 || p.line >= lines.length) problems.push(`${d.code}: ${label} line ${p.line} outside 0..${lines.length - 1}`);
    else if (p.character < 0 || p.character > lines[p.line]!.length) problems.push(`${d.code}: ${label} character ${p.character} beyond line ${p.line}`);
  }
  if (d.range.end.offset < d.range.start.offset) problems.push(`${d.code}: range ends before it starts`);
  for (const r of d.related ?? []) {
    const rt = texts.get(r.uri);
    if (rt !== undefined && (r.range.start.offset < 0 || r.range.end.offset > rt.length)) problems.push(`${d.code}: related range outside ${r.uri}`);
  }
  return problems;
}

export interface TestEngine {
  validateFacts(input: unknown): { readonly ok: true; readonly facts: unknown } | { readonly ok: false; readonly issues: readonly FactIssue[] };
  evaluate(input: unknown, options?: EvaluateOptions): EvaluationResult;
}

export interface CompilerApi {
  generateEngine(ir: IrProgram, options?: { flavour?: 'esm' | 'function' }): { js: string; dts: string; schema: string };
  instantiateEngine(ir: IrProgram): TestEngine;
}

/** The code generator, or undefined while `@vigil/compiler` has no entry point. */
export async function loadCompiler(): Promise<CompilerApi | undefined> {
  try {
    const specifier = '@vigil/compiler';
    const mod = (await import(/* @vite-ignore */ specifier)) as Partial<CompilerApi>;
    return typeof mod.generateEngine === 'function' && typeof mod.instantiateEngine === 'function' ? (mod as CompilerApi) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads generated ESM source as a module and returns its exports. The file is written
 * below the repository's node_modules so that its own imports (zod) resolve.
 */
export async function importModule(js: string, name = 'module.mjs'): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(fileURLToPath(new URL('../../node_modules/', import.meta.url)), '.vigil-robustness-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, js);
    return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

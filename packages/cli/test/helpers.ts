// Test helpers: run `main` in-process with captured output, temporary rule sets, and a
// stand-in compiler for the parts of the CLI that do not depend on generated code.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import type { IrProgram } from '@vigil/core';
import type { EvaluationResult, FactIssue } from '@vigil/runtime';
import { main } from '../src/cli.js';
import { defaultServices, type Engine, type Services } from '../src/services.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  argv: readonly string[],
  options: { cwd: string; services?: Services; env?: Record<string, string | undefined>; isTTY?: boolean },
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      cwd: options.cwd,
      isTTY: options.isTTY ?? false,
      env: options.env ?? {},
    },
    options.services,
  );
  return { code, stdout, stderr };
}

const temps: string[] = [];
afterEach(() => {
  while (temps.length > 0) rmSync(temps.pop()!, { recursive: true, force: true });
});

/** A temporary directory holding `files` (relative path → text); removed after the test. */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

export const RULES = `ruleset demo version "1.0.0"

facts {
  tpmt: enum { normal, intermediate, low, absent } "TPMT phenotype"
  wbc: quantity 10*9/L "White cell count"
  medications: set of code
}

valueset xanthine_oxidase_inhibitors "Xanthine oxidase inhibitors" {
  allopurinol rxnorm "519",
  febuxostat rxnorm "73689"
}

rule AZA-PRE-02 "Absent TPMT activity"
  source "guideline.txt"
  strength strong
  when tpmt in { low, absent }
  then contraindicate azathioprine because "life-threatening pancytopenia"

rule AZA-WBC-01 "Low white cell count"
  source "guideline.txt"
  strength moderate
  when wbc < 3.5 10*9/L
  then caution azathioprine because "leucopenia"

rule AZA-MISS-01 "Unknown TPMT or white cell count"
  source "guideline.txt"
  strength strong
  when tpmt is missing or wbc is missing
  then order { tpmt, cbc }
`;

export const BROKEN_RULES = RULES.replace('when wbc < 3.5', 'when wcc < 3.5');

/**
 * A stand-in engine: validates facts against the IR's fact declarations the way the
 * runtime does (unknown facts, enum values, accepted units, sets), and returns `result`.
 */
export function stubEngine(ir: IrProgram, result: (input: Record<string, unknown>) => EvaluationResult): Engine {
  return {
    validateFacts(input) {
      const issues: FactIssue[] = [];
      const facts = new Map(ir.facts.map((f) => [f.name, f]));
      for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
        const fact = facts.get(key);
        if (!fact) {
          issues.push({ path: key, message: `unknown fact '${key}'` });
          continue;
        }
        const t = fact.type;
        if (t.kind === 'enum' && !t.values.includes(String(value))) {
          issues.push({ path: key, message: `'${String(value)}' is not one of ${t.values.join(', ')}` });
        } else if (t.kind === 'quantity' && typeof value === 'string') {
          const unit = value.trim().split(/\s+/).slice(1).join(' ');
          const accepted = (fact.acceptedUnits ?? []).map((u) => u.unit);
          if (!accepted.includes(unit)) issues.push({ path: key, message: `unit '${unit}' is not accepted for ${key} (${t.unit}); accepted: ${accepted.join(', ')}` });
        } else if (t.kind === 'set') {
          if (!Array.isArray(value)) issues.push({ path: key, message: 'expected a list' });
          else value.forEach((v, i) => typeof v !== 'string' && issues.push({ path: `${key}[${i}]`, message: 'expected a code' }));
        }
      }
      return issues.length > 0 ? { ok: false, issues } : { ok: true, facts: input };
    },
    evaluate: (input) => result(input as Record<string, unknown>),
  };
}

export const EMPTY_RESULT: EvaluationResult = { decisions: [], notEvaluable: [], overridden: [] };

/** The real language core with a stand-in compiler. */
export function stubServices(result: (input: Record<string, unknown>) => EvaluationResult = () => EMPTY_RESULT): Services {
  return defaultServices({
    generateEngine: (ir) => ({
      js: `// engine for ${ir.ruleset.name}\nexport function evaluate() {}\n`,
      dts: 'export declare function evaluate(): unknown;\n',
      schema: 'export const schema = {};\n',
    }),
    instantiateEngine: (ir) => stubEngine(ir, result),
    emitIrJson: (ir) => JSON.stringify(ir, null, 2) + '\n',
  });
}

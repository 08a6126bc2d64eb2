// Test helpers: temporary rule-set trees built around the demo rule set.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { CaseReport, TestReport } from '../src/index.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
export const DEMO = join(FIXTURES, 'demo');
export const DEMO_RULES = readFileSync(join(DEMO, 'demo.vigil'), 'utf8');
export const DEMO_SHARED = readFileSync(join(DEMO, 'tests', 'shared.facts.yaml'), 'utf8');

const temps: string[] = [];
afterEach(() => {
  while (temps.length > 0) rmSync(temps.pop()!, { recursive: true, force: true });
});

/** A temporary directory holding `files` (relative path → text); removed after the test. */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-harness-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** A tree with the demo rule set at `demo/`, its shared facts, and one fixture file `demo/tests/t.cases.yaml`. */
export function demoTree(cases: string, extra: Record<string, string> = {}): string {
  return tempTree({ 'demo/demo.vigil': DEMO_RULES, 'demo/tests/shared.facts.yaml': DEMO_SHARED, 'demo/tests/t.cases.yaml': cases, ...extra });
}

export function allCases(report: TestReport): CaseReport[] {
  return report.files.flatMap((f) => f.cases);
}

export function caseNamed(report: TestReport, name: string): CaseReport {
  const c = allCases(report).find((x) => x.name === name);
  if (!c) throw new Error(`no case '${name}' in the report: ${allCases(report).map((x) => x.name).join(', ')}`);
  return c;
}

// Fixture results over each rule (code lenses) and the "run rule tests" command. The
// fixtures are run by the test harness through a small interface, so the server works
// (without lenses) where the harness is not available.
import { readFileSync } from 'node:fs';
import type { CodeLens } from 'vscode-languageserver';
import { withTableRules } from '@vigil/core';
import { toLspRange, uriToPath } from './convert.js';
import type { Snapshot, Workspace } from './workspace.js';

/** Runs the fixtures of the rule set of the document given as the first argument (or of every rule set). */
export const RUN_TESTS_COMMAND = 'vigil.server.runRuleTests';

export interface RuleTestOutcome {
  readonly passed: number;
  readonly failed: number;
  /** Cases that could not run (a fixture naming an unknown fact, a bad value); counted in `failed` too. */
  readonly errors?: number;
  /** One line per failing case. */
  readonly failures: readonly string[];
}

export interface TestRunReport {
  /** Outcomes by rule id; rules without fixtures are absent. */
  readonly byRule: ReadonlyMap<string, RuleTestOutcome>;
  readonly passed: number;
  readonly failed: number;
  /** Cases in error and fixture files in error (counted in `failed`), and how many of them no rule could be credited with. */
  readonly errors?: number;
  readonly unattributedErrors?: number;
  /** Human-readable lines for the output panel. */
  readonly lines: readonly string[];
}

export interface TestRunner {
  /** Runs the fixtures of the rule set made of these files (absolute paths) whose rules have these ids. */
  run(files: readonly string[], ruleIds: readonly string[]): Promise<TestRunReport | undefined>;
}

/**
 * One run per checked result and state of the fixtures: lenses asked for again without an
 * edit reuse it; a fixture file changed on disk (`fixturesChanged`) runs them again.
 */
const cache = new WeakMap<Snapshot, { generation: number; report: Promise<TestRunReport | undefined> }>();
let fixturesGeneration = 0;

/** Fixture files (`*.cases.yaml`, `*.facts.yaml`) changed: the next lenses run them again. */
export function fixturesChanged(): void {
  fixturesGeneration++;
}

/** Whether a changed file is a fixture file, whose changes the lenses show. */
export function isFixtureFile(path: string): boolean {
  return /\.(?:cases|facts)\.ya?ml$/.test(path);
}

function report(snapshot: Snapshot, runner: TestRunner): Promise<TestRunReport | undefined> {
  const hit = cache.get(snapshot);
  if (hit && hit.generation === fixturesGeneration) return hit.report;
  const r = runner.run(snapshot.result.files.map((f) => f.uri), [...snapshot.result.model.rules.keys()]).catch(() => undefined);
  cache.set(snapshot, { generation: fixturesGeneration, report: r });
  return r;
}

/** The harness reads rule files from disk: results describe the saved files. */
function unsaved(ws: Workspace, snapshot: Snapshot): boolean {
  for (const f of snapshot.result.files) {
    const doc = ws.docs.get(f.uri);
    if (doc && doc.text !== readDisk(f.uri)) return true;
  }
  return false;
}

function readDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export async function codeLenses(ws: Workspace, uri: string, runner: TestRunner | undefined): Promise<CodeLens[]> {
  if (!runner) return [];
  const snapshot = ws.snapshotFor(uri);
  const path = uriToPath(uri);
  const file = snapshot?.result.files.find((f) => f.uri === path);
  const source = snapshot?.result.sources.get(path);
  if (!snapshot || !file || !source || source.text !== ws.currentSource(path).text) return [];
  if (snapshot.result.diagnostics.some((d) => d.severity === 'error')) return [];
  if (unsaved(ws, snapshot)) return [];
  const r = await report(snapshot, runner);
  if (!r) return [];
  const lenses: CodeLens[] = [];
  // The command is the server's own (workspace/executeCommand), so a lens works in any client.
  const run = (args: unknown[]) => ({ command: RUN_TESTS_COMMAND, arguments: args });
  let first = true;
  // A table's rows are rules: a lens over each row.
  for (const d of withTableRules(file.document.declarations)) {
    if (d.kind !== 'RuleDecl' && d.kind !== 'ProtocolDecl') continue;
    const range = toLspRange(d.id.range, source);
    // Fixtures in error that name no rule would be invisible over the rules: shown once, above the first.
    if (first && (r.unattributedErrors ?? 0) > 0) {
      const n = r.unattributedErrors!;
      lenses.push({ range, command: { title: `⚠ ${n} fixture${n === 1 ? '' : 's'} of this rule set in error`, ...run([uri]) } });
    }
    first = false;
    lenses.push({ range, command: { title: lensTitle(r.byRule.get(d.id.value)), ...run([uri, d.id.value]) } });
  }
  return lenses;
}

function lensTitle(outcome: RuleTestOutcome | undefined): string {
  if (!outcome) return '○ no fixtures';
  const total = outcome.passed + outcome.failed;
  if (outcome.failed === 0) return `✓ ${outcome.passed} fixture${outcome.passed === 1 ? '' : 's'} passed`;
  const errors = outcome.errors ?? 0;
  const failedOnly = outcome.failed - errors;
  const parts = [failedOnly > 0 ? `${failedOnly} failed` : undefined, errors > 0 ? `${errors} in error` : undefined].filter(Boolean);
  return `✗ ${parts.join(', ')} of ${total} fixture${total === 1 ? '' : 's'}`;
}

export interface RuleTestsResult {
  readonly available: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly lines: readonly string[];
}

export async function runRuleTests(ws: Workspace, uri: string | undefined, runner: TestRunner | undefined, rule?: string): Promise<RuleTestsResult> {
  if (!runner) return { available: false, passed: 0, failed: 0, lines: ['The rule test harness is not available in this build.'] };
  if (uri) await ws.ready(uri, false);
  const snapshots = uri ? [ws.snapshotFor(uri)].filter((s): s is Snapshot => s !== undefined) : await ws.allSnapshots();
  let passed = 0;
  let failed = 0;
  let errors = 0;
  const lines: string[] = [];
  for (const s of snapshots) {
    cache.delete(s);
    const r = await report(s, runner);
    if (!r) continue;
    passed += r.passed;
    failed += r.failed;
    errors += r.errors ?? 0;
    lines.push(...r.lines);
    const o = rule ? r.byRule.get(rule) : undefined;
    if (rule) lines.push(o ? `${rule}: ${o.passed} passed, ${o.failed} failed${o.errors ? ` (${o.errors} in error)` : ''}` : `${rule}: no fixtures`);
  }
  lines.push(`${passed} passed, ${failed} failed${errors > 0 ? ` (${errors} in error)` : ''}`);
  return { available: true, passed, failed, lines };
}

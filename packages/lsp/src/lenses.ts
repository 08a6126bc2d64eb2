// Fixture results over each rule (code lenses) and the "run rule tests" command. The
// fixtures are run by the test harness through a small interface, so the server works
// (without lenses) where the harness is not available.
import type { CodeLens } from 'vscode-languageserver';
import { toLspRange, uriToPath } from './convert.js';
import type { Snapshot, Workspace } from './workspace.js';

export interface RuleTestOutcome {
  readonly passed: number;
  readonly failed: number;
  /** One line per failing case. */
  readonly failures: readonly string[];
}

export interface TestRunReport {
  /** Outcomes by rule id; rules without fixtures are absent. */
  readonly byRule: ReadonlyMap<string, RuleTestOutcome>;
  readonly passed: number;
  readonly failed: number;
  /** Human-readable lines for the output panel. */
  readonly lines: readonly string[];
}

export interface TestRunner {
  /** Runs the fixtures of the rule set made of these files (absolute paths). */
  run(files: readonly string[]): TestRunReport | undefined;
}

const cache = new WeakMap<Snapshot, TestRunReport | undefined>();

function report(snapshot: Snapshot, runner: TestRunner): TestRunReport | undefined {
  if (cache.has(snapshot)) return cache.get(snapshot);
  let r: TestRunReport | undefined;
  try {
    r = runner.run(snapshot.result.files.map((f) => f.uri));
  } catch {
    r = undefined;
  }
  cache.set(snapshot, r);
  return r;
}

export function codeLenses(ws: Workspace, uri: string, runner: TestRunner | undefined): CodeLens[] {
  if (!runner) return [];
  const snapshot = ws.snapshotFor(uri, true);
  const path = uriToPath(uri);
  const file = snapshot?.result.files.find((f) => f.uri === path);
  const source = snapshot?.result.sources.get(path);
  if (!snapshot || !file || !source || source.text !== ws.currentSource(path).text) return [];
  if (snapshot.result.diagnostics.some((d) => d.severity === 'error')) return [];
  const r = report(snapshot, runner);
  if (!r) return [];
  const lenses: CodeLens[] = [];
  for (const d of file.document.declarations) {
    if (d.kind !== 'RuleDecl' && d.kind !== 'ProtocolDecl') continue;
    const outcome = r.byRule.get(d.id.value);
    const range = toLspRange(d.id.range, source);
    const title = !outcome
      ? '○ no fixtures'
      : outcome.failed === 0
        ? `✓ ${outcome.passed} fixture${outcome.passed === 1 ? '' : 's'} passed`
        : `✗ ${outcome.failed} of ${outcome.passed + outcome.failed} fixtures failed`;
    lenses.push({ range, command: { title, command: 'vigil.runRuleTests', arguments: [uri, d.id.value] } });
  }
  return lenses;
}

export interface RuleTestsResult {
  readonly available: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly lines: readonly string[];
}

export function runRuleTests(ws: Workspace, uri: string | undefined, runner: TestRunner | undefined): RuleTestsResult {
  if (!runner) return { available: false, passed: 0, failed: 0, lines: ['The rule test harness is not available in this build.'] };
  const snapshots = uri ? [ws.snapshotFor(uri)].filter((s): s is Snapshot => s !== undefined) : ws.allSnapshots();
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  for (const s of snapshots) {
    cache.delete(s);
    const r = report(s, runner);
    if (!r) continue;
    passed += r.passed;
    failed += r.failed;
    lines.push(...r.lines);
  }
  lines.push(`${passed} passed, ${failed} failed`);
  return { available: true, passed, failed, lines };
}

// Fixture results over each rule (code lenses) and the "run rule tests" command. The
// fixtures are run by the test harness through a small interface, so the server works
// (without lenses) where the harness is not available.
import { readFileSync } from 'node:fs';
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
  /** Runs the fixtures of the rule set made of these files (absolute paths) whose rules have these ids. */
  run(files: readonly string[], ruleIds: readonly string[]): Promise<TestRunReport | undefined>;
}

/** One run per checked result: lenses asked for again without an edit reuse it. */
const cache = new WeakMap<Snapshot, Promise<TestRunReport | undefined>>();

function report(snapshot: Snapshot, runner: TestRunner): Promise<TestRunReport | undefined> {
  let r = cache.get(snapshot);
  if (!r) {
    r = runner.run(snapshot.result.files.map((f) => f.uri), [...snapshot.result.model.rules.keys()]).catch(() => undefined);
    cache.set(snapshot, r);
  }
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

export async function runRuleTests(ws: Workspace, uri: string | undefined, runner: TestRunner | undefined): Promise<RuleTestsResult> {
  if (!runner) return { available: false, passed: 0, failed: 0, lines: ['The rule test harness is not available in this build.'] };
  if (uri) await ws.ready(uri, false);
  const snapshots = uri ? [ws.snapshotFor(uri)].filter((s): s is Snapshot => s !== undefined) : await ws.allSnapshots();
  let passed = 0;
  let failed = 0;
  const lines: string[] = [];
  for (const s of snapshots) {
    cache.delete(s);
    const r = await report(s, runner);
    if (!r) continue;
    passed += r.passed;
    failed += r.failed;
    lines.push(...r.lines);
  }
  lines.push(`${passed} passed, ${failed} failed`);
  return { available: true, passed, failed, lines };
}

// runTests: discover fixtures, load each one's rule set (checked and compiled once),
// validate every case, evaluate it with a trace, compare with its expectations, record
// coverage and (with `update`) snapshots. Returns the structured report.
import { describeFileError, FileReadError, INPUT_LIMITS, readRegularFile } from '@vigil/core';
import { resolve, dirname } from 'node:path';
import { codes, createDiagnostic, displayPath, SourceText } from '@vigil/core';
import type { Diagnostic, DiagnosticCode } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import type { EvaluationResult } from '@vigil/runtime';
import { CoverageCollector } from './coverage.js';
import { suggestForRuleSets } from './suggest.js';
import { CaseValues } from './plausible.js';
import { HarnessUsageError } from './usage-error.js';
import { isoDateTime, parseAsOf } from './dates.js';
import { factsFilesFor, findFixtureFiles, ruleSetFor } from './discover.js';
import { parseFactsFile, parseFixtureFile } from './fixture.js';
import type { FactsFile, FixtureCase, FixtureFile, SharedSet } from './fixture.js';
import { actualOf, assess, buildTrace } from './match.js';
import { REPORT_SCHEMA } from './report.js';
import type { ActualResult, CaseReport, FileReport, RuleSetReport, TestReport } from './report.js';
import { RuleSetCache, type EngineFactory, type LoadedRuleSet } from './ruleset.js';
import { writeSnapshots, type SnapshotUpdate } from './update.js';
import { checkExpectations, prepareFacts, ruleIdsOf, sharedScope } from './validate.js';

export interface RunOptions {
  /** Fixture files, directories holding them, or `.vigil` files (their rule set's fixtures). Default: the working directory. */
  readonly paths?: readonly string[];
  /** Paths are resolved and reported relative to this; default `process.cwd()`. */
  readonly cwd?: string;
  /** Run only cases whose name, or a rule id their expectations name, contains this (case-insensitive), or matches `/regex/flags`. */
  readonly filter?: string;
  /** Write the actual decisions into `snapshot` cases. */
  readonly update?: boolean;
  /** Collect rule and condition coverage. */
  readonly coverage?: boolean;
  /** Fail the run when condition (branch) coverage is below this percentage; implies `coverage`. */
  readonly minCoverage?: number;
  /** Evaluation time of cases without `as_of` (default: the start of the run). */
  readonly now?: Date | string;
  /** The engine for an IR (default: the JavaScript back end, in process). */
  readonly instantiate?: EngineFactory;
  /**
   * Write a fixture case for every condition outcome no case exercised (implies `coverage`):
   * `true` for `<rule set>/tests/suggested.cases.yaml`, or a file path (one rule set only).
   */
  readonly suggest?: boolean | string;
  /** Shared between runs (watch mode) so that unchanged rule sets are not recompiled. */
  readonly cache?: RuleSetCache;
}

export { HarnessUsageError };

/** A fixture or shared facts file: only a regular file, of at most INPUT_LIMITS.fixtureFileBytes. */
function readFixtureText(path: string): string {
  return readRegularFile(path, { maxBytes: INPUT_LIMITS.fixtureFileBytes, what: 'a fixture file' });
}

function readFailure(error: unknown): string {
  return error instanceof FileReadError ? error.reason : describeFileError(error);
}

export function compileFilter(filter: string | undefined): ((text: string) => boolean) | undefined {
  if (filter === undefined || filter === '') return undefined;
  const re = /^\/(.*)\/([a-z]*)$/s.exec(filter);
  if (re) {
    let regex: RegExp;
    try {
      regex = new RegExp(re[1]!, re[2]);
    } catch (error) {
      throw new HarnessUsageError(`--filter ${filter} is not a valid regular expression: ${(error as Error).message}`);
    }
    return (text) => regex.test(text);
  }
  const needle = filter.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

export function displayPathFrom(cwd: string): (path: string) => string {
  return (path) => displayPath(path, cwd);
}

function fileDiagnostic(uri: string, text: string, code: DiagnosticCode, args: Readonly<Record<string, string | number>>): Diagnostic {
  return createDiagnostic(code, { uri, range: new SourceText(uri, text).rangeAt(0, 0) }, args);
}

/** The rules a case concerns: named by its expectations, or deciding or overridden in `actual`. */
function caseRules(c: FixtureCase, actual?: ActualResult): string[] {
  const ids = new Set(ruleIdsOf(c));
  for (const d of actual?.decisions ?? []) ids.add(d.rule);
  for (const o of actual?.overridden ?? []) ids.add(o.rule);
  return [...ids].sort();
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.offset - b.range.start.offset));
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.uri}\0${d.range.start.offset}\0${d.range.end.offset}\0${d.message}`;
}

/** Midnight (UTC) of the day: suggested cases read better with a date than with the second they were written. */
function startOfDay(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 86_400_000) * 86_400_000);
}

export async function runTests(options: RunOptions = {}): Promise<TestReport> {
  const started = Date.now();
  const cwd = options.cwd ?? process.cwd();
  const display = displayPathFrom(cwd);
  const runNow = options.now !== undefined ? (options.now instanceof Date ? options.now : parseAsOf(options.now)) : new Date(started);
  if (!runNow) throw new HarnessUsageError(`'${String(options.now)}' is not an ISO 8601 date or date-time`);
  const matches = compileFilter(options.filter);
  const suggest = options.suggest !== undefined && options.suggest !== false;
  // Suggestions fill the gaps of the whole fixture set; a filtered run would invent cases that exist.
  if (suggest && matches) throw new HarnessUsageError('--suggest looks at every case; it cannot be combined with --filter');
  const paths = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  const { fixtures, missing } = findFixtureFiles(paths, cwd);
  if (missing.length > 0) throw new HarnessUsageError(`cannot read '${missing[0]}': no such file or directory`);

  const cache = options.cache ?? new RuleSetCache(options.instantiate ?? instantiateEngine);
  const factsFiles = new Map<string, FactsFile>();
  const reported = new Set<string>();
  const ruleSets = new Map<string, RuleSetReport>();
  const wantCoverage = options.coverage === true || options.minCoverage !== undefined || suggest;
  const firstFixture = new Map<string, { ruleSet: LoadedRuleSet; fixture: string }>();
  const coverage = new CoverageCollector(display);
  // With --suggest: the values and patients each rule set's cases use (typical values, no repeats).
  const caseValues = new Map<string, CaseValues>();
  const recordCaseValues = (ruleSet: LoadedRuleSet, input: unknown): void => {
    const validated = ruleSet.engine!.validateFacts(input);
    if (!validated.ok) return;
    let values = caseValues.get(ruleSet.key);
    if (!values) caseValues.set(ruleSet.key, (values = new CaseValues()));
    values.record(validated.facts);
  };
  const files: FileReport[] = [];
  let filteredOut = 0;
  let updated = 0;

  const loadFacts = (path: string): FactsFile => {
    let f = factsFiles.get(path);
    if (!f) {
      let text: string;
      try {
        text = readFixtureText(path);
      } catch (error) {
        f = { uri: path, sets: [], diagnostics: [fileDiagnostic(path, '', codes.unreadableInput, { what: 'shared facts file', reason: readFailure(error) })] };
        factsFiles.set(path, f);
        return f;
      }
      f = parseFactsFile(path, text);
      factsFiles.set(path, f);
    }
    return f;
  };

  for (const path of fixtures) {
    const fileDiagnostics: Diagnostic[] = [];
    const cases: CaseReport[] = [];
    const fresh = (d: Diagnostic) => {
      const k = diagnosticKey(d);
      if (reported.has(k)) return false;
      reported.add(k);
      return true;
    };
    let text: string;
    try {
      text = readFixtureText(path);
    } catch (error) {
      files.push({ file: display(path), uri: path, diagnostics: [fileDiagnostic(path, '', codes.unreadableInput, { what: 'fixture file', reason: readFailure(error) })], cases: [] });
      continue;
    }
    const fixture: FixtureFile = parseFixtureFile(path, text, (p) => resolve(dirname(path), p));
    fileDiagnostics.push(...fixture.diagnostics);

    // The rule set.
    const location = ruleSetFor(path, fixture.rules);
    let ruleSet: LoadedRuleSet | undefined;
    if (location.missing.length > 0 && fixture.file) {
      fileDiagnostics.push(fileDiagnostic(path, text, codes.fixtureRulesNotFound, { path: location.missing[0]! }));
    } else if (location.files.length === 0) {
      fileDiagnostics.push(
        fileDiagnostic(path, text, codes.fixtureWithoutRuleSet, { folder: display(location.root) }),
      );
    } else {
      ruleSet = cache.load(location.root, location.files);
      if (!ruleSets.has(ruleSet.key)) ruleSets.set(ruleSet.key, { root: display(ruleSet.root), files: ruleSet.files.map(display), diagnostics: ruleSet.errors });
      if (wantCoverage) coverage.register(ruleSet);
      if (!firstFixture.has(ruleSet.key)) firstFixture.set(ruleSet.key, { ruleSet, fixture: path });
    }

    // Shared facts: the file's own, then facts files nearest first.
    const shared = sharedScope(fixture.shared, factsFilesFor(path).map((level) => level.map(loadFacts)), display);
    for (const d of shared.diagnostics) if (fresh(d)) fileDiagnostics.push(d);
    const scope = shared.scope;
    const used = new Set<SharedSet>();

    const updates: SnapshotUpdate[] = [];
    const updatedCases = new Set<number>();
    for (const c of fixture.cases) {
      if (matches && !matches(c.name) && !ruleIdsOf(c).some(matches)) {
        filteredOut++;
        continue;
      }
      const caseStart = Date.now();
      const asOf = c.asOf ?? fixture.asOf ?? runNow;
      const base = { name: c.name, file: display(path), uri: path, line: c.file.lineOf(c.node), asOf: isoDateTime(asOf), rules: caseRules(c) };
      const error = (diagnostics: readonly Diagnostic[], facts?: Record<string, unknown>): CaseReport => ({
        ...base,
        status: 'error',
        durationMs: Date.now() - caseStart,
        ...(facts ? { facts } : {}),
        failures: [],
        diff: [],
        trace: [],
        diagnostics,
      });
      for (const r of c.extends) {
        const s = scope.lookup(r.name);
        if (s) used.add(s);
      }
      if (!ruleSet) {
        cases.push(error(sortDiagnostics([...c.diagnostics, ...fileDiagnostics.filter((d) => d.severity === 'error')])));
        continue;
      }
      if (!ruleSet.engine || !ruleSet.index) {
        cases.push(error([...c.diagnostics, ...ruleSet.errors]));
        continue;
      }
      // Structural problems and rule-set problems together, so one run shows them all.
      const problems = [...c.diagnostics, ...checkExpectations(c, ruleSet.index)];
      const prepared = prepareFacts(c.extends, c.facts, scope, ruleSet, asOf, { case: c.name });
      problems.push(...prepared.diagnostics);
      if (problems.length > 0) {
        cases.push(error(sortDiagnostics(problems), prepared.input));
        continue;
      }
      let result: EvaluationResult;
      try {
        result = ruleSet.engine.evaluate(prepared.input, { now: isoDateTime(asOf), trace: true });
      } catch (err) {
        const d = c.file.at(c.node, codes.evaluationFailed, { case: c.name, reason: (err as Error).message }, { case: c.name });
        cases.push(error([d], prepared.input));
        continue;
      }
      if (wantCoverage) coverage.record(ruleSet, result);
      if (suggest) recordCaseValues(ruleSet, prepared.input);
      const actual = actualOf(result);
      const updating = options.update === true && c.expect.snapshot !== undefined;
      if (updating) {
        updates.push({ index: c.index, decisions: actual.decisions });
        updatedCases.add(cases.length);
      }
      const assessment = assess(c.expect, actual, { updating });
      const failed = assessment.failures.length > 0;
      cases.push({
        ...base,
        status: failed ? 'failed' : 'passed',
        rules: caseRules(c, actual),
        durationMs: Date.now() - caseStart,
        facts: prepared.input,
        failures: assessment.failures,
        diff: failed ? assessment.diff : [],
        actual,
        trace: failed ? buildTrace(assessment.rules, result, ruleSet.index, prepared.input) : [],
        diagnostics: [],
      });
    }

    // Shared sets no case used are still checked against the rule set (nothing silently ignored).
    if (ruleSet?.engine && !matches) {
      for (const s of scope.all()) {
        if (used.has(s)) continue;
        const prepared = prepareFacts([{ name: s.name, file: s.file, node: s.pair.key }], undefined, scope, ruleSet, runNow, { shared: s.name });
        for (const d of prepared.diagnostics) if (fresh(d)) fileDiagnostics.push(d);
      }
    }

    if (updates.length > 0) {
      const written = writeSnapshots(path, updates);
      if (!written.ok) {
        fileDiagnostics.push(fileDiagnostic(path, text, codes.snapshotWriteFailed, { reason: written.error }));
      } else {
        for (const i of updatedCases) {
          cases[i] = { ...cases[i]!, updated: true };
          updated++;
        }
      }
    }
    files.push({ file: display(path), uri: path, ...(ruleSet ? { ruleSet: display(ruleSet.root) } : {}), diagnostics: fileDiagnostics, cases });
  }

  const all = files.flatMap((f) => f.cases);
  const fileErrors = files.filter((f) => f.diagnostics.some((d) => d.severity === 'error')).length;
  const totals = {
    files: files.length,
    cases: all.length,
    passed: all.filter((c) => c.status === 'passed').length,
    failed: all.filter((c) => c.status === 'failed').length,
    errors: all.filter((c) => c.status === 'error').length + fileErrors,
    filteredOut,
    updated,
  };
  const suggestions = suggest
    ? suggestForRuleSets(
        [...firstFixture.values()],
        coverage,
        { ...(typeof options.suggest === 'string' ? { target: resolve(cwd, options.suggest) } : {}), now: options.now !== undefined ? runNow : startOfDay(runNow), display, caseValues: (key) => caseValues.get(key) },
      )
    : undefined;
  const coverageReport = wantCoverage ? coverage.report(options.minCoverage) : undefined;
  return {
    schema: REPORT_SCHEMA,
    ok: totals.failed === 0 && totals.errors === 0 && (coverageReport?.meetsMinimum ?? true),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    ruleSets: [...ruleSets.values()],
    files,
    totals,
    ...(coverageReport ? { coverage: coverageReport } : {}),
    ...(suggestions ? { suggestions } : {}),
  };
}


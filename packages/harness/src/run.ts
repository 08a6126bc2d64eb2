// runTests: discover fixtures, load each one's rule set (checked and compiled once),
// validate every case, evaluate it with a trace, compare with its expectations, record
// coverage and (with `update`) snapshots. Returns the structured report. One TestRun holds
// what the files of a run share (rule sets, shared facts, coverage); each step is a method.
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
  const settings = runSettings(options, Date.now());
  const run = new TestRun(settings, options.cache ?? new RuleSetCache(options.instantiate ?? instantiateEngine));
  for (const path of settings.fixtures) run.runFile(path);
  return run.report(options);
}

/** What a run's options come to, checked: a bad date, --suggest with --filter or a missing path is a usage error. */
interface RunSettings {
  readonly started: number;
  readonly cwd: string;
  readonly display: (path: string) => string;
  /** Evaluation time of cases without `as_of`. */
  readonly runNow: Date;
  readonly matches: ((text: string) => boolean) | undefined;
  readonly suggest: boolean;
  readonly wantCoverage: boolean;
  readonly update: boolean;
  readonly fixtures: readonly string[];
}

function runSettings(options: RunOptions, started: number): RunSettings {
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
  const wantCoverage = options.coverage === true || options.minCoverage !== undefined || suggest;
  return { started, cwd, display, runNow, matches, suggest, wantCoverage, update: options.update === true, fixtures };
}

/** One fixture file being run: its parsed text, its rule set, and what its cases add. */
interface FileRun {
  readonly path: string;
  readonly text: string;
  readonly fixture: FixtureFile;
  readonly ruleSet: LoadedRuleSet | undefined;
  readonly scope: SharedScope;
  readonly diagnostics: Diagnostic[];
  readonly cases: CaseReport[];
  /** The shared sets some case extends. */
  readonly used: Set<SharedSet>;
  readonly updates: SnapshotUpdate[];
  /** Indexes in `cases` of the cases whose snapshot is rewritten. */
  readonly updatedCases: Set<number>;
}

type SharedScope = ReturnType<typeof sharedScope>['scope'];

class TestRun {
  private readonly files: FileReport[] = [];
  private filteredOut = 0;
  private updated = 0;
  private readonly factsFiles = new Map<string, FactsFile>();
  /** Diagnostics of shared facts already reported, so a set read by many fixtures is reported once. */
  private readonly reported = new Set<string>();
  private readonly ruleSets = new Map<string, RuleSetReport>();
  /** Per rule set, the first fixture that uses it: where suggestions go. */
  private readonly firstFixture = new Map<string, { ruleSet: LoadedRuleSet; fixture: string }>();
  private readonly coverage: CoverageCollector;
  /** With --suggest: the values and patients each rule set's cases use (typical values, no repeats). */
  private readonly caseValues = new Map<string, CaseValues>();

  constructor(
    private readonly settings: RunSettings,
    private readonly cache: RuleSetCache,
  ) {
    this.coverage = new CoverageCollector(settings.display);
  }

  /** Runs every case of one fixture file and adds the file's report. */
  runFile(path: string): void {
    const { display } = this.settings;
    let text: string;
    try {
      text = readFixtureText(path);
    } catch (error) {
      this.files.push({ file: display(path), uri: path, diagnostics: [fileDiagnostic(path, '', codes.unreadableInput, { what: 'fixture file', reason: readFailure(error) })], cases: [] });
      return;
    }
    const fixture: FixtureFile = parseFixtureFile(path, text, (p) => resolve(dirname(path), p));
    const diagnostics: Diagnostic[] = [...fixture.diagnostics];
    const ruleSet = this.loadRuleSet(path, text, fixture, diagnostics);
    // Shared facts: the file's own, then facts files nearest first.
    const shared = sharedScope(fixture.shared, factsFilesFor(path).map((level) => level.map((p) => this.loadFacts(p))), display);
    for (const d of shared.diagnostics) if (this.fresh(d)) diagnostics.push(d);
    const file: FileRun = { path, text, fixture, ruleSet, scope: shared.scope, diagnostics, cases: [], used: new Set(), updates: [], updatedCases: new Set() };
    for (const c of fixture.cases) {
      const report = this.runCase(c, file);
      if (report) file.cases.push(report);
    }
    this.checkUnusedSharedSets(file);
    this.writeSnapshotUpdates(file);
    this.files.push({ file: display(path), uri: path, ...(ruleSet ? { ruleSet: display(ruleSet.root) } : {}), diagnostics, cases: file.cases });
  }

  /** The fixture's rule set (checked and compiled once per run), or a file diagnostic saying why there is none. */
  private loadRuleSet(path: string, text: string, fixture: FixtureFile, diagnostics: Diagnostic[]): LoadedRuleSet | undefined {
    const location = ruleSetFor(path, fixture.rules);
    if (location.missing.length > 0 && fixture.file) {
      diagnostics.push(fileDiagnostic(path, text, codes.fixtureRulesNotFound, { path: location.missing[0]! }));
      return undefined;
    }
    if (location.files.length === 0) {
      diagnostics.push(fileDiagnostic(path, text, codes.fixtureWithoutRuleSet, { folder: this.settings.display(location.root) }));
      return undefined;
    }
    const ruleSet = this.cache.load(location.root, location.files);
    const { display } = this.settings;
    if (!this.ruleSets.has(ruleSet.key)) this.ruleSets.set(ruleSet.key, { root: display(ruleSet.root), files: ruleSet.files.map(display), diagnostics: ruleSet.errors });
    if (this.settings.wantCoverage) this.coverage.register(ruleSet);
    if (!this.firstFixture.has(ruleSet.key)) this.firstFixture.set(ruleSet.key, { ruleSet, fixture: path });
    return ruleSet;
  }

  /** A shared facts file, read and parsed once per run. */
  private loadFacts(path: string): FactsFile {
    let f = this.factsFiles.get(path);
    if (!f) {
      let text: string;
      try {
        text = readFixtureText(path);
      } catch (error) {
        f = { uri: path, sets: [], diagnostics: [fileDiagnostic(path, '', codes.unreadableInput, { what: 'shared facts file', reason: readFailure(error) })] };
        this.factsFiles.set(path, f);
        return f;
      }
      f = parseFactsFile(path, text);
      this.factsFiles.set(path, f);
    }
    return f;
  }

  /** Whether a diagnostic is reported for the first time in this run. */
  private fresh(d: Diagnostic): boolean {
    const k = diagnosticKey(d);
    if (this.reported.has(k)) return false;
    this.reported.add(k);
    return true;
  }

  /**
   * One case: validated against the rule set, evaluated with a trace, assessed against its
   * expectations. Undefined when the filter leaves it out.
   */
  private runCase(c: FixtureCase, file: FileRun): CaseReport | undefined {
    const { matches, display, runNow } = this.settings;
    if (matches && !matches(c.name) && !ruleIdsOf(c).some(matches)) {
      this.filteredOut++;
      return undefined;
    }
    const caseStart = Date.now();
    const asOf = c.asOf ?? file.fixture.asOf ?? runNow;
    const base = { name: c.name, file: display(file.path), uri: file.path, line: c.file.lineOf(c.node), asOf: isoDateTime(asOf), rules: caseRules(c) };
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
      const s = file.scope.lookup(r.name);
      if (s) file.used.add(s);
    }
    const ruleSet = file.ruleSet;
    if (!ruleSet) return error(sortDiagnostics([...c.diagnostics, ...file.diagnostics.filter((d) => d.severity === 'error')]));
    if (!ruleSet.engine || !ruleSet.index) return error([...c.diagnostics, ...ruleSet.errors]);
    // Structural problems and rule-set problems together, so one run shows them all.
    const problems = [...c.diagnostics, ...checkExpectations(c, ruleSet.index)];
    const prepared = prepareFacts(c.extends, c.facts, file.scope, ruleSet, asOf, { case: c.name });
    problems.push(...prepared.diagnostics);
    if (problems.length > 0) return error(sortDiagnostics(problems), prepared.input);
    let result: EvaluationResult;
    try {
      result = ruleSet.engine.evaluate(prepared.input, { now: isoDateTime(asOf), trace: true });
    } catch (err) {
      return error([c.file.at(c.node, codes.evaluationFailed, { case: c.name, reason: (err as Error).message }, { case: c.name })], prepared.input);
    }
    if (this.settings.wantCoverage) this.coverage.record(ruleSet, result);
    if (this.settings.suggest) this.recordCaseValues(ruleSet, prepared.input);
    const actual = actualOf(result);
    const updating = this.settings.update && c.expect.snapshot !== undefined;
    if (updating) {
      file.updates.push({ index: c.index, decisions: actual.decisions });
      file.updatedCases.add(file.cases.length);
    }
    const assessment = assess(c.expect, actual, { updating });
    const failed = assessment.failures.length > 0;
    return {
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
    };
  }

  private recordCaseValues(ruleSet: LoadedRuleSet, input: unknown): void {
    const validated = ruleSet.engine!.validateFacts(input);
    if (!validated.ok) return;
    let values = this.caseValues.get(ruleSet.key);
    if (!values) this.caseValues.set(ruleSet.key, (values = new CaseValues()));
    values.record(validated.facts);
  }

  /** Shared sets no case used are still checked against the rule set (nothing silently ignored). */
  private checkUnusedSharedSets(file: FileRun): void {
    const ruleSet = file.ruleSet;
    if (!ruleSet?.engine || this.settings.matches) return;
    for (const s of file.scope.all()) {
      if (file.used.has(s)) continue;
      const prepared = prepareFacts([{ name: s.name, file: s.file, node: s.pair.key }], undefined, file.scope, ruleSet, this.settings.runNow, { shared: s.name });
      for (const d of prepared.diagnostics) if (this.fresh(d)) file.diagnostics.push(d);
    }
  }

  /** With --update: the actual decisions written into the file's snapshot cases. */
  private writeSnapshotUpdates(file: FileRun): void {
    if (file.updates.length === 0) return;
    const written = writeSnapshots(file.path, file.updates);
    if (!written.ok) {
      file.diagnostics.push(fileDiagnostic(file.path, file.text, codes.snapshotWriteFailed, { reason: written.error }));
      return;
    }
    for (const i of file.updatedCases) {
      file.cases[i] = { ...file.cases[i]!, updated: true };
      this.updated++;
    }
  }

  /** The structured report: totals, coverage and suggestions over every file run. */
  report(options: RunOptions): TestReport {
    const { started, runNow, display, cwd } = this.settings;
    const files = this.files;
    const all = files.flatMap((f) => f.cases);
    const fileErrors = files.filter((f) => f.diagnostics.some((d) => d.severity === 'error')).length;
    const totals = {
      files: files.length,
      cases: all.length,
      passed: all.filter((c) => c.status === 'passed').length,
      failed: all.filter((c) => c.status === 'failed').length,
      errors: all.filter((c) => c.status === 'error').length + fileErrors,
      filteredOut: this.filteredOut,
      updated: this.updated,
    };
    const suggestions = this.settings.suggest
      ? suggestForRuleSets(
          [...this.firstFixture.values()],
          this.coverage,
          { ...(typeof options.suggest === 'string' ? { target: resolve(cwd, options.suggest) } : {}), now: options.now !== undefined ? runNow : startOfDay(runNow), display, caseValues: (key) => this.caseValues.get(key) },
        )
      : undefined;
    const coverageReport = this.settings.wantCoverage ? this.coverage.report(options.minCoverage) : undefined;
    return {
      schema: REPORT_SCHEMA,
      ok: totals.failed === 0 && totals.errors === 0 && (coverageReport?.meetsMinimum ?? true),
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      ruleSets: [...this.ruleSets.values()],
      files,
      totals,
      ...(coverageReport ? { coverage: coverageReport } : {}),
      ...(suggestions ? { suggestions } : {}),
    };
  }
}

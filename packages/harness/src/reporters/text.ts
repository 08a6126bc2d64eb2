// The text reporter: one line per case, and under each failure the expected-versus-actual
// decisions as a diff (`- expected`, `+ actual`) and the trace of the rules involved. The
// last line is always `N passed, N failed` (then `, N errors` when there are any), for CI.
import { INPUT_LIMITS, oneBased, PLAIN, readRegularFile, renderDiagnostic, SourceText, type Diagnostic, type Paint } from '@vigil/core';
import type { CaseReport, CoverageReport, SuggestionReport, TestReport, TraceEntry } from '../report.js';
import { andList } from '../match.js';

export type { Paint };

const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const COLORS: Paint = { bold: ansi(1, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39), blue: ansi(34, 39), cyan: ansi(36, 39), gray: ansi(90, 39) };
export const NO_COLORS: Paint = PLAIN;

export interface TextReporterOptions {
  /** Paths are shown relative to this. */
  readonly cwd: string;
  readonly colors?: Paint;
  /** List passing cases too (default true). */
  readonly listPassed?: boolean;
  /** Render one diagnostic (the CLI passes its code-frame renderer); default: location, message and the offending line. */
  readonly renderDiagnostic?: (d: Diagnostic) => string;
}

/** The summary line CI tools parse. */
export function summaryLine(report: TestReport): string {
  const t = report.totals;
  return `${t.passed} passed, ${t.failed} failed${t.errors > 0 ? `, ${t.errors} errors` : ''}`;
}

/** Core's code-frame printer over the files as they are on disk now. */
function defaultDiagnosticRenderer(cwd: string, c: Paint): (d: Diagnostic) => string {
  const sources = new Map<string, SourceText | undefined>();
  const lookup = (uri: string): SourceText | undefined => {
    if (!sources.has(uri)) {
      try {
        sources.set(uri, new SourceText(uri, readRegularFile(uri, { maxBytes: INPUT_LIMITS.fixtureFileBytes, what: 'a fixture file' })));
      } catch {
        sources.set(uri, undefined);
      }
    }
    return sources.get(uri);
  };
  return (d) => renderDiagnostic(d, lookup, { cwd, colors: c }).replace(/\n+$/, '\n');
}

function indent(text: string, by: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? l : by + l))
    .join('\n');
}

function traceLines(trace: readonly TraceEntry[], c: Paint): string[] {
  const out: string[] = [];
  for (const t of trace) {
    const outcome = t.outcome === 'fired' ? c.green(t.outcome) : t.outcome === 'not evaluable' ? c.yellow(t.outcome) : t.outcome === 'overridden' ? c.yellow(`overridden by ${t.overriddenByAll ? andList(t.overriddenByAll) : (t.overriddenBy ?? '?')}`) : c.red(t.outcome);
    out.push(`${c.bold(t.rule)} ${JSON.stringify(t.title)}: ${outcome}${t.missing && t.missing.length > 0 ? ` (missing ${t.missing.join(', ')})` : ''}`);
    if (t.explanation.length > 0) {
      out.push('  because:');
      for (const e of t.explanation) out.push(`    ${e}`);
    }
    if (t.outcome !== 'fired' && t.conditions.length > 0) {
      const width = Math.max(...t.conditions.map((x) => x.value.length));
      for (const x of t.conditions) {
        const v = x.value.padEnd(width);
        const shown = x.value === 'true' ? c.green(v) : x.value === 'false' ? c.red(v) : c.yellow(v);
        const notes = [...x.facts, ...(x.definition !== undefined ? [`in ${x.definition}`] : []), ...(x.clause === 'unless' ? ['in unless'] : [])];
        out.push(`  ${shown}  ${x.negated ? 'not ' : ''}${x.text}${notes.length > 0 ? c.gray(`  (${notes.join('; ')})`) : ''}`);
      }
    }
  }
  return out;
}

/** The detail of a failed or errored case (without colours it is also the JUnit failure text). */
export function caseDetail(r: CaseReport, c: Paint, renderDiagnostic: (d: Diagnostic) => string, shown?: Set<string>): string[] {
  const out: string[] = [];
  if (r.status === 'error') {
    for (const d of r.diagnostics) {
      const key = `${d.uri}\0${d.range.start.offset}\0${d.message}`;
      if (shown?.has(key)) {
        out.push(c.gray(`${d.code} at line ${oneBased(d.range.start).line} of ${d.uri.split(/[\\/]/).pop() ?? d.uri}: shown above`));
        continue;
      }
      shown?.add(key);
      out.push(...renderDiagnostic(d).replace(/\n+$/, '').split('\n'));
    }
    return out;
  }
  for (const f of r.failures) {
    out.push(c.red(f.message));
    if (f.kind === 'missing-decision' && f.actual) out.push(c.gray(`  near miss: ${f.actual}`));
    else if (f.kind !== 'missing-decision' && f.kind !== 'unexpected-decision' && f.kind !== 'forbidden-decision' && f.kind !== 'no-snapshot') {
      if (f.expected) out.push(`  expected: ${f.expected}`);
      if (f.actual) out.push(`  actual:   ${f.actual}`);
    }
  }
  if (r.diff.length > 0) {
    out.push(`${c.red('- expected')}`, `${c.green('+ actual')}`, '');
    for (const l of r.diff) out.push(l.sign === '-' ? c.red(`- ${l.text}`) : l.sign === '+' ? c.green(`+ ${l.text}`) : `  ${l.text}`);
  }
  if (r.trace.length > 0) {
    out.push('', c.bold('trace:'));
    for (const l of traceLines(r.trace, c)) out.push(`  ${l}`);
  }
  out.push(c.gray(`at ${r.file}:${r.line} · as of ${r.asOf}`));
  return out;
}

export function coverageLines(cov: CoverageReport, c: Paint): string[] {
  const out: string[] = [];
  for (const s of cov.ruleSets) {
    out.push('', c.bold(`Coverage of ${s.root} (${s.cases} ${s.cases === 1 ? 'case' : 'cases'})`));
    out.push(`  rules fired:  ${s.totals.rulesFired}/${s.totals.rules} (${s.totals.rulePercent.toFixed(1)}%)`);
    out.push(`  conditions:   ${s.totals.atomsCovered}/${s.totals.atoms} seen both true and false; branches ${s.totals.branchPercent.toFixed(1)}%`);
    if (s.totals.rows !== undefined) out.push(`  table rows:   ${s.totals.rowsHit}/${s.totals.rows} decided in some case (${s.totals.rowPercent!.toFixed(1)}%)`);
    const idWidth = Math.max(4, ...s.rules.map((r) => r.rule.length));
    out.push(c.gray(`  ${'rule'.padEnd(idWidth)}  fired  not fired  unknown`));
    for (const r of s.rules) {
      const line = `  ${r.rule.padEnd(idWidth)}  ${String(r.fired).padStart(5)}  ${String(r.notFired).padStart(9)}  ${String(r.notEvaluable).padStart(7)}`;
      out.push(r.fired === 0 ? c.yellow(line) : line);
    }
    if (s.neverFired.length > 0) out.push(c.yellow(`  never fired: ${s.neverFired.join(', ')}`));
    if (s.rowsNeverHit.length > 0) out.push(c.yellow(`  table rows that never decided: ${s.rowsNeverHit.join(', ')}`));
    const partial = s.atoms.filter((a) => !a.covered);
    if (partial.length > 0) {
      out.push('  conditions not seen both ways:');
      for (const a of partial) {
        const seen = [a.true > 0 ? 'true' : '', a.false > 0 ? 'false' : ''].filter(Boolean).join(' and ') || 'neither';
        out.push(`    ${c.gray(a.location)}  ${a.text}  ${c.yellow(`(seen ${seen}${a.unknown > 0 ? `; unknown ${a.unknown}×` : ''})`)}`);
      }
    }
  }
  const t = cov.totals;
  const min = cov.minimum !== undefined ? `; minimum ${cov.minimum}%${cov.meetsMinimum ? '' : ' NOT MET'}` : '';
  const rows = t.rowPercent !== undefined ? `, rows ${t.rowPercent.toFixed(1)}%` : '';
  out.push('', `Coverage: rules ${t.rulePercent.toFixed(1)}%, branches ${t.branchPercent.toFixed(1)}%${rows}${min}`);
  return out;
}

const UNREACHED_RULE = { fired: 'fires', quiet: 'does not fire', unknown: 'is not evaluable' } as const;

export function suggestionLines(suggestions: readonly SuggestionReport[], c: Paint): string[] {
  const out: string[] = [];
  for (const s of suggestions) {
    const kept = s.cases.length - s.added;
    out.push('', c.bold(`Suggested cases for ${s.ruleSet}`));
    if (s.error) out.push(c.red(`  ${s.error}`));
    else if (s.cases.length === 0) out.push('  none: the cases give every rule outcome and every condition outcome a patient can give');
    else out.push(`  ${s.added} added to ${s.file}${kept > 0 ? ` (${kept} already there)` : ''}; review each before keeping it`);
    for (const k of s.cases) out.push(`  ${c.green('+')} ${k.name}`);
    if (s.unreached.length > 0) {
      out.push('  outcomes with no case:');
      for (const u of s.unreached) {
        const what = u.outcome !== undefined ? `${u.rule} ${UNREACHED_RULE[u.outcome]}` : `${u.rule ? `${u.rule}: ` : ''}${u.condition} is ${u.want}`;
        out.push(`    ${what} ${c.yellow(`(${u.reason})`)}`);
      }
    }
  }
  return out;
}

export function renderText(report: TestReport, options: TextReporterOptions): string {
  const c = options.colors ?? NO_COLORS;
  const render = options.renderDiagnostic ?? defaultDiagnosticRenderer(options.cwd, c);
  const listPassed = options.listPassed ?? true;
  const shown = new Set<string>();
  const out: string[] = [];
  for (const f of report.files) {
    out.push(`${c.bold(f.file)}${f.ruleSet ? c.gray(`  (rule set ${f.ruleSet})`) : ''}`);
    for (const d of f.diagnostics) {
      shown.add(`${d.uri}\0${d.range.start.offset}\0${d.message}`);
      out.push(indent(render(d), '  '));
    }
    for (const r of f.cases) {
      if (r.status === 'passed') {
        if (listPassed) out.push(`  ${c.green('✓')} ${r.name}${r.updated ? c.gray(' (snapshot written)') : ''}`);
        continue;
      }
      const mark = r.status === 'failed' ? c.red('✗') : c.yellow('!');
      out.push(`  ${mark} ${r.name}${r.status === 'error' ? c.yellow(' (error)') : ''}${r.updated ? c.gray(' (snapshot written)') : ''}`);
      for (const l of caseDetail(r, c, render, shown)) out.push(l === '' ? '' : `      ${l}`);
      out.push('');
    }
  }
  if (report.files.length === 0) out.push('No fixture files (*.cases.yaml) found.');
  else if (report.totals.cases === 0 && report.totals.filteredOut > 0) out.push('No case matches the filter.');
  if (report.totals.filteredOut > 0) out.push(c.gray(`${report.totals.filteredOut} cases left out by the filter.`));
  if (report.totals.updated > 0) out.push(c.gray(`${report.totals.updated} snapshots written.`));
  if (report.coverage) out.push(...coverageLines(report.coverage, c));
  if (report.suggestions) out.push(...suggestionLines(report.suggestions, c));
  out.push('', summaryLine(report));
  return out.join('\n') + '\n';
}

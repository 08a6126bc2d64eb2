// `vigil eval <paths…> --facts FILE`: run the rule set on one patient and explain the result.
// `vigil eval <paths…> --expr "…" [--facts FILE]`: evaluate one condition in the rule set's context.
import { SourceText, formatFactValue, hasErrors, irAtomInputs, isIrAtom, walkIr, type IrWalkPosition } from '@vigil/core';
import type { Diagnostic, IrAtom, IrExpr, IrProgram, Range } from '@vigil/core';
import { actionLabel, doseDetailText, scheduleText, windowText, type Decision, type DoseResult, type EvaluateOptions, type EvaluationResult, type FactIssue, type SchedulePhaseResult } from '@vigil/runtime';
import { ExitCode } from '../exit-codes.js';
import { factIssueDiagnostics, parseFacts, type LoadedFacts } from '../facts/load-facts.js';
import { renderDiagnostic } from '../render/code-frame.js';
import { groupOverridden, type OverriddenRule } from '../render/overridden.js';
import { displayPath, readInputFile, UsageError, type Colors } from '../io.js';
import { nowOption } from '../now.js';
import { EXPRESSION_RULE_ID, EXPRESSION_URI, type Engine, type RuleSetCheck } from '../services.js';
import { irOrErrors, loadRuleSet, lookupIn, renderProblems, type CommandContext } from './context.js';

export interface EvalOptions {
  readonly facts?: string;
  readonly now?: string;
  readonly json: boolean;
  readonly expr?: string;
  /** A FHIR R4 Bundle (or resource) to read the facts from, through the rule set's bindings. */
  readonly fhir?: string;
  readonly bindings?: string;
  readonly patient?: string;
}

/** How an expression is shown in diagnostics: `--expr:1:5`. */
export const EXPRESSION_LABEL = '--expr';
/** The facts an evaluation without --facts is given: none, shown under this name. */
const NO_FACTS = '(no facts)';

export async function runEval(paths: readonly string[], options: EvalOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  if (options.fhir !== undefined) {
    if (options.facts !== undefined || options.expr !== undefined) throw new UsageError('--fhir reads the facts from FHIR: it cannot be combined with --facts or --expr');
    return runEvalFhir(paths, options, ctx);
  }
  if (options.facts === undefined && options.expr === undefined) {
    throw new UsageError("eval needs the patient's facts: --facts FILE.json|FILE.yaml (or an expression: --expr \"…\")");
  }
  if (paths.length === 0 && options.expr === undefined) throw new UsageError('eval needs the rule files or directories to evaluate (an expression alone needs none: --expr "…")');
  if (options.expr !== undefined && options.expr.trim() === '') throw new UsageError('--expr needs an expression');
  const now = nowOption(options.now);
  // Read the facts file first: an unreadable path is a usage error whatever the rules say.
  const factsFile = options.facts !== undefined ? readInputFile(options.facts, io.cwd) : undefined;

  const services = await ctx.services();
  // An expression alone (literals only, e.g. a unit check) is checked against an empty rule set.
  const { check } = paths.length === 0 ? { check: services.checkFiles([]) } : loadRuleSet(paths, services, io);
  const ir = irOrErrors(check, ctx);
  if (!ir) return ExitCode.inputErrors;

  let facts: LoadedFacts | undefined;
  if (factsFile) {
    const loaded = parseFacts(factsFile.text, factsFile.path);
    if (!loaded.ok) {
      io.stderr.write(renderProblems(loaded.diagnostics, lookupIn(new Map([[loaded.source.uri, loaded.source]])), 1, ctx));
      return ExitCode.inputErrors;
    }
    facts = loaded.facts;
  }
  // Without a facts file the patient is empty: an empty document, so that any refusal is located like a file's.
  facts ??= (parseFacts('{}', NO_FACTS) as { ok: true; facts: LoadedFacts }).facts;
  const input: Record<string, unknown> = facts.data;
  const evaluateOptions = now !== undefined ? { now } : {};

  if (options.expr !== undefined) return evalExpression(check, options.expr, input, facts, { ...evaluateOptions, trace: true }, options.json, ctx);

  const engine = services.instantiateEngine(ir);
  if (!validate(engine, input, facts, ctx)) return ExitCode.inputErrors;
  const result = evaluateOrReport(engine, input, evaluateOptions, facts, ctx);
  if (!result) return ExitCode.inputErrors;
  if (options.json) io.stdout.write(JSON.stringify(jsonResult(result, ir), null, 2) + '\n');
  else io.stdout.write(renderEvaluation(result, ir, { factsPath: factsFile ? displayPath(facts.uri, io.cwd) : undefined, now: options.now, colors: ctx.colors }));
  return ExitCode.ok;
}

/** `vigil eval RULES --fhir bundle.json`: the facts come from FHIR through the bindings file. */
async function runEvalFhir(paths: readonly string[], options: EvalOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  if (paths.length === 0) throw new UsageError('eval --fhir needs the rule files or directories to evaluate');
  const now = nowOption(options.now);
  const { findBindingsFile, loadBindings, loadFhirFacts, refusedFhirFacts } = await import('../fhir/load-bindings.js');
  const bindingsPath = findBindingsFile(paths, io.cwd, options.bindings);
  const services = await ctx.services();
  const { check } = loadRuleSet(paths, services, io);
  const ir = irOrErrors(check, ctx);
  if (!ir) return ExitCode.inputErrors;
  const engine = services.instantiateEngine(ir);
  const factInfo = engine.facts ?? [];
  const bindings = loadBindings(bindingsPath, io.cwd, factInfo);
  if (!bindings.ok) {
    io.stderr.write(renderProblems(bindings.diagnostics, lookupIn(new Map([[bindings.source.uri, bindings.source]])), 1, ctx));
    return ExitCode.inputErrors;
  }
  const { withBounds } = await import('../fhir/bound-thresholds.js');
  const loaded = loadFhirFacts(options.fhir!, io.cwd, withBounds(bindings.value, ir), factInfo, now, options.patient);
  if (!loaded.ok) {
    io.stderr.write(renderProblems(loaded.diagnostics, lookupIn(new Map([[loaded.source.uri, loaded.source]])), 1, ctx));
    return ExitCode.inputErrors;
  }
  const { fhir, warnings, file } = loaded.value;
  const lookup = lookupIn(new Map([[file.uri, file.source]]));
  for (const w of warnings) io.stderr.write(renderDiagnostic(w, lookup, { cwd: io.cwd, colors: ctx.colors }));
  const validation = engine.validateFacts(fhir.facts);
  if (!validation.ok) {
    // The bindings should produce only values the engine accepts; a refusal is shown at the resource read.
    io.stderr.write(renderProblems(refusedFhirFacts(validation.issues, loaded.value), lookup, 1, ctx));
    return ExitCode.inputErrors;
  }
  const result = evaluateOrReport(engine, fhir.facts, now !== undefined ? { now } : {}, file, ctx);
  if (!result) return ExitCode.inputErrors;
  if (options.json) {
    io.stdout.write(JSON.stringify({ ...result, facts: fhir.facts, missingFacts: fhir.missing, factSources: fhir.from, reportedBounds: fhir.bounds }, null, 2) + '\n');
  } else {
    io.stdout.write(
      renderEvaluation(result, ir, { factsPath: displayPath(file.uri, io.cwd), now: options.now, colors: ctx.colors, missingReasons: fhir.missing }),
    );
    const bounds = Object.entries(fhir.bounds);
    if (bounds.length > 0) io.stdout.write(`\n${ctx.colors.bold('Reported bounds')}\n${bounds.map(([k, note]) => `  ${k}: ${note}`).join('\n')}\n`);
  }
  return ExitCode.ok;
}

/** Runs the engine's fact validation; on failure prints one VGL7001 per issue, located in the facts file. */
function validate(engine: Engine, input: unknown, facts: LoadedFacts, ctx: CommandContext): boolean {
  const validation = engine.validateFacts(input);
  if (validation.ok) return true;
  const diagnostics = factIssueDiagnostics(validation.issues, facts);
  ctx.io.stderr.write(renderProblems(diagnostics, lookupIn(new Map([[facts.uri, facts.source]])), 1, ctx));
  return false;
}

/** The engine's result, with each overridden rule listed once (its title and every rule that overrode it). */
export function jsonResult(result: EvaluationResult, ir: IrProgram): Omit<EvaluationResult, 'overridden'> & { overridden: OverriddenRule[] } {
  return { ...result, overridden: groupOverridden(result.overridden, new Map(ir.rules.map((r) => [r.id, r.title]))) };
}

/** A FactsError the engine throws while evaluating (a date after --now): its issues. */
function factsErrorIssues(error: unknown): readonly FactIssue[] | undefined {
  const issues = (error as { name?: unknown; issues?: unknown } | null)?.issues;
  return (error as { name?: unknown } | null)?.name === 'FactsError' && Array.isArray(issues) ? (issues as FactIssue[]) : undefined;
}

/**
 * Evaluates; facts the engine refuses only at evaluation time (a date after the evaluation
 * time) are reported like validation issues, located in the facts file. Undefined then.
 */
function evaluateOrReport(engine: Engine, input: unknown, options: EvaluateOptions, facts: LoadedFacts, ctx: CommandContext): EvaluationResult | undefined {
  try {
    return engine.evaluate(input, options);
  } catch (error) {
    const issues = factsErrorIssues(error);
    if (!issues) throw error;
    ctx.io.stderr.write(renderProblems(factIssueDiagnostics(issues, facts), lookupIn(new Map([[facts.uri, facts.source]])), 1, ctx));
    return undefined;
  }
}

// ---------------------------------------------------------------- text output


function trimNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

export function formatDose(dose: DoseResult): string {
  if (dose.ofStandard) {
    const pct = (x: number) => `${trimNumber(x * 100)}%`;
    return `${pct(dose.low)}${dose.high !== undefined ? `${dose.highExclusive ? ' to below ' : ' to '}${pct(dose.high)}` : ''} of standard`;
  }
  const unit = dose.unit && dose.unit !== '1' ? ` ${dose.unit}` : '';
  // The exact value when it is a decimal; a fraction is shown rounded, with its exact value.
  const show = (n: number, exact: string | undefined) => (exact === undefined ? trimNumber(n) : exact.includes('/') ? `${trimNumber(n)} (exactly ${exact})` : exact);
  const perTime = doseDetailText(dose);
  return `${show(dose.low, dose.exact?.low)}${dose.high !== undefined ? `${dose.highExclusive ? ' to below ' : ' to '}${show(dose.high, dose.exact?.high)}` : ''}${unit}${perTime ? ` (${perTime})` : ''}`;
}

export function formatSchedule(schedule: readonly SchedulePhaseResult[], anchor?: Decision['anchor'], tightening?: Pick<Decision, 'tightened' | 'tighteningUnknown'>): string {
  return scheduleText(schedule, anchor, tightening);
}

/** `dose azathioprine 30% to 70% of standard`, `stop azathioprine permanently`, `monitor cbc every 1 wk …`. */
export function formatAction(d: Decision): string {
  const parts = [actionLabel(d.action)];
  if (d.targets.length > 0) parts.push(d.targets.join(', '));
  if (d.permanent) parts.push('permanently');
  if (d.dose) parts.push(formatDose(d.dose));
  if (d.schedule && d.schedule.length > 0) parts.push(formatSchedule(d.schedule, d.anchor, d));
  if (d.window) parts.push(windowText(d.window, d.anchor));
  return parts.join(' ');
}

function verbColor(action: string, c: Colors): (s: string) => string {
  if (action === 'contraindicate' || action === 'stop') return (s) => c.bold(c.red(s));
  if (action === 'caution' || action === 'dose' || action === 'advise-against') return (s) => c.bold(c.yellow(s));
  return (s) => c.bold(c.cyan(s));
}

export interface RenderEvaluationOptions {
  readonly factsPath?: string | undefined;
  readonly now?: string | undefined;
  readonly colors: Colors;
  /** Why facts are missing (from FHIR bindings): shown under the rules they leave not evaluable. */
  readonly missingReasons?: Readonly<Record<string, string>> | undefined;
}

/** `weight is missing` → `weight is missing (no final Observation for LOINC 29463-7 in the last 90 d)`. */
function withReason(text: string, reasons: Readonly<Record<string, string>> | undefined): string {
  const m = reasons ? /^([A-Za-z_][A-Za-z0-9_]*) is missing$/.exec(text) : null;
  const reason = m ? reasons![m[1]!] : undefined;
  return reason !== undefined ? `${text} (${reason})` : text;
}

export function renderEvaluation(result: EvaluationResult, ir: IrProgram, options: RenderEvaluationOptions): string {
  const c = options.colors;
  const titleOf = new Map(ir.rules.map((r) => [r.id, r.title]));
  const out: string[] = [];
  const heading = [`${ir.ruleset.name}${ir.ruleset.version ? ` ${ir.ruleset.version}` : ''}`];
  if (options.factsPath) heading.push(`facts ${options.factsPath}`);
  if (options.now) heading.push(`at ${options.now}`);
  out.push(c.bold(heading.join(' · ')), '');

  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (result.decisions.length === 0) out.push('No decisions.');
  else out.push(c.bold(count(result.decisions.length, 'decision')));
  for (const d of result.decisions) {
    out.push('');
    out.push(`  ${verbColor(d.action, c)(formatAction(d))}`);
    out.push(`    rule ${c.bold(d.rule)} ${JSON.stringify(d.title)}`);
    if (d.message) out.push(`    ${d.message}`);
    if (d.dose?.calculation) out.push(`    dose: ${d.dose.calculation}`);
    if (d.dose?.rounded) out.push(`    shown as: ${d.dose.rounded.text}`);
    const provenance: string[] = [];
    if (d.sources.length > 0) provenance.push(`source: ${d.sources.join(', ')}`);
    // A rule set's own strength scale: where the strength stands on it, as its readers may not know it.
    const scale = ir.ruleset.strengths;
    if (d.strength) provenance.push(`strength: ${d.strength}${scale && scale.includes(d.strength) ? ` (${scale.indexOf(d.strength) + 1} of ${scale.join(' > ')})` : ''}`);
    if (provenance.length > 0) out.push(c.gray(`    ${provenance.join(' · ')}`));
    if (d.explanation.length > 0) {
      out.push('    because:');
      for (const item of d.explanation) out.push(`      ${withReason(item.text, options.missingReasons)}`);
    }
  }

  if (result.notEvaluable.length > 0) {
    out.push('', c.bold(`${count(result.notEvaluable.length, 'rule')} not evaluable`));
    for (const n of result.notEvaluable) {
      out.push(`  ${c.bold(n.rule)} ${JSON.stringify(n.title)}: ${c.yellow(`missing ${n.missing.length > 0 ? n.missing.join(', ') : '(unknown)'}`)}`);
    }
    const reasons = options.missingReasons;
    if (reasons) {
      const keys = [...new Set(result.notEvaluable.flatMap((n) => n.missing))].sort();
      out.push('', c.bold('Missing facts'));
      for (const key of keys) out.push(`  ${key}: ${reasons[key] ?? 'not bound to FHIR'}`);
    }
  }
  const overridden = groupOverridden(result.overridden, titleOf);
  if (overridden.length > 0) {
    out.push('', c.bold(`${count(overridden.length, 'rule')} overridden`));
    for (const o of overridden) {
      const by = o.by.map((b) => c.bold(b));
      const list = by.length === 1 ? by[0] : `${by.slice(0, -1).join(', ')} and ${by[by.length - 1]}`;
      const only = o.actions ? `: ${o.actions.map((a) => [actionLabel(a.action), ...a.targets].join(' ')).join('; ')}` : '';
      out.push(`  ${c.bold(o.rule)}${o.title !== undefined ? ` ${JSON.stringify(o.title)}` : ''}${only} overridden by ${list}`);
    }
  }
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- expressions

export type TruthValue = 'true' | 'false' | 'unknown';

interface AtomReport {
  readonly atom: number;
  readonly text: string;
  /** The patient's values of the facts the atom reads, as given (absent: missing). */
  readonly facts: Readonly<Record<string, unknown>>;
  /** The definition the atom belongs to, when it is not in the expression itself. */
  readonly definition?: string;
  readonly value: TruthValue | 'not evaluated';
}

/** Every atom a condition depends on, in order, following definitions (each once). */
export function collectAtoms(expr: IrExpr, ir: IrProgram): { atom: IrAtom; definition?: string }[] {
  const out: { atom: IrAtom; definition?: string }[] = [];
  const visit = (e: IrExpr, at: IrWalkPosition): void => {
    if (isIrAtom(e)) out.push(at.definition !== undefined ? { atom: e, definition: at.definition } : { atom: e });
  };
  walkIr(expr, visit, { definitions: new Map(ir.definitions.map((d) => [d.name, d])) });
  return out;
}


function atomValue(code: number | undefined): AtomReport['value'] {
  return code === 1 ? 'true' : code === 0 ? 'false' : code === 2 ? 'unknown' : 'not evaluated';
}

/**
 * Moves diagnostics about the synthetic expression rule onto the expression text itself:
 * ranges (and fixes) on the expression's line are shifted to its columns; anything after
 * it (a parser that ran past the end) points at the end of the expression; the synthetic
 * rule's name and clauses never show.
 */
export function expressionDiagnostics(diagnostics: readonly Diagnostic[], synthetic: SourceText | undefined, exprSource: SourceText): Diagnostic[] {
  const exprLine = 1; // the pipeline puts the expression alone on the synthetic file's second line
  const base = synthetic?.lineStarts[exprLine] ?? 0;
  const length = exprSource.text.length;
  const move = (range: Range): Range => {
    if (range.start.line === exprLine) {
      const start = Math.min(Math.max(0, range.start.offset - base), length);
      const end = range.end.line === exprLine ? Math.min(Math.max(start, range.end.offset - base), length) : length;
      return exprSource.rangeAt(start, end);
    }
    if (range.start.line > exprLine) return exprSource.rangeAt(length, length);
    return exprSource.rangeAt(0, length);
  };
  return diagnostics.map((d) => {
    if (d.uri !== EXPRESSION_URI) return d;
    const pastEnd = d.range.start.line > exprLine;
    // A parser that ran past the expression found the synthetic rule's next clause.
    const message = pastEnd ? d.message.replace(/but found '[^']*'/, 'but the expression ended') : d.message;
    return {
      ...d,
      message,
      uri: EXPRESSION_LABEL,
      range: move(d.range),
      related: (d.related ?? []).map((r) => (r.uri === EXPRESSION_URI ? { ...r, uri: EXPRESSION_LABEL, range: move(r.range) } : r)),
      fixes: (d.fixes ?? [])
        .map((f) => ({ ...f, edits: f.edits.map((e) => (e.uri === EXPRESSION_URI ? { ...e, uri: EXPRESSION_LABEL, range: move(e.range) } : e)) })),
    };
  });
}

async function evalExpression(
  base: RuleSetCheck,
  exprText: string,
  input: Record<string, unknown>,
  facts: LoadedFacts,
  evaluateOptions: { now?: string; trace: true },
  json: boolean,
  ctx: CommandContext,
): Promise<number> {
  const { io } = ctx;
  const services = await ctx.services();
  const exprSource = new SourceText(EXPRESSION_LABEL, exprText.replace(/\r?\n/g, ' '));
  const checked = services.checkExpression(base, exprText);
  const lookup = lookupIn(base.sources, checked.sources, new Map([[EXPRESSION_LABEL, exprSource]]));
  // Only what concerns the expression: the rule set's own warnings are `vigil check`'s business.
  const diagnostics = expressionDiagnostics(
    checked.diagnostics.filter((d) => d.uri === EXPRESSION_URI || d.severity === 'error'),
    checked.sources.get(EXPRESSION_URI),
    exprSource,
  ).filter((d) => d.severity !== 'info');
  if (hasErrors(diagnostics) || !checked.ir) {
    io.stderr.write(renderProblems(diagnostics, lookup, 1, ctx));
    if (diagnostics.some((d) => d.uri === EXPRESSION_LABEL && d.code === 'VGL3002' && d.range.start.offset === 0 && d.range.end.offset === exprSource.text.length)) {
      io.stderr.write('--expr takes a condition (true, false or unknown); to inspect a quantity, compare it with a value in its unit.\n');
    }
    return ExitCode.inputErrors;
  }
  for (const d of diagnostics) io.stderr.write(renderDiagnostic(d, lookup, { cwd: io.cwd, colors: ctx.colors }));

  const ir = checked.ir;
  const rule = ir.rules.find((r) => r.id === EXPRESSION_RULE_ID);
  if (!rule) throw new Error(`the checked expression has no rule ${EXPRESSION_RULE_ID}`);
  const engine = services.instantiateEngine(ir);
  if (!validate(engine, input, facts, ctx)) return ExitCode.inputErrors;
  const result = evaluateOrReport(engine, input, evaluateOptions, facts, ctx);
  if (!result) return ExitCode.inputErrors;
  const decision = result.decisions.find((d) => d.rule === EXPRESSION_RULE_ID);
  const notEvaluable = result.notEvaluable.find((n) => n.rule === EXPRESSION_RULE_ID);
  const value: TruthValue = decision ? 'true' : notEvaluable ? 'unknown' : 'false';
  const atoms: AtomReport[] = rule.when
    ? collectAtoms(rule.when, ir).map(({ atom, definition }) => ({
        atom: atom.atom,
        text: atom.text,
        facts: Object.fromEntries(irAtomInputs(atom).map((name) => [name, input[name] ?? null])),
        ...(definition !== undefined ? { definition } : {}),
        value: atomValue(result.atoms?.[atom.atom]),
      }))
    : [];
  const missing = notEvaluable?.missing ?? [];
  const explanation = decision?.explanation.map((e) => e.text) ?? [];

  if (json) {
    io.stdout.write(JSON.stringify({ expression: exprText, value, missing, explanation, atoms }, null, 2) + '\n');
    return ExitCode.ok;
  }
  const c = ctx.colors;
  const colored = value === 'true' ? c.green(value) : value === 'false' ? c.red(value) : c.yellow(value);
  const out: string[] = [c.bold(colored)];
  if (missing.length > 0) out.push(`  missing: ${missing.join(', ')}`);
  if (explanation.length > 0) {
    out.push('  because:');
    for (const line of explanation) out.push(`    ${line}`);
  }
  if (atoms.length > 0) {
    out.push('  conditions:');
    const width = Math.max(...atoms.map((a) => a.value.length));
    for (const a of atoms) {
      const v = a.value.padEnd(width);
      const shownValue = a.value === 'true' ? c.green(v) : a.value === 'false' ? c.red(v) : a.value === 'unknown' ? c.yellow(v) : c.gray(v);
      const values = Object.entries(a.facts).map(([name, v]) => `${name} = ${formatFactValue(v)}`);
      const notes = [...values, ...(a.definition !== undefined ? [`in ${a.definition}`] : [])];
      out.push(`    ${shownValue}  ${a.text}${notes.length > 0 ? c.gray(`  (${notes.join('; ')})`) : ''}`);
    }
  }
  io.stdout.write(out.join('\n') + '\n');
  return ExitCode.ok;
}

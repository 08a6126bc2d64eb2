// Layer 2: behaviour on the fixtures. Every case of both versions' `*.cases.yaml` files
// runs through both compiled engines; a case whose decisions differ is listed with the
// decisions gained and lost. Fixtures are read by the harness's own loader (`readCases`,
// `caseFacts`: the same `extends`, shared sets, `as_of` and relative dates as `vigil
// test`), from memory, so a git revision's fixtures are read alike; expectations are the
// harness's business.
import { actionLabel, doseDetailText, scheduleText, windowText } from '@vigil/runtime';
import { caseFacts, readCases, type MemoryCase } from '@vigil/harness';
import type { Diagnostic } from '@vigil/core';
import type { Engine } from '@vigil/compiler';
import type { Decision, EvaluationResult } from '@vigil/runtime';
import { evaluateSafely, restrictFacts } from './space.js';

export interface FixtureCase {
  /** `file.cases.yaml#name`. */
  readonly id: string;
  readonly file: string;
  readonly name: string;
  /** The case as the harness read it (facts merged, relative dates resolved per version). */
  readonly case: MemoryCase;
  /** A diagnostic about the case as a report line, `file:line: message`. */
  readonly note: (d: Diagnostic) => string;
  readonly now?: string;
}

export interface FixtureChange {
  readonly case: string;
  readonly file: string;
  /** `decisions`: the decisions differ (or a version does not accept the facts); `evaluability`: only which rules are not evaluable or overridden. */
  readonly kind: 'decisions' | 'evaluability';
  readonly gained: readonly string[];
  readonly lost: readonly string[];
  /** Errors: facts one version does not accept. */
  readonly before?: string;
  readonly after?: string;
}

export interface FixtureReport {
  readonly cases: number;
  readonly changed: readonly FixtureChange[];
  /** Files or cases that could not be read. */
  readonly problems: readonly string[];
  /** The fixtures were read by the harness's reader. */
  readonly loader: 'harness';
}

/** How a diagnostic of a fixture file reads in a report: `file:line: message`. */
const noteOf = (display: (path: string) => string) => (d: Diagnostic) => `${display(d.uri)}:${d.range.start.line + 1}: ${d.message}`;

/**
 * The cases of every `*.cases.yaml` among `files` (which may also hold `*.facts.yaml`
 * shared sets), read by the harness's loader.
 */
export function loadFixtureCases(files: ReadonlyMap<string, string>, display: (path: string) => string): { cases: FixtureCase[]; problems: string[] } {
  // Expectations are not read: the diff compares the versions with each other.
  const aboutExpectations = (d: Diagnostic) => String(d.data?.field ?? '').startsWith('expect') || / has no 'expect'/.test(d.message);
  const read = readCases(files, display);
  const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error' && !aboutExpectations(d)).map(noteOf(display));
  const problems = [...errors(read.diagnostics), ...read.cases.flatMap((c) => errors(c.diagnostics))];
  const cases = read.cases.map((c): FixtureCase => {
    const file = display(c.uri);
    return { id: `${file}#${c.name}`, file, name: c.name, case: c, note: noteOf(display), ...(c.asOf ? { now: c.asOf.toISOString() } : {}) };
  });
  return { cases, problems };
}

type Values = Record<string, unknown>;

/** Values the engines read as text: a YAML timestamp as its ISO form. */
function plain(values: Readonly<Values>): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(values)) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}

function decisionText(d: Decision): string {
  const verb = d.action === 'advise-against' ? 'advise against' : d.action;
  const targets = d.targets.length === 0 ? '' : d.targets.length === 1 ? ` ${d.targets[0]}` : ` { ${d.targets.join(', ')} }`;
  let text = `${verb}${targets}${d.permanent ? ' permanently' : ''}`;
  if (d.dose) {
    const f = (n: number) => (d.dose!.ofStandard ? `${+(n * 100).toPrecision(12)}%` : `${+n.toPrecision(12)}${d.dose!.unit && d.dose!.unit !== '1' ? ` ${d.dose!.unit}` : ''}`);
    text += ` ${f(d.dose.low)}${d.dose.high !== undefined ? `${d.dose.highExclusive ? ' to below ' : ' to '}${f(d.dose.high)}` : ''}${d.dose.ofStandard ? ' of standard' : ''}`;
    const perTime = doseDetailText(d.dose);
    if (perTime) text += ` (${perTime})`;
  }
  if (d.schedule) text += ' ' + scheduleText(d.schedule, d.anchor, d);
  if (d.window) text += ' ' + windowText(d.window, d.anchor);
  if (d.action === 'advise' && d.message) text += ` "${d.message}"`;
  return `${text} (${d.rule})`;
}

function outcomeItems(r: EvaluationResult): { decisions: string[]; other: string[] } {
  // A rule overridden by several rules is one item naming all of them.
  const by = new Map<string, string[]>();
  // A rule overridden in some actions names them: `AZA-DOSE-02 (dose azathioprine) overridden by …`.
  for (const o of r.overridden) {
    const what = o.actions ? `${o.rule} (${o.actions.map((a) => [actionLabel(a.action), ...a.targets].join(' ')).join('; ')})` : o.rule;
    by.set(what, [...new Set([...(by.get(what) ?? []), o.by])]);
  }
  return {
    decisions: r.decisions.map(decisionText),
    other: [...r.notEvaluable.map((n) => `${n.rule} not evaluable (missing ${n.missing.join(', ')})`), ...[...by].map(([rule, list]) => `${rule} overridden by ${list.sort().join(', ')}`)],
  };
}

/**
 * Runs every case through both versions. `known` are the facts-file keys each version
 * declares: a fact one version does not know is left out of the patient it is given.
 */
export function fixtureDiff(
  cases: readonly FixtureCase[],
  engines: { old: Engine; new: Engine },
  defaultNow: Date,
  problems: readonly string[] = [],
  known?: { readonly old: ReadonlySet<string>; readonly new: ReadonlySet<string> },
): FixtureReport {
  const changed: FixtureChange[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  const types = new Map([...engines.old.facts, ...engines.new.facts].map((f) => [f.name, f.type]));
  for (const c of cases) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const parsed = c.now ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(c.now) ? `${c.now}T00:00:00Z` : c.now) : defaultNow;
    const now = Number.isNaN(parsed.getTime()) ? defaultNow : parsed;
    // Relative dates as the harness resolves them; one it cannot read is a note, and the case is not run.
    const resolved = caseFacts(c.case, (fact) => types.get(fact), now);
    if (resolved.diagnostics.length > 0) {
      notes.push(...resolved.diagnostics.map(c.note));
      continue;
    }
    const facts = plain(resolved.values);
    const a = evaluateSafely(engines.old, known ? restrictFacts(facts, known.old, known.new) : facts, now);
    const b = evaluateSafely(engines.new, known ? restrictFacts(facts, known.new, known.old) : facts, now);
    if ('error' in a || 'error' in b) {
      const ea = 'error' in a ? a.error : undefined;
      const eb = 'error' in b ? b.error : undefined;
      if (ea === eb) {
        // Neither version accepts the facts: no comparison, and said so.
        notes.push(`${c.file}#${c.name}: neither version accepts the facts (${ea})`);
        continue;
      }
      const x = 'error' in a ? [] : [...outcomeItems(a).decisions, ...outcomeItems(a).other];
      const y = 'error' in b ? [] : [...outcomeItems(b).decisions, ...outcomeItems(b).other];
      changed.push({ case: c.name, file: c.file, kind: 'decisions', gained: y.filter((i) => !x.includes(i)), lost: x.filter((i) => !y.includes(i)), ...(ea ? { before: ea } : {}), ...(eb ? { after: eb } : {}) });
      continue;
    }
    const x = outcomeItems(a);
    const y = outcomeItems(b);
    const decisionsDiffer = y.decisions.some((i) => !x.decisions.includes(i)) || x.decisions.some((i) => !y.decisions.includes(i));
    const xs = [...x.decisions, ...x.other];
    const ys = [...y.decisions, ...y.other];
    const gained = ys.filter((i) => !xs.includes(i));
    const lost = xs.filter((i) => !ys.includes(i));
    if (gained.length > 0 || lost.length > 0) changed.push({ case: c.name, file: c.file, kind: decisionsDiffer ? 'decisions' : 'evaluability', gained, lost });
  }
  return { cases: seen.size, changed, problems: [...problems, ...notes], loader: 'harness' };
}

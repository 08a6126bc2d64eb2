// Suggested fixture cases: for every atom the fixtures never saw true (or never saw
// false), a patient that gives it that value (found by the solver, preferring one on
// which the atom's rule is evaluable), with the decisions the current rules give, as
// YAML text a fixture file can take.
import { analyzerFor, type IrAtom, type IrExpr, type IrProgram, type IrRule } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';
import { stringify } from 'yaml';
import { atomsOf } from './ir-text.js';
import { evaluateSafely } from './space.js';

/** Which atoms the fixtures saw true and false (atom ids). */
export interface AtomsSeen {
  readonly true: ReadonlySet<number>;
  readonly false: ReadonlySet<number>;
}

/** From engine traces (`evaluate(…, { trace: true }).atoms`: 1 true, 0 false, 2 unknown, -1 not evaluated). */
export function atomsSeenFromTraces(traces: readonly (readonly number[])[]): AtomsSeen {
  const t = new Set<number>();
  const f = new Set<number>();
  for (const trace of traces) trace.forEach((v, i) => (v === 1 ? t.add(i) : v === 0 ? f.add(i) : undefined));
  return { true: t, false: f };
}

export interface SuggestedCase {
  readonly atom: number;
  readonly text: string;
  readonly want: 'true' | 'false';
  readonly name: string;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly decisions: readonly { readonly rule: string; readonly action: string; readonly targets: readonly string[] }[];
  readonly notEvaluable: readonly string[];
}

export interface SuggestOptions {
  readonly now?: Date;
}

function contains(e: IrExpr | undefined, atom: number, defs: ReadonlyMap<string, IrExpr>, seen = new Set<string>()): boolean {
  if (!e) return false;
  if ('atom' in e && e.atom === atom) return true;
  switch (e.kind) {
    case 'and':
    case 'or':
      return e.args.some((a) => contains(a, atom, defs, seen));
    case 'not':
    case 'truth':
      return contains(e.arg, atom, defs, seen);
    case 'ref': {
      if (seen.has(e.definition)) return false;
      seen.add(e.definition);
      return contains(defs.get(e.definition), atom, defs, seen);
    }
    default:
      return false;
  }
}

/** The cases as data; `suggestCases` gives them as YAML. */
export function suggestCaseData(ir: IrProgram, atomsSeen: AtomsSeen, options: SuggestOptions = {}): SuggestedCase[] {
  const now = options.now ?? new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
  const analyzer = analyzerFor(ir);
  const engine = instantiateEngine(ir);
  const defs = new Map(ir.definitions.map((d) => [d.name, d.expr]));
  const out: SuggestedCase[] = [];
  const atoms = [...atomsOf(ir).values()].sort((a, b) => a.atom - b.atom);
  for (const atom of atoms) {
    for (const want of ['true', 'false'] as const) {
      if ((want === 'true' ? atomsSeen.true : atomsSeen.false).has(atom.atom)) continue;
      const rule: IrRule | undefined = ir.rules.find((r) => contains(r.when, atom.atom, defs) || r.unless.some((u) => contains(u, atom.atom, defs)));
      const goals = [{ expr: atom as IrExpr, want }];
      // Prefer a patient on whom the atom's rule fires, then one on whom it is decided not to.
      let r = rule ? analyzer.solve([...goals, { expr: analyzer.fireCondition(rule), want: 'true' }]) : undefined;
      if (!r || r.status !== 'sat') r = rule ? analyzer.solve([...goals, { expr: analyzer.fireCondition(rule), want: 'false' }]) : undefined;
      if (!r || r.status !== 'sat') r = analyzer.solve(goals);
      if (r.status !== 'sat') continue;
      const result = evaluateSafely(engine, r.witness.facts, now);
      if ('error' in result) continue;
      out.push({
        atom: atom.atom,
        text: (atom as IrAtom).text,
        want,
        name: `${rule ? `${rule.id}: ` : ''}${(atom as IrAtom).text} is ${want}`,
        facts: r.witness.facts,
        decisions: result.decisions.map((d) => ({ rule: d.rule, action: d.action, targets: [...d.targets] })),
        notEvaluable: result.notEvaluable.map((n) => n.rule),
      });
    }
  }
  return out;
}

/**
 * For every atom never seen true or never seen false, a fixture case (YAML text) whose
 * facts give it that value, expecting the decisions the current rules give.
 */
export function suggestCases(ir: IrProgram, atomsSeen: AtomsSeen, options: SuggestOptions = {}): string {
  const cases = suggestCaseData(ir, atomsSeen, options);
  if (cases.length === 0) return '';
  const now = (options.now ?? new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()))).toISOString();
  return stringify({
    now,
    cases: cases.map((c) => ({
      name: c.name,
      facts: c.facts,
      expect: {
        decisions: c.decisions.map((d) => ({ rule: d.rule, action: d.action, targets: d.targets })),
        ...(c.notEvaluable.length > 0 ? { notEvaluable: c.notEvaluable } : {}),
      },
    })),
  }, { lineWidth: 0 });
}

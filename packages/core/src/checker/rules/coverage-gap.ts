// Notes an enum value or quantity range that a group of rules with one verb on one target (all `dose azathioprine` rules) splits on but never handles: no rule of the group fires there, while other values of the same fact are handled; a contraindication or stop of the target counts as handling a dose or recommendation.
import { actionLabel } from '@vigil/runtime';
import { analyzerFor } from '../../analysis/solver.js';
import { codes } from '../../diagnostics/codes.js';
import type { IrActionVerb, IrAtom, IrExpr, IrFact, IrLocation, IrProgram, IrRule } from '../../ir/ir.js';
import { Rational } from '../../units/rational.js';
import { logicMemo } from '../logic-memo.js';
import type { CheckerRule } from '../rule.js';
import { at } from './unreachable-rule.js';

/** Bounds that keep the rule cheap on large rule sets. */
const MAX_GROUP_RULES = 24;
const MAX_PIECES = 12;
const MAX_SOLVES = 3000;

/** Verbs whose absence for a patient is worth a note, and the verbs on the same target that explain it. */
const EXPLAINED_BY: Partial<Record<IrActionVerb, readonly IrActionVerb[]>> = {
  dose: ['contraindicate', 'stop', 'advise-against'],
  recommend: ['contraindicate', 'stop', 'advise-against'],
  monitor: [],
};

interface Piece {
  readonly description: string;
  readonly expr: IrExpr;
}

interface Axis {
  readonly fact: IrFact;
  readonly pieces: readonly Piece[];
}

function fmt(r: Rational): string {
  return r.toExact();
}

/**
 * Enum values and quantity cut points the group's own conditions mention (`atoms`: each
 * rule's, in order), by fact. An atom met twice (through a shared definition) adds nothing.
 */
function axesOf(program: IrProgram, atomLists: readonly (readonly IrAtom[])[], nextAtom: () => number): Axis[] {
  const atoms = atomLists.flat();
  const enums = new Map<string, IrFact>();
  const cuts = new Map<string, Map<string, { value: Rational; upper: boolean; lower: boolean }>>();
  const facts = new Map(program.facts.map((f) => [f.name, f]));
  const factOf = (e: IrExpr): IrFact | undefined => (e.kind === 'fact' && e.ref.part === 'value' ? facts.get(e.ref.fact) : undefined);
  for (const a of atoms) {
    if (a.kind === 'in' && !a.negated) {
      const f = factOf(a.subject);
      if (f?.type.kind === 'enum') enums.set(f.name, f);
    } else if (a.kind === 'compare' && a.operandType === 'enum') {
      const f = factOf(a.left) ?? factOf(a.right);
      if (f?.type.kind === 'enum') enums.set(f.name, f);
    } else if (a.kind === 'compare' && a.operandType === 'quantity') {
      const f = factOf(a.left);
      if (!f || f.type.kind !== 'quantity' || a.right.kind !== 'quantity' || a.op === '=' || a.op === '!=') continue;
      const value = Rational.tryParse(a.right.value);
      if (!value) continue;
      let m = cuts.get(f.name);
      if (!m) cuts.set(f.name, (m = new Map()));
      const c = m.get(value.toExact()) ?? { value, upper: false, lower: false };
      if (a.op === '<' || a.op === '>=') c.upper = true;
      else c.lower = true;
      m.set(value.toExact(), c);
    }
  }
  const atom = (body: Omit<Extract<IrAtom, { kind: 'in' }>, 'atom' | 'location'> | Omit<Extract<IrAtom, { kind: 'compare' }>, 'atom' | 'location'>, location: IrLocation): IrExpr =>
    ({ ...body, atom: nextAtom(), location }) as IrExpr;
  const axes: Axis[] = [];
  for (const f of enums.values()) {
    if (f.type.kind !== 'enum') continue;
    const subject: IrExpr = { kind: 'fact', ref: { fact: f.name, part: 'value' }, type: f.type };
    axes.push({
      fact: f,
      pieces: f.type.values.map((v) => ({ description: `${f.name} = ${v}`, expr: atom({ kind: 'in', subject, values: [v], negated: false, text: `${f.name} = ${v}` }, f.location) })),
    });
  }
  for (const [name, m] of cuts) {
    const f = facts.get(name)!;
    if (f.type.kind !== 'quantity') continue;
    const unit = f.type.unit;
    const subject: IrExpr = { kind: 'fact', ref: { fact: name, part: 'value' }, type: f.type };
    const q = (v: Rational): IrExpr => ({ kind: 'quantity', value: v.toExact(), unit, dimension: (f.type as { dimension: string }).dimension });
    const cmp = (op: '<' | '<=' | '>' | '>=' | '=', v: Rational): IrExpr =>
      atom({ kind: 'compare', op, left: subject, right: q(v), operandType: 'quantity', text: `${name} ${op} ${fmt(v)} ${unit}` }, f.location);
    const list = [...m.values()].sort((x, y) => x.value.cmp(y.value));
    const pieces: Piece[] = [];
    let lo: { value: Rational; strict: boolean } | undefined;
    const suffix = unit === '1' ? '' : ` ${unit}`;
    const push = (hi: { value: Rational; strict: boolean } | undefined) => {
      const args: IrExpr[] = [];
      if (lo) args.push(cmp(lo.strict ? '>' : '>=', lo.value));
      if (hi) args.push(cmp(hi.strict ? '<' : '<=', hi.value));
      let description: string;
      if (lo && hi && lo.value.eq(hi.value)) description = `${name} = ${fmt(lo.value)}${suffix}`;
      else if (lo && hi) description = `${name} in ${lo.strict ? '(' : '['}${fmt(lo.value)}, ${fmt(hi.value)}${hi.strict ? ')' : ']'}${suffix}`;
      else if (hi) description = `${name} ${hi.strict ? '<' : '<='} ${fmt(hi.value)}${suffix}`;
      else description = `${name} ${lo!.strict ? '>' : '>='} ${fmt(lo!.value)}${suffix}`;
      pieces.push({ description, expr: args.length === 1 ? args[0]! : { kind: 'and', args } });
    };
    for (const c of list) {
      const point = c.upper && c.lower;
      push({ value: c.value, strict: point || !c.lower });
      if (point) {
        lo = { value: c.value, strict: false };
        push({ value: c.value, strict: false });
      }
      lo = { value: c.value, strict: point || c.lower };
    }
    push(undefined);
    axes.push({ fact: f, pieces });
  }
  return axes.filter((a) => a.pieces.length >= 2 && a.pieces.length <= MAX_PIECES);
}

export const coverageGap: CheckerRule = {
  name: 'coverage-gap',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    if (!ir) return;
    const groups = new Map<string, IrRule[]>();
    const explainers = new Map<string, IrRule[]>();
    for (const rule of ir.rules) {
      for (const action of rule.actions) {
        for (const target of action.targets) {
          const key = `${action.verb}\u0000${target}`;
          const list = groups.get(key) ?? [];
          if (!list.includes(rule)) list.push(rule);
          groups.set(key, list);
        }
      }
    }
    const analyzer = analyzerFor(ir);
    const memo = logicMemo(ctx.model, ir);
    const facts = new Map(ir.facts.map((f) => [f.name, f]));
    let next = ir.atomCount + 1_000_000;
    let budget = MAX_SOLVES;
    for (const [key, rules] of groups) {
      const [verb, target] = key.split('\u0000') as [IrActionVerb, string];
      const by = EXPLAINED_BY[verb];
      if (!by || rules.length < 2 || rules.length > MAX_GROUP_RULES) continue;
      let others = explainers.get(key);
      if (!others) {
        others = by.flatMap((v) => groups.get(`${v}\u0000${target}`) ?? []);
        explainers.set(key, others);
      }
      // The axes come from the rules' conditions and the facts they read: remembered under
      // the group's content keys, with each axis's fact named (and looked up in this program).
      const keys = rules.map((r) => memo.key(r));
      const fresh = () => axesOf(ir, rules.map((r) => [...analyzer.normal.atomsOf(analyzer.actsCondition(r)).values()]), () => next++);
      const named = memo.recall('axes', keys.includes(undefined) ? undefined : keys.join('\u0001'), () => fresh().map((a) => ({ fact: a.fact.name, pieces: a.pieces })));
      const found = named.map((a) => ({ fact: facts.get(a.fact), pieces: a.pieces }));
      const axes: Axis[] = found.every((a): a is Axis => a.fact !== undefined) ? found : fresh();
      for (const axis of axes) {
        // A piece is its fact's declaration and its description (which gives its bounds);
        // solves are remembered under that and the rules' content keys.
        const factKey = memo.factKey(axis.fact.name);
        const pieceKey = (p: Piece) => (factKey === undefined ? undefined : `${factKey}\u0001${p.description}`);
        const withRules = (p: Piece, list: readonly IrRule[]): string | undefined => {
          const keys = list.map((r) => memo.key(r));
          const k = pieceKey(p);
          return k === undefined || keys.includes(undefined) ? undefined : `${k}\u0001${keys.join('\u0001')}`;
        };
        // Which pieces does some rule of the group (or a rule that explains its absence) handle?
        const handled = axis.pieces.map((p) => {
          for (const r of [...rules, ...others]) {
            if (budget-- <= 0) return true;
            const handles = memo.recall('gap-piece', withRules(p, [r]), () => {
              const s = analyzer.solve([
                { expr: p.expr, want: 'true' },
                { expr: analyzer.actsCondition(r), want: 'true' },
              ]);
              return s.status !== 'unsat' || s.approximate;
            });
            if (handles) return true;
          }
          return false;
        });
        if (budget <= 0) return;
        if (!handled.some(Boolean)) continue;
        axis.pieces.forEach((p, i) => {
          if (handled[i]) return;
          const witness = memo.recall('gap-witness', withRules(p, rules), () => {
            let w = analyzer.solve([{ expr: p.expr, want: 'true' }, ...rules.map((r) => ({ expr: analyzer.actsCondition(r), want: 'false' as const }))]);
            if (w.status !== 'sat') w = analyzer.solve([{ expr: p.expr, want: 'true' }]);
            return w.status === 'sat' ? { facts: w.witness.facts, text: w.witness.text } : undefined;
          });
          const handledBy = axis.pieces.filter((_, j) => handled[j]).map((q) => q.description);
          ctx.report(
            codes.coverageGap,
            at(rules[0]!.location),
            { action: actionLabel(verb), target, region: p.description, rules: rules.map((r) => r.id).join(', '), handled: handledBy.join(', '), witness: witness ? `; witness: ${witness.text}` : '' },
            {
              related: [{ ...at(axis.fact.location), message: `Fact ${axis.fact.name}` }],
              data: { region: p.description, verb, target, rules: rules.map((r) => r.id), ...(witness ? { witness: witness.facts, witnessText: witness.text } : {}) },
            },
          );
        });
      }
    }
  },
};

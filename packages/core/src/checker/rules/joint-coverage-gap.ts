// Reports where no rule of a group expected to be complete fires, over the group's joint
// condition space (every fact its conditions read, split at every threshold, as `vigil
// diff` explores), with a witness patient per gap. A group is expected to be complete when
// it is declared `complete`, or when its rules split one set of facts between them: beyond
// the conditions all of them share (the scope), each reads the same one to three facts, as
// `injurious_dose > 50 mg/d` and `injurious_dose <= 50 mg/d` do, in their own text (not
// through a definition). A group with an `otherwise` rule is complete by construction.
// Budgeted per group and per check, deterministically, so a remembered result equals a
// fresh one.
import type { IrExpr, IrProgram, IrRule } from '../../ir/ir.js';
import { someIr } from '../../ir/walk.js';
import { exprShape, groupGaps, type GroupGapReport } from '../../analysis/group-gaps.js';
import { Analyzer } from '../../analysis/solver.js';
import type { PlausibleBounds } from '../../analysis/plausible.js';
import { codes } from '../../diagnostics/codes.js';
import { groupMembers } from '../../semantics/groups.js';
import { logicMemo } from '../logic-memo.js';
import type { CheckerRule } from '../rule.js';
import { at } from './unreachable-rule.js';

/** Bounds that keep the analysis cheap on large rule sets. */
const MAX_GROUPS = 40;
const MAX_MEMBERS = 24;
const MAX_CELLS = 256;
const MAX_SPLIT_FACTS = 3;
const MAX_REPORTED = 8;
/** Cells (or combinations of conditions) over all groups of one check; a group's cost is remembered with its result, so the budget runs out at the same group whether results were remembered or not. */
const MAX_CHECK_CELLS = 4000;

/**
 * An analyzer of its own, with tighter limits than the other logic checks': a gap search
 * solves many small goals, and a goal that expands past these limits is reported as not
 * analysed (VGL5031) rather than worked through.
 */
const analyzers = new WeakMap<IrProgram, Analyzer>();
function gapAnalyzerFor(ir: IrProgram): Analyzer {
  let a = analyzers.get(ir);
  if (!a) analyzers.set(ir, (a = new Analyzer(ir, { maxConjunctions: 512 })));
  return a;
}

interface Plan {
  readonly scope: readonly IrExpr[];
  /** What each rule adds to the scope: its other conjuncts, and `not u` for each `unless u`. */
  readonly rests: readonly (readonly IrExpr[])[];
  /** Why the group should be complete, for the message. */
  readonly why: string;
}

const conjuncts = (e: IrExpr | undefined): readonly IrExpr[] => (!e ? [] : e.kind === 'and' ? e.args : [e]);
const shape = exprShape;

function describe(e: IrExpr): string {
  if ('atom' in e) return e.text;
  switch (e.kind) {
    case 'ref':
      return e.definition;
    case 'not':
      return `not ${describe(e.arg)}`;
    case 'and':
    case 'or':
      return `(${e.args.map(describe).join(` ${e.kind} `)})`;
    case 'boolean':
      return String(e.value);
    default:
      return 'a condition';
  }
}

/** The group's scope and why it is expected to be complete, or undefined when it is not. */
function planOf(analyzer: Analyzer, rules: readonly IrRule[], declared: boolean, names: string): Plan | undefined {
  const shapes = rules.map((r) => conjuncts(r.when).map(shape));
  const first = conjuncts(rules[0]!.when);
  const scope = first.filter((_, i) => shapes.every((s) => s.includes(shapes[0]![i]!)));
  const within = scope.length > 0 ? ` within ${scope.map(describe).join(' and ')}` : '';
  const common = new Set(scope.map(shape));
  const rests = rules.map((r) => [...conjuncts(r.when).filter((c) => !common.has(shape(c))), ...r.unless.map((u): IrExpr => ({ kind: 'not', arg: u }))]);
  if (declared) return { scope, rests, why: `the group is declared complete${within}` };
  let facts: string | undefined;
  for (const rest of rests) {
    // The split is written in the rules themselves: a condition through a definition
    // (`initial_phase`) names a situation, not a value range the group divides.
    if (rest.length === 0 || rest.some((c) => someIr(c, (x) => x.kind === 'ref'))) return undefined;
    const read = [...new Set(rest.flatMap((c) => analyzer.dependsOn(c)))].sort().join(', ');
    if (read === '' || read.split(', ').length > MAX_SPLIT_FACTS || (facts !== undefined && read !== facts)) return undefined;
    facts = read;
  }
  return { scope, rests, why: `its rules (${names}) split ${facts} between them${within}` };
}

export const jointCoverageGap: CheckerRule = {
  name: 'joint-coverage-gap',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    const model = ctx.model;
    if (!ir || model.groups.size === 0) return;
    const members = groupMembers(model);
    const byId = new Map(ir.rules.map((r) => [r.id, r] as const));
    const analyzer = gapAnalyzerFor(ir);
    const memo = logicMemo(model, ir);
    const ranges = new Map<string, PlausibleBounds>();
    for (const [name, f] of model.facts) if (f.plausibleRange) ranges.set(name, { low: f.plausibleRange.low, high: f.plausibleRange.high });
    let analysed = 0;
    let spent = 0;
    for (const g of model.groups.values()) {
      if (ctx.full) return;
      const rules = (members.get(g.name) ?? []).map((id) => byId.get(id)).filter((r): r is IrRule => r !== undefined);
      if (rules.length < 2) continue;
      // An `otherwise` rule completes its group by construction.
      if (rules.some((r) => { const d = model.rules.get(r.id)?.decl; return d?.kind === 'RuleDecl' && d.otherwise !== undefined; })) continue;
      const declared = g.decl.complete === true;
      const where = { uri: g.uri, range: g.decl.name.range };
      if (rules.length > MAX_MEMBERS || analysed >= MAX_GROUPS || spent >= MAX_CHECK_CELLS) {
        const reason =
          rules.length > MAX_MEMBERS ? `it has ${rules.length} rules, more than the ${MAX_MEMBERS} analysed` : analysed >= MAX_GROUPS ? `more than ${MAX_GROUPS} groups are analysed per check` : `the groups before it used the check's budget of ${MAX_CHECK_CELLS} cells`;
        if (declared) ctx.report(codes.jointGapBudget, where, { group: g.name, reason });
        continue;
      }
      const names = rules.map((r) => r.id).join(', ');
      const keys = rules.map((r) => memo.key(r));
      const key = keys.includes(undefined) ? undefined : `${g.name}\u0001${declared}\u0001${keys.join('\u0001')}`;
      const result = memo.recall('joint-gap', key, (): { why: string; report: GroupGapReport } | null => {
        const plan = planOf(analyzer, rules, declared, names);
        if (!plan) return null;
        const scope: IrExpr | undefined = plan.scope.length === 0 ? undefined : plan.scope.length === 1 ? plan.scope[0] : { kind: 'and', args: plan.scope };
        return { why: plan.why, report: groupGaps(analyzer, { scope, fires: rules.map((r) => analyzer.fireCondition(r)), rests: plan.rests, describe }, { maxCells: MAX_CELLS, ranges }) };
      });
      if (!result) continue;
      analysed++;
      spent += result.report.cost;
      const related = rules.map((r) => ({ ...at(r.location), message: `Rule ${r.id} of group ${g.name}` }));
      for (const gap of result.report.gaps.slice(0, MAX_REPORTED)) {
        ctx.report(codes.jointCoverageGap, where, { group: g.name, region: gap.region, why: result.why, witness: gap.witness.text }, {
          related,
          data: { group: g.name, region: gap.region, rules: rules.map((r) => r.id), witness: gap.witness.facts, witnessText: gap.witness.text },
        });
      }
      if (result.report.incomplete) ctx.report(codes.jointGapBudget, where, { group: g.name, reason: result.report.incomplete });
    }
  },
};

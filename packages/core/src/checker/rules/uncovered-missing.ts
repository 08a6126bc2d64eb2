// Warns when a rule can be not evaluable because one fact it reads (in its condition, or in
// a dose its actions compute, such as the weight of a weight-based dose) is missing and no
// rule of the rule set handles that fact being missing; the quick fix adds such a rule after
// the first rule that needs it (ordering the missing result), for the author to complete.
import { doseInputs } from '../../analysis/dose-inputs.js';
import { analyzerFor } from '../../analysis/solver.js';
import { codes } from '../../diagnostics/codes.js';
import type { Fix } from '../../diagnostics/diagnostic.js';
import { logicMemo } from '../logic-memo.js';
import { parseRowId } from '../../language/tables.js';
import type { CheckContext, CheckerRule } from '../rule.js';
import { at } from './unreachable-rule.js';

export const uncoveredMissing: CheckerRule = {
  name: 'uncovered-missing',
  phase: 'logic',
  check(ctx) {
    const ir = ctx.ir;
    if (!ir) return;
    const analyzer = analyzerFor(ir);
    // Per rule, remembered under its content key: what it handles and what it reads.
    const memo = logicMemo(ctx.model, ir);
    // Fact parts some rule handles with `F is missing`.
    const covered = new Set<string>();
    for (const rule of ir.rules) {
      const handles = memo.recall('handles-missing', memo.key(rule), () => {
        const out: string[] = [];
        for (const cond of [...(rule.when ? [rule.when] : []), ...rule.unless]) {
          for (const atom of analyzer.normal.atomsOf(cond).values()) {
            if (atom.kind === 'presence' && atom.missing) out.push(analyzer.parts.resolve(atom.ref).key);
          }
        }
        return out;
      });
      for (const part of handles) covered.add(part);
    }
    // Facts declared `optional`: their absence is expected, so it needs no rule of its own.
    const optional = new Set(ir.facts.filter((f) => f.optional).map((f) => f.name));
    const taken = new Set(ctx.model.rules.keys());
    // One quick fix per missing fact: the rule it adds covers every rule that needs the fact.
    const fixed = new Set<string>();
    // A table's rows mostly read the same inputs: a missing one is reported once per table, at its first row that needs it.
    const tableFacts = new Set<string>();
    for (const rule of ir.rules) {
      const row = parseRowId(rule.id);
      const key = memo.key(rule);
      const reads = memo.recall('reads', key, () => {
        const parts = analyzer.dependsOn(analyzer.fireCondition(rule));
        // Facts a dose is computed from: the rule is not evaluable without them when it fires.
        const doseParts = doseInputs(rule, ir)
          .map((ref) => analyzer.parts.resolve(ref, ir.facts.find((f) => f.name === ref.fact)?.type).key)
          .filter((k, i, all) => !parts.includes(k) && all.indexOf(k) === i);
        const info = (part: string) => ({ part, fact: analyzer.parts.get(part)?.fact ?? '', display: analyzer.parts.get(part)?.display ?? part });
        return { parts, doseParts, all: [...parts, ...doseParts].map(info) };
      });
      const { parts, doseParts } = reads;
      for (const { part, fact: factName, display } of reads.all) {
        if (ctx.full) return; // what it would find could not be reported
        if (covered.has(part) || optional.has(factName)) continue;
        if (row && tableFacts.has(`${row.table}\u0000${part}`)) continue;
        // Not evaluable with this part missing and every other one present: the fire
        // condition unknown, or (for a dose input) the rule firing.
        const witness = memo.recall('missing', key === undefined ? undefined : `${key}\u0001${part}`, () => {
          const inCondition = parts.includes(part);
          const assume = new Map([...parts, ...doseParts].map((q) => [q, q !== part] as const));
          const r = analyzer.solve([{ expr: analyzer.fireCondition(rule), want: inCondition ? 'unknown' : 'true' }], assume);
          return r.status !== 'sat' ? null : { facts: r.witness.facts, text: r.witness.text };
        });
        if (witness === null) continue;
        if (row) tableFacts.add(`${row.table}\u0000${part}`);
        const fact = display;
        const fix = fixed.has(part) ? undefined : missingRuleFix(ctx, rule.id, fact, taken);
        if (fix) {
          fixed.add(part);
          taken.add(/^rule (\S+)/m.exec(fix.edits[0]!.newText)?.[1] ?? '');
        }
        ctx.report(codes.uncoveredMissing, at(rule.location), { rule: rule.id, fact }, {
          data: { fact: part, witness: witness.facts, witnessText: witness.text },
          ...(fix ? { fixes: [fix] } : {}),
        });
      }
    }
  },
};

/** A rule, in the canonical layout, that handles `display is missing`, inserted after the rule that needs it. */
function missingRuleFix(ctx: CheckContext, ruleId: string, display: string, taken: ReadonlySet<string>): Fix | undefined {
  const symbol = ctx.model.rules.get(ruleId);
  if (!symbol) return undefined;
  const base = `MISSING-${display.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  const end = symbol.decl.range.end;
  const target = display.replace(/[^A-Za-z0-9_]+/g, '_');
  const text = [
    '',
    '',
    `rule ${id} "${display} not recorded"`,
    '  source "TODO: cite the guideline"',
    `  when ${display} is missing`,
    `  then order ${target} because "${display} is needed to evaluate ${ruleId}"`,
  ].join('\n');
  return { title: `Add a rule for '${display} is missing'`, edits: [{ uri: symbol.uri, range: { start: end, end }, newText: text }] };
}

// The engine reports one `{ rule, by }` pair per override that took effect, so a rule
// suppressed by two fired rules appears twice. Readers want each overridden rule once,
// with every rule that overrode it. A rule overridden in some of its actions only
// (`overrides dose of G`) carries those actions; its other decisions stand.
import type { Overridden, OverriddenAction } from '@vigil/runtime';

export interface OverriddenRule {
  readonly rule: string;
  readonly title?: string;
  /** The fired rules whose `overrides` suppressed it, in the engine's order, each once. */
  readonly by: readonly string[];
  /** Present when only these actions were suppressed (by index, each once). */
  readonly actions?: readonly OverriddenAction[];
}

/** One entry per overridden rule, in the order the engine first reported it. */
export function groupOverridden(pairs: readonly Overridden[], titleOf?: ReadonlyMap<string, string>): OverriddenRule[] {
  const byRule = new Map<string, string[]>();
  const actionsOf = new Map<string, OverriddenAction[]>();
  for (const { rule, by, actions } of pairs) {
    const list = byRule.get(rule);
    if (!list) byRule.set(rule, [by]);
    else if (!list.includes(by)) list.push(by);
    if (actions) {
      const known = actionsOf.get(rule) ?? [];
      for (const a of actions) if (!known.some((k) => k.index === a.index)) known.push(a);
      actionsOf.set(rule, known.sort((x, y) => x.index - y.index));
    }
  }
  return [...byRule].map(([rule, by]) => {
    const title = titleOf?.get(rule);
    const actions = actionsOf.get(rule);
    return { rule, ...(title !== undefined ? { title } : {}), by, ...(actions ? { actions } : {}) };
  });
}

// The engine reports one `{ rule, by }` pair per override that took effect, so a rule
// suppressed by two fired rules appears twice. Readers want each overridden rule once,
// with every rule that overrode it.
import type { Overridden } from '@vigil/runtime';

export interface OverriddenRule {
  readonly rule: string;
  readonly title?: string;
  /** The fired rules whose `overrides` suppressed it, in the engine's order, each once. */
  readonly by: readonly string[];
}

/** One entry per overridden rule, in the order the engine first reported it. */
export function groupOverridden(pairs: readonly Overridden[], titleOf?: ReadonlyMap<string, string>): OverriddenRule[] {
  const byRule = new Map<string, string[]>();
  for (const { rule, by } of pairs) {
    const list = byRule.get(rule);
    if (!list) byRule.set(rule, [by]);
    else if (!list.includes(by)) list.push(by);
  }
  return [...byRule].map(([rule, by]) => {
    const title = titleOf?.get(rule);
    return { rule, ...(title !== undefined ? { title } : {}), by };
  });
}

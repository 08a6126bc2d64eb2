// Whether one rule's overrides suppress an action of another, read from the IR (whole-rule
// `overrides` and single-action `overrideActions`), for the analyses that pair actions.
import type { IrRule } from './ir.js';

/** Whether `by`, when it fires, suppresses action `action` (an index) of `rule`. */
export function suppresses(by: IrRule, rule: IrRule, action: number): boolean {
  if (by.overrides.includes(rule.id)) return true;
  return by.overrideActions?.some((o) => o.rule === rule.id && o.actions.includes(action)) ?? false;
}

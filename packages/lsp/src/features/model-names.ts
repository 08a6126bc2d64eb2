// Names read from the semantic model and the tokens, shared by completion and hover.
import { ACTIONS, type FactSymbol } from '@vigil/core';
import { describeType } from '@vigil/core/services';
import type { IToken } from 'chevrotain';
import type { Snapshot } from '../workspace.js';

/** The words after which an action's target is written (`contraindicate`, `against`, …), from the vocabulary table. */
export const ACTION_VERBS: ReadonlySet<string> = new Set(ACTIONS.filter((a) => a.form !== 'because').map((a) => a.words[a.words.length - 1]!));

export function tokenName(t: IToken): string {
  return t.tokenType.name;
}

export function enumValuesOf(snapshot: Snapshot, name: string | undefined): string[] {
  if (!name) return [];
  const f = snapshot.result.model.facts.get(name);
  if (!f) return [];
  const t = f.type.kind === 'set' ? f.type.element : f.type;
  return t.kind === 'enum' ? [...t.values] : [];
}

export function factDetail(f: FactSymbol): string {
  return describeType(f.type) + (f.baseline ? ' baseline' : '') + (f.uln ? ' uln' : '');
}

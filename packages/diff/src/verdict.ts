// What a change means for the consumers of a compiled engine: the facts it accepts (its
// input contract), and a semantic-version verdict. Facts added, removed or retyped change
// the input contract: breaking (major). Rules, definitions, value sets or protocols that
// change meaning: minor. Wording, evidence or layout only: patch.
import type { IrFact, IrProgram, IrType } from '@vigil/core';
import type { StructuralChange } from './structural.js';

export interface FactSchemaChange {
  readonly fact: string;
  readonly change: 'added' | 'removed' | 'retyped';
  /** The declared type (`enum { normal, intermediate, poor }`, `quantity kg`); before and after for a retype. */
  readonly before?: string;
  readonly after?: string;
}

export type SemverLevel = 'major' | 'minor' | 'patch' | 'none';

export interface SemverVerdict {
  readonly level: SemverLevel;
  /** Why, in one line. */
  readonly reason: string;
  /** `ruleset … version` of each side, when declared. */
  readonly declared?: { readonly before?: string; readonly after?: string };
  /** The declared versions bump at least as much as the verdict asks (undefined when they are not both semantic versions). */
  readonly declaredSufficient?: boolean;
}

export function typeText(t: IrType): string {
  switch (t.kind) {
    case 'enum':
      return `enum { ${t.values.join(', ')} }`;
    case 'quantity':
      return t.unit === '1' ? 'number' : `quantity ${t.unit}`;
    case 'set':
      return `set of ${typeText(t.element)}`;
    default:
      return t.kind;
  }
}

function factText(f: IrFact): string {
  return `${typeText(f.type)}${f.baseline ? ' baseline' : ''}${f.uln ? ' uln' : ''}`;
}

/** Facts added, removed or retyped (type, unit, enum values, baseline/ULN inputs), by name. */
export function factSchemaChanges(before: IrProgram, after: IrProgram): FactSchemaChange[] {
  const out: FactSchemaChange[] = [];
  const olds = new Map(before.facts.map((f) => [f.name, f]));
  const news = new Map(after.facts.map((f) => [f.name, f]));
  for (const [name, f] of olds) {
    const g = news.get(name);
    if (!g) out.push({ fact: name, change: 'removed', before: factText(f) });
    else if (factText(f) !== factText(g)) out.push({ fact: name, change: 'retyped', before: factText(f), after: factText(g) });
  }
  for (const [name, g] of news) if (!olds.has(name)) out.push({ fact: name, change: 'added', after: factText(g) });
  const order = ['removed', 'added', 'retyped'];
  return out.sort((a, b) => order.indexOf(a.change) - order.indexOf(b.change) || (a.fact < b.fact ? -1 : 1));
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/;

function bumpOf(before: string, after: string): SemverLevel | undefined {
  const a = SEMVER.exec(before);
  const b = SEMVER.exec(after);
  if (!a || !b) return undefined;
  const [x, y] = [a.slice(1, 4).map(Number), b.slice(1, 4).map(Number)];
  if (y[0]! !== x[0]!) return y[0]! > x[0]! ? 'major' : undefined;
  if (y[1]! !== x[1]!) return y[1]! > x[1]! ? 'minor' : undefined;
  if (y[2]! !== x[2]!) return y[2]! > x[2]! ? 'patch' : undefined;
  return 'none';
}

const RANK: Record<SemverLevel, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * The verdict: `schema` (fact changes) decides major; a structural change that is not
 * evidence only and not of the same meaning, minor; anything else that changed, patch.
 */
export function semverVerdict(
  schema: readonly FactSchemaChange[],
  structural: readonly StructuralChange[],
  evidence: readonly StructuralChange[],
  layoutChanged: boolean,
  declared?: { before?: string | undefined; after?: string | undefined },
): SemverVerdict {
  let level: SemverLevel;
  let reason: string;
  const behavioural = structural.filter((c) => c.kind !== 'fact' && !c.sameMeaning);
  if (schema.length > 0) {
    level = 'major';
    const by = (k: FactSchemaChange['change']) => schema.filter((c) => c.change === k).map((c) => c.fact);
    reason = `the engine's facts changed: ${(['added', 'removed', 'retyped'] as const).filter((k) => by(k).length > 0).map((k) => `${k} ${by(k).join(', ')}`).join('; ')}`;
  } else if (behavioural.length > 0) {
    level = 'minor';
    reason = `${behavioural.length} declaration${behavioural.length === 1 ? '' : 's'} changed meaning, with the same facts`;
  } else if (structural.length > 0 || evidence.length > 0 || layoutChanged) {
    level = 'patch';
    reason = 'wording, evidence or layout only';
  } else {
    level = 'none';
    reason = 'nothing changed';
  }
  const out: SemverVerdict = { level, reason };
  if (!declared || (declared.before === undefined && declared.after === undefined)) return out;
  const d = { ...(declared.before !== undefined ? { before: declared.before } : {}), ...(declared.after !== undefined ? { after: declared.after } : {}) };
  const bump = declared.before !== undefined && declared.after !== undefined ? bumpOf(declared.before, declared.after) : undefined;
  return { ...out, declared: d, ...(bump !== undefined ? { declaredSufficient: RANK[bump] >= RANK[level] } : {}) };
}

// The semantic model: every declaration of a rule set bound by name, and the type of
// every expression. Building it never reports: checker rules read it and report, and
// lowering to IR reads it once the rules found no error. Types are lenient: where an
// operand is wrong the type is `error` and nothing downstream complains again.
//
// This file holds the model's types and the driver; each kind of declaration is bound in
// its own module under model/ (facts, value sets, definitions, rules and protocols,
// groups, the header), typing and references in their own. A new kind of declaration gets
// its own module and one case in buildModel's loop.
import type { ContextRef, DefineDecl, Document, Expr, FactDecl, GroupDecl, Name, NameRef, ProtocolDecl, Range, RuleDecl, ValueSetDecl, ValueSetMember } from '../language/ast.js';
import type { SourceText } from '../language/source.js';
import { STRENGTH_NAMES } from '@vigil/runtime';
import { unwrapParens } from '../language/walk.js';
import type { Rational } from '../units/rational.js';
import type { UnitInfo } from '../units/units.js';
import { declareDefinition, definitionCycles } from './model/definitions.js';
import { declareFacts } from './model/facts.js';
import { declareGroups } from './model/groups.js';
import { headerOf, headerStrengths } from './model/header.js';
import { referencesIn } from './model/references.js';
import { declareRule } from './model/rules.js';
import { declareTable } from './model/decision-tables.js';
import { modelTables } from './model/tables.js';
import { contextFacts, typer, typingCache } from './model/types.js';
import { declareValueSet } from './model/value-sets.js';

export interface Loc {
  readonly uri: string;
  readonly range: Range;
}

export interface LoadedFile {
  readonly uri: string;
  readonly source: SourceText;
  readonly document: Document;
}

export type SemType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'text' }
  | { readonly kind: 'date' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'code' }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly fact?: string }
  | { readonly kind: 'quantity'; readonly unit: UnitInfo }
  | { readonly kind: 'set'; readonly element: SemType }
  /** A bare name that is no fact or definition: an enum or value-set member, by context. */
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'error' };

export { ERROR, BOOLEAN } from './model/types.js';
export { rangeBoundValue, plausibleRangeOf } from './model/facts.js';

export interface FactSymbol {
  readonly kind: 'fact';
  readonly name: string;
  readonly decl: FactDecl;
  readonly uri: string;
  readonly type: SemType;
  readonly baseline: boolean;
  readonly uln: boolean;
  readonly optional: boolean;
  /**
   * The values accepted for a quantity fact, bounds included, exact and in the fact's
   * declared unit. Declared with `range LOW to HIGH`; a quantity fact without one is never
   * negative (low 0, no high). Undefined for facts that are not quantities and for a
   * declared range the checker rejects (bad unit, low above high).
   */
  readonly plausibleRange: PlausibleRange | undefined;
}

/** A fact's plausible range: exact bounds in the fact's declared unit `unit`, inclusive. */
export interface PlausibleRange {
  readonly low: Rational;
  /** Undefined: no upper bound (the default range of a quantity fact). */
  readonly high: Rational | undefined;
  /** The fact's declared unit code. */
  readonly unit: string;
  /** False for the default range (never negative). */
  readonly declared: boolean;
}

export interface DefinitionSymbol {
  readonly kind: 'definition';
  readonly name: string;
  readonly decl: DefineDecl;
  readonly uri: string;
}
export interface ValueSetSymbol {
  readonly kind: 'valueset';
  readonly name: string;
  readonly decl: ValueSetDecl;
  readonly uri: string;
}
export interface RuleSymbol {
  readonly kind: 'rule' | 'protocol';
  readonly name: string;
  readonly decl: RuleDecl | ProtocolDecl;
  readonly uri: string;
}
/** A group declared in a `groups` block; the rules that join it are in `groupMembers` (groups.ts). */
export interface GroupSymbol {
  readonly kind: 'group';
  readonly name: string;
  readonly decl: GroupDecl;
  readonly uri: string;
}
export interface MemberSymbol {
  readonly kind: 'member';
  readonly name: string;
  readonly valueSet: ValueSetSymbol;
  readonly member: ValueSetMember;
}

export type SemSymbol = FactSymbol | DefinitionSymbol | ValueSetSymbol | RuleSymbol | GroupSymbol | MemberSymbol;

export interface Duplicate {
  readonly what: string;
  readonly name: string;
  readonly first: Loc;
  readonly second: Loc;
}

export interface ImportProblem {
  /** `unreadable`: a rule file the check starts from; `refused`: an import outside the boundary. */
  readonly kind: 'not-found' | 'cycle' | 'unreadable' | 'refused';
  readonly at: Loc;
  readonly path: string;
  readonly detail: string;
}

export interface SemanticModel {
  readonly files: readonly LoadedFile[];
  readonly header: { readonly name: string; readonly version?: string } | undefined;
  readonly facts: ReadonlyMap<string, FactSymbol>;
  readonly definitions: ReadonlyMap<string, DefinitionSymbol>;
  readonly valueSets: ReadonlyMap<string, ValueSetSymbol>;
  readonly rules: ReadonlyMap<string, RuleSymbol>;
  /** Rule groups; a group shares the rule namespace (a group and a rule cannot have one name). */
  readonly groups: ReadonlyMap<string, GroupSymbol>;
  /** The strengths rules may declare, strongest first: the header's `strengths`, else the default five. */
  readonly strengths: readonly string[];
  /** Value-set member names, each with every set it belongs to. */
  readonly members: ReadonlyMap<string, readonly MemberSymbol[]>;
  readonly duplicates: readonly Duplicate[];
  readonly importProblems: readonly ImportProblem[];
  /** Definitions that take part in a cycle, with the cycle's names. */
  readonly definitionCycles: ReadonlyMap<string, readonly string[]>;
  /** The fact a bare `baseline`/`uln` refers to (undefined when it cannot be told). */
  contextFact(ref: ContextRef): FactSymbol | undefined;
  /** The fact or definition a name refers to in value position. */
  resolveValue(ref: NameRef): FactSymbol | DefinitionSymbol | undefined;
  typeOf(expr: Expr): SemType;
  /** All names in scope for value references (facts and definitions), for suggestions. */
  valueNames(): string[];
  /** Names that occur as references, for find-references and rename. */
  readonly references: readonly { readonly uri: string; readonly name: Name; readonly symbol: SemSymbol }[];
}

export function describeType(t: SemType): string {
  switch (t.kind) {
    case 'enum':
      return `enum { ${t.values.join(', ')} }`;
    case 'quantity':
      return t.unit.code === '1' ? 'number' : `quantity in ${t.unit.code}`;
    case 'set':
      return `set of ${describeType(t.element)}`;
    case 'symbol':
      return `name '${t.name}'`;
    default:
      return t.kind;
  }
}

export function buildModel(files: readonly LoadedFile[], importProblems: readonly ImportProblem[] = []): SemanticModel {
  const t = modelTables();
  let header: SemanticModel['header'];
  let strengths: readonly string[] = STRENGTH_NAMES;

  // Declarations in source order: the first of two with one name is the one that counts.
  for (const f of files) {
    const doc = f.document;
    if (doc.header && !header) {
      header = headerOf(doc.header);
      strengths = doc.header.strengths ? headerStrengths(doc.header.strengths, f.uri, t.duplicates) : strengths;
    }
    for (const d of doc.declarations) {
      switch (d.kind) {
        case 'FactsBlock':
          declareFacts(t, d, f.uri);
          break;
        case 'GroupsBlock':
          declareGroups(t, d, f.uri);
          break;
        case 'DefineDecl':
          declareDefinition(t, d, f.uri);
          break;
        case 'ValueSetDecl':
          declareValueSet(t, d, f.uri);
          break;
        case 'RuleDecl':
        case 'ProtocolDecl':
          declareRule(t, d, f.uri);
          break;
        case 'TableDecl':
          declareTable(t, d, f.uri);
          break;
      }
    }
  }

  // Types, cycles and baseline/uln references are kept across checks while the facts and
  // definitions are the same symbols (model/types.ts).
  const typing = typingCache(t, () => definitionCycles(t.definitions));
  const contexts = contextFacts(t, files, typing);
  const resolveValue = (ref: NameRef): FactSymbol | DefinitionSymbol | undefined => t.definitions.get(ref.name.value) ?? t.facts.get(ref.name.value);
  const typeOf = typer(t, typing, contexts, resolveValue);
  // Only the editor's navigation reads references: found when first asked for.
  let references: SemanticModel['references'] | undefined;

  return {
    files,
    header,
    facts: t.facts,
    definitions: t.definitions,
    valueSets: t.valueSets,
    rules: t.rules,
    groups: t.groups,
    strengths,
    members: t.members,
    duplicates: t.duplicates,
    importProblems,
    definitionCycles: typing.cycles,
    contextFact: (ref) => contexts.get(ref),
    resolveValue,
    typeOf,
    valueNames: () => [...t.facts.keys(), ...t.definitions.keys()],
    get references() {
      return (references ??= referencesIn(t, files, resolveValue));
    },
  };
}

export function unwrap(e: Expr): Expr {
  return unwrapParens(e);
}

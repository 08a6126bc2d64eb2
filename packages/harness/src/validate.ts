// Checks that need the rule set: a case's facts (after `extends` and relative dates) go
// through the engine's own `validateFacts`, so the rules for fact names, units, enums and
// sets live in one place; every issue becomes a VGL7001 at the key that holds the value.
// Expectations must name rules, actions, targets and facts the rule set has (VGL7011–VGL7017 with
// the nearest name).
import { codes } from '@vigil/core';
import type { Diagnostic, IrType } from '@vigil/core';
import { isMap, isPair, isSeq } from 'yaml';
import type { Pair } from 'yaml';
import { isoDate, isoDateTime, resolveRelativeDate } from './dates.js';
import type { DecisionMatcher, FactLayer, FactsFile, FixtureCase, NameRef, SharedSet } from './fixture.js';
import type { LoadedRuleSet, RuleSetIndex } from './ruleset.js';
import { hint, keyName, nearest } from './yaml-file.js';
import { actionLabel } from '@vigil/runtime';

// ---------------------------------------------------------------- shared sets

/** The shared fact sets a fixture can `extends`, nearest first: its own `shared:`, then facts files by directory. */
export class SharedScope {
  constructor(private readonly levels: readonly (readonly SharedSet[])[]) {}

  lookup(name: string): SharedSet | undefined {
    for (const level of this.levels) {
      const hit = level.find((s) => s.name === name);
      if (hit) return hit;
    }
    return undefined;
  }

  names(): string[] {
    return [...new Set(this.levels.flat().map((s) => s.name))].sort();
  }

  all(): SharedSet[] {
    return this.levels.flat();
  }
}

/**
 * The scope of a fixture: its own `shared:` sets, then the sets of the facts files of each
 * folder, nearest first. A name defined twice in one folder is an error at the later one.
 */
export function sharedScope(own: readonly SharedSet[], levels: readonly (readonly FactsFile[])[], display: (path: string) => string): { scope: SharedScope; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const found: SharedSet[][] = [[...own]];
  for (const level of levels) {
    const sets: SharedSet[] = [];
    for (const ff of level) {
      diagnostics.push(...ff.diagnostics);
      for (const s of ff.sets) {
        const twin = sets.find((t) => t.name === s.name);
        if (twin) {
          diagnostics.push(s.file.atPair(s.pair, codes.duplicateSharedFacts, { name: s.name, other: display(twin.file.uri) }, { shared: s.name }));
          continue;
        }
        sets.push(s);
      }
    }
    found.push(sets);
  }
  return { scope: new SharedScope(found), diagnostics };
}

export interface MergedFacts {
  readonly values: Record<string, unknown>;
  /** Which layer gave each fact its value. */
  readonly provenance: Map<string, FactLayer>;
}

/** Applies the shared sets a list of `extends` names (in order, each after its own `extends`), then `layer`. */
export function mergeFacts(
  refs: readonly NameRef[],
  layer: FactLayer | undefined,
  scope: SharedScope,
  diagnostics: Diagnostic[],
  data: Record<string, unknown>,
): MergedFacts {
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const provenance = new Map<string, FactLayer>();
  const apply = (l: FactLayer) => {
    for (const [k, v] of Object.entries(l.values)) {
      if (v === null || v === undefined) {
        delete values[k];
        provenance.delete(k);
      } else {
        values[k] = v;
        provenance.set(k, l);
      }
    }
  };
  const stack: string[] = [];
  const visit = (ref: NameRef): void => {
    const set = scope.lookup(ref.name);
    if (!set) {
      const names = scope.names();
      const known = names.length > 0 ? ` Known sets: ${names.join(', ')}.` : ' No shared facts are defined: add a `shared:` section or a *.facts.yaml file beside the fixtures.';
      diagnostics.push(ref.file.at(ref.node, codes.unknownFixtureName, { what: 'shared facts', name: ref.name, suggestion: `${hint(ref.name, names, true)}${known}` }, { ...data, field: 'extends' }));
      return;
    }
    if (stack.includes(set.name)) {
      diagnostics.push(ref.file.at(ref.node, codes.sharedFactsCycle, { cycle: [...stack, set.name].join(' → ') }, { ...data, field: 'extends' }));
      return;
    }
    stack.push(set.name);
    for (const r of set.extends) visit(r);
    stack.pop();
    apply(set.layer);
  };
  for (const r of refs) visit(r);
  if (layer) apply(layer);
  return { values, provenance };
}

// ---------------------------------------------------------------- locating fact paths

/** `medications[2]` → ['medications', 2]. */
export function parseFactPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const m of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) segments.push(Number(m[1]));
    else if (m[2] !== undefined) segments.push(m[2]);
  }
  return segments;
}

/** The node a fact path names inside a layer: the key (for a top-level fact) or the list item. */
function locate(layer: FactLayer, path: string): { node: unknown; pair?: Pair } {
  const segments = parseFactPath(path);
  const first = segments[0];
  if (!layer.map || typeof first !== 'string') return { node: layer.map };
  const pair = layer.map.items.find((p) => isPair(p) && keyName(p) === first) as Pair | undefined;
  if (!pair) return { node: layer.map };
  let node: unknown = pair.value;
  let deeper: unknown;
  for (const seg of segments.slice(1)) {
    if (typeof seg === 'number' && isSeq(node) && node.items[seg] !== undefined) node = deeper = node.items[seg];
    else if (typeof seg === 'string' && isMap(node)) {
      const p = node.items.find((q) => isPair(q) && keyName(q) === seg) as Pair | undefined;
      if (!p) break;
      node = deeper = p.value;
    } else break;
  }
  return deeper !== undefined ? { node: deeper } : { node: pair.key, pair };
}

function layerDiagnostic(layer: FactLayer, path: string, message: string, data: Record<string, unknown>): Diagnostic {
  const { node, pair } = locate(layer, path);
  const field = String(parseFactPath(path)[0] ?? path);
  const args = { fact: `${capitalise(layer.label)}, fact '${path}'`, problem: message };
  const extra = { ...data, field: path === '' ? 'facts' : field, path };
  return pair ? layer.file.atPair(pair, codes.invalidFacts, args, extra) : layer.file.at(node, codes.invalidFacts, args, extra);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------- facts

/** What date resolution needs of a fact's type: an IR type, or an engine's description of one. */
export interface FactTypeLike {
  readonly kind: string;
  readonly element?: FactTypeLike;
}

function isDateType(t: FactTypeLike | undefined): 'date' | 'datetime' | undefined {
  if (!t) return undefined;
  if (t.kind === 'date' || t.kind === 'datetime') return t.kind;
  if (t.kind === 'set') return isDateType(t.element);
  return undefined;
}

/**
 * Relative dates (`3 days ago`, `in 2 wks`) of date and date-time facts (and sets of them),
 * against `asOf`, in place; one that cannot be read is a VGL7001 at the value that holds it.
 * `typeOf` gives a fact's type (undefined: not a fact of the rule set, left as it is).
 */
export function resolveFactDates(merged: MergedFacts, typeOf: (fact: string) => FactTypeLike | undefined, asOf: Date, diagnostics: Diagnostic[], data: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(merged.values)) {
    const kind = isDateType(typeOf(key));
    if (!kind) continue;
    const convert = (v: unknown, path: string): unknown => {
      if (typeof v !== 'string') return v;
      const r = resolveRelativeDate(v, asOf);
      if (r === undefined) return v;
      if (!r.ok) {
        const layer = merged.provenance.get(key);
        if (layer) diagnostics.push(layerDiagnostic(layer, path, r.message, data));
        return v;
      }
      return kind === 'date' ? isoDate(r.date) : isoDateTime(r.date);
    };
    merged.values[key] = Array.isArray(value) ? value.map((v, i) => convert(v, `${key}[${i}]`)) : convert(value, key);
  }
}

export interface PreparedFacts {
  readonly input: Record<string, unknown>;
  readonly diagnostics: Diagnostic[];
}

/** A case's (or a shared set's) facts, ready for the engine, or the problems that stop it. */
export function prepareFacts(
  refs: readonly NameRef[],
  layer: FactLayer | undefined,
  scope: SharedScope,
  ruleSet: LoadedRuleSet,
  asOf: Date,
  data: Record<string, unknown>,
): PreparedFacts {
  const diagnostics: Diagnostic[] = [];
  const merged = mergeFacts(refs, layer, scope, diagnostics, data);
  if (!ruleSet.engine || !ruleSet.index) return { input: merged.values, diagnostics };
  const index = ruleSet.index;
  resolveFactDates(merged, (fact) => index.inputs.get(fact), asOf, diagnostics, data);
  if (diagnostics.length > 0) return { input: merged.values, diagnostics };
  const input = { ...merged.values };
  const validation = ruleSet.engine.validateFacts(input);
  if (!validation.ok) {
    for (const issue of validation.issues) {
      const top = String(parseFactPath(issue.path)[0] ?? '');
      const from = merged.provenance.get(top) ?? layer;
      let message = issue.message.startsWith(`${issue.path}:`) ? issue.message.slice(issue.path.length + 1).trim() : issue.message;
      if (!/did you mean/i.test(message)) {
        const extra = /^unknown fact/i.test(message) ? hint(issue.path, [...ruleSet.index.inputs.keys()]) : enumHint(issue.path, input, ruleSet.index);
        if (extra !== '') message = `${message.replace(/[.;:,]?\s*$/, '.')}${extra}`;
      }
      if (from) diagnostics.push(layerDiagnostic(from, issue.path, message, data));
    }
  }
  return { input, diagnostics };
}

/** ` Did you mean 'absent'?` for a misspelt enum value. */
function enumHint(path: string, input: Readonly<Record<string, unknown>>, index: RuleSetIndex): string {
  const [top, item] = parseFactPath(path);
  let type = index.inputs.get(String(top));
  let value = input[String(top)];
  if (type?.kind === 'set' && typeof item === 'number' && Array.isArray(value)) {
    type = type.element;
    value = value[item];
  }
  if (type?.kind !== 'enum' || typeof value !== 'string') return '';
  return hint(value, type.values, true);
}

// ---------------------------------------------------------------- expectations

function unknownRule(ref: NameRef, index: RuleSetIndex, data: Record<string, unknown>, field: string): Diagnostic | undefined {
  if (index.rules.has(ref.name)) return undefined;
  if (index.protocolIds.has(ref.name)) {
    return ref.file.at(ref.node, codes.protocolNotRule, { name: ref.name }, { ...data, field });
  }
  return ref.file.at(ref.node, codes.unknownFixtureName, { what: 'rule', name: ref.name, suggestion: hint(ref.name, index.ruleIds, true) }, {
    ...data,
    field,
    candidates: nearest(ref.name, index.ruleIds, true),
  });
}

function checkMatcher(m: DecisionMatcher, index: RuleSetIndex, data: Record<string, unknown>, out: Diagnostic[]): void {
  const targets = [...(m.target ? [m.target] : []), ...(m.targets ?? [])];
  for (const t of targets) {
    if (!index.targets.includes(t.name)) {
      out.push(t.file.at(t.node, codes.unknownFixtureTarget, { target: t.name, suggestion: hint(t.name, index.targets, true) }, { ...data, field: 'target' }));
    }
  }
  if (!m.rule) return;
  const bad = unknownRule(m.rule, index, data, 'rule');
  if (bad) {
    out.push(bad);
    return;
  }
  // The rule exists: an action or target it never decides can never match.
  const rule = index.rules.get(m.rule.name)!;
  const made = rule.actions.map((a) => `${actionLabel(a.verb)}${a.targets.length > 0 ? ` ${a.targets.join(', ')}` : ''}`).join('; ');
  if (m.action !== undefined && !rule.actions.some((a) => a.verb === m.action)) {
    out.push(m.rule.file.at(m.node, codes.decisionNeverMade, { rule: rule.id, what: 'decides', name: actionLabel(m.action), made }, { ...data, field: 'action' }));
    return;
  }
  for (const t of targets) {
    if (index.targets.includes(t.name) && !rule.actions.some((a) => a.targets.includes(t.name) && (m.action === undefined || a.verb === m.action))) {
      out.push(t.file.at(t.node, codes.decisionNeverMade, { rule: rule.id, what: 'acts on', name: t.name, made }, { ...data, field: 'target' }));
    }
  }
}

/** Problems of a case's expectations against the rule set. */
export function checkExpectations(c: FixtureCase, index: RuleSetIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const data = { case: c.name };
  const e = c.expect;
  for (const m of [...e.decisions, ...e.not, ...(e.exactly ?? []), ...(e.snapshot?.recorded ?? [])]) checkMatcher(m, index, data, out);
  for (const n of e.notEvaluable) {
    const bad = unknownRule(n.rule, index, data, 'not_evaluable');
    if (bad) out.push(bad);
    for (const f of n.missing ?? []) {
      if (!index.inputs.has(f.name)) {
        const names = [...index.inputs.keys()];
        out.push(f.file.at(f.node, codes.unknownFixtureName, { what: 'fact', name: f.name, suggestion: hint(f.name, names, true) }, { ...data, field: 'missing' }));
      }
    }
  }
  for (const o of e.overridden) {
    const bad = unknownRule(o.rule, index, data, 'overridden');
    if (bad) out.push(bad);
    if (o.by) {
      const badBy = unknownRule(o.by, index, data, 'overridden');
      if (badBy) out.push(badBy);
    }
  }
  return out;
}

/** Every rule id a case's expectations name (for `--filter`). */
export function ruleIdsOf(c: FixtureCase): string[] {
  const e = c.expect;
  const ids: string[] = [];
  for (const m of [...e.decisions, ...e.not, ...(e.exactly ?? []), ...(e.snapshot?.recorded ?? [])]) if (m.rule) ids.push(m.rule.name);
  for (const n of e.notEvaluable) ids.push(n.rule.name);
  for (const o of e.overridden) ids.push(o.rule.name, ...(o.by ? [o.by.name] : []));
  return ids;
}


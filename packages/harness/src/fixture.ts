// Reading fixture files (`*.cases.yaml`) and shared fact files (`*.facts.yaml`) into the
// harness's model. Everything here depends only on the YAML: checks that need the rule set
// (fact names, units, rule ids, targets) happen in `validate.ts`. Every problem is a
// Diagnostic at the offending key; nothing is silently ignored.
import { codes, parseUnit, Rational } from '@vigil/core';
import { ACTION_VERBS, isActionVerb } from '@vigil/runtime';
import type { Diagnostic } from '@vigil/core';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import { parseAsOf } from './dates.js';
import { describeNode, hint, keyName, pairsOf, readKeys, YamlFile } from './yaml-file.js';

export const FIXTURE_SUFFIXES = ['.cases.yaml', '.cases.yml'] as const;
export const FACTS_SUFFIXES = ['.facts.yaml', '.facts.yml'] as const;

export const FILE_KEYS = ['description', 'rules', 'as_of', 'shared', 'cases'] as const;
export const CASE_KEYS = ['name', 'description', 'as_of', 'extends', 'facts', 'expect'] as const;
export const EXPECT_KEYS = ['decisions', 'not', 'decisions_exactly', 'not_evaluable', 'overridden', 'snapshot'] as const;
export const MATCHER_KEYS = ['rule', 'action', 'target', 'targets', 'message', 'dose', 'permanent', 'strength', 'schedule'] as const;
export const DOSE_KEYS = ['low', 'high', 'high_exclusive', 'unit', 'of_standard', 'frequency'] as const;

/** A name written in a fixture, with where it was written. */
export interface NameRef {
  readonly name: string;
  readonly file: YamlFile;
  readonly node: unknown;
}

/** A mapping of fact values: a case's `facts:` or a shared set. */
export interface FactLayer {
  readonly file: YamlFile;
  readonly map: YAMLMap | undefined;
  /** Values as written (null: remove the fact). */
  readonly values: Readonly<Record<string, unknown>>;
  /** How problems name it: `case 'low WBC'` or `shared facts 'normal_patient'`. */
  readonly label: string;
}

export interface SharedSet {
  readonly name: string;
  readonly file: YamlFile;
  /** The pair `name: { … }` that defines it. */
  readonly pair: Pair;
  readonly layer: FactLayer;
  /** Shared sets may build on others. */
  readonly extends: readonly NameRef[];
}

export interface DoseMatcher {
  readonly low?: number;
  readonly high?: number;
  /** The bounds exactly as written (`1.4` is 7/5, `"30%"` is 3/10): doses are compared exactly. */
  readonly lowExact?: Rational;
  readonly highExact?: Rational;
  /** A valid UCUM unit (checked when the fixture is read). */
  readonly unit?: string;
  readonly ofStandard?: boolean;
  /** `high_exclusive: true`: the decision's high end is excluded (`to below`); false: it is included. */
  readonly highExclusive?: boolean;
  /** `frequency: twice daily`: the dose is given this often (its bounds are then the daily equivalent). */
  readonly frequency?: string;
}

/** One expected (or forbidden) decision; absent fields match anything. */
export interface DecisionMatcher {
  readonly rule?: NameRef;
  readonly action?: string;
  /** The decision's targets include this one. */
  readonly target?: NameRef;
  /** The decision's targets are exactly these. */
  readonly targets?: readonly NameRef[];
  /** A substring (case-insensitive), or `/regex/flags`; `exact`: the whole message. */
  readonly message?: string;
  readonly dose?: DoseMatcher;
  readonly permanent?: boolean;
  readonly strength?: string;
  /** As `vigil eval` prints it: `every 1 wk for 4 wk, then every 1 mo`. */
  readonly schedule?: string;
  /** Recorded snapshots compare every field exactly, absent ones included. */
  readonly exact: boolean;
  readonly file: YamlFile;
  readonly node: unknown;
}

export interface NotEvaluableExpectation {
  readonly rule: NameRef;
  /** The facts the rule must report missing (all of them, in any order; others may be missing too). */
  readonly missing?: readonly NameRef[];
  readonly node: unknown;
}

export interface OverriddenExpectation {
  readonly rule: NameRef;
  readonly by?: NameRef;
  readonly node: unknown;
}

export interface Expectations {
  readonly decisions: readonly DecisionMatcher[];
  readonly not: readonly DecisionMatcher[];
  readonly exactly?: readonly DecisionMatcher[];
  readonly notEvaluable: readonly NotEvaluableExpectation[];
  readonly overridden: readonly OverriddenExpectation[];
  /** `snapshot: true` (nothing recorded yet) or the recorded decisions. */
  readonly snapshot?: { readonly recorded?: readonly DecisionMatcher[] };
}

export interface FixtureCase {
  readonly name: string;
  readonly index: number;
  readonly file: YamlFile;
  /** The case's mapping (the list item). */
  readonly node: unknown;
  readonly asOf?: Date;
  readonly extends: readonly NameRef[];
  readonly facts?: FactLayer;
  readonly expect: Expectations;
  /** Structural problems of this case. */
  readonly diagnostics: Diagnostic[];
}

export interface FixtureFile {
  readonly uri: string;
  /** Absent when the file could not be read. */
  readonly file?: YamlFile;
  readonly asOf?: Date;
  /** `rules:` paths (absolute), when the file names its rule set. */
  readonly rules?: readonly string[];
  readonly shared: readonly SharedSet[];
  readonly cases: readonly FixtureCase[];
  /** Problems of the file as a whole (malformed YAML, unknown top-level keys, …). */
  readonly diagnostics: Diagnostic[];
}

export interface FactsFile {
  readonly uri: string;
  readonly file?: YamlFile;
  readonly sets: readonly SharedSet[];
  readonly diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------- helpers

function str(node: unknown): string | undefined {
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return String(node.value);
  return undefined;
}

function nameRef(file: YamlFile, node: unknown, what: string, diagnostics: Diagnostic[], data: Record<string, unknown>): NameRef | undefined {
  const s = str(node);
  if (s === undefined || s.trim() === '') {
    diagnostics.push(file.at(node, codes.invalidFixture, { what: what, expected: 'a name', actual: describeNode(node) }, data));
    return undefined;
  }
  return { name: s.trim(), file, node };
}

/** A name or a list of names (`extends: a` or `extends: [a, b]`). */
function nameList(file: YamlFile, node: unknown, what: string, diagnostics: Diagnostic[], data: Record<string, unknown>): NameRef[] {
  if (isSeq(node)) {
    const out: NameRef[] = [];
    for (const item of node.items) {
      const r = nameRef(file, item, what, diagnostics, data);
      if (r) out.push(r);
    }
    return out;
  }
  const r = nameRef(file, node, what, diagnostics, data);
  return r ? [r] : [];
}

function factLayer(file: YamlFile, node: unknown, label: string, diagnostics: Diagnostic[], data: Record<string, unknown>): FactLayer | undefined {
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return { file, map: undefined, values: {}, label };
  if (!isMap(node)) {
    diagnostics.push(file.at(node, codes.invalidFixture, { what: `'facts' of ${label}`, expected: 'a mapping from fact names to values', actual: describeNode(node) }, data));
    return undefined;
  }
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const pair of pairsOf(node)) {
    if (!isScalar(pair.key)) {
      diagnostics.push(file.at(pair.key, codes.invalidFactName, { where: label }, data));
      continue;
    }
    values[keyName(pair)] = file.toJS(pair.value);
  }
  return { file, map: node, values, label };
}

// ---------------------------------------------------------------- matchers

function parseNumber(file: YamlFile, node: unknown, what: string, diagnostics: Diagnostic[], data: Record<string, unknown>): number | undefined {
  if (isScalar(node) && typeof node.value === 'number') return node.value;
  if (isScalar(node) && typeof node.value === 'string') {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(node.value);
    if (m) return m[2] === '%' ? Number(m[1]) / 100 : Number(m[1]);
    // A fraction, for values no decimal writes exactly ("703/15").
    const f = /^\s*(-?\d+)\s*\/\s*(\d+)\s*$/.exec(node.value);
    if (f && Number(f[2]) !== 0) return Number(f[1]) / Number(f[2]);
  }
  diagnostics.push(file.at(node, codes.invalidFixture, { what: what, expected: 'a number (0.3), a percentage ("30%") or a fraction ("1/3")', actual: describeNode(node) }, data));
  return undefined;
}

/** The exact value of a number as written in the fixture (`1.4`, `"30%"`), when it can be read. */
function exactNumber(node: unknown): Rational | undefined {
  if (!isScalar(node)) return undefined;
  const text = typeof node.source === 'string' ? node.source : String(node.value);
  const f = /^\s*(-?\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (f) return Rational.tryParse(`${f[1]}/${f[2]}`);
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m) return undefined;
  const r = Rational.tryParse(m[1]!);
  return r && (m[2] === '%' ? r.div(Rational.of(100n)) : r);
}

function parseBoolean(file: YamlFile, node: unknown, what: string, diagnostics: Diagnostic[], data: Record<string, unknown>): boolean | undefined {
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  diagnostics.push(file.at(node, codes.invalidFixture, { what: what, expected: 'true or false', actual: describeNode(node) }, data));
  return undefined;
}

function parseText(file: YamlFile, node: unknown, what: string, diagnostics: Diagnostic[], data: Record<string, unknown>): string | undefined {
  const s = str(node);
  if (s === undefined) diagnostics.push(file.at(node, codes.invalidFixture, { what: what, expected: 'text', actual: describeNode(node) }, data));
  return s;
}

export function normaliseAction(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

export function parseMatcher(file: YamlFile, node: unknown, exact: boolean, diagnostics: Diagnostic[], data: Record<string, unknown>): DecisionMatcher | undefined {
  // Shorthand: a rule id alone.
  if (isScalar(node)) {
    const rule = nameRef(file, node, 'A decision', diagnostics, data);
    return rule ? { rule, exact, file, node } : undefined;
  }
  if (!isMap(node)) {
    diagnostics.push(file.at(node, codes.invalidFixture, { what: 'A decision', expected: 'a rule id or a mapping (rule, action, target, message, dose, …)', actual: describeNode(node) }, data));
    return undefined;
  }
  const before = diagnostics.length;
  const keys = readKeys(file, node, MATCHER_KEYS, 'a decision', diagnostics, data);
  const m: { -readonly [K in keyof DecisionMatcher]?: DecisionMatcher[K] } = { exact, file, node };
  for (const [key, pair] of keys) {
    const v = pair.value;
    const at = { ...data, field: key };
    switch (key) {
      case 'rule': {
        const r = nameRef(file, v, "'rule'", diagnostics, at);
        if (r) m.rule = r;
        break;
      }
      case 'action': {
        const s = parseText(file, v, "'action'", diagnostics, at);
        if (s === undefined) break;
        const a = normaliseAction(s);
        if (!isActionVerb(a)) {
          diagnostics.push(file.at(v, codes.unknownFixtureAction, { action: s, actions: ACTION_VERBS.join(', '), suggestion: hint(a, ACTION_VERBS, true) }, at));
        } else m.action = a;
        break;
      }
      case 'target': {
        const r = nameRef(file, v, "'target'", diagnostics, at);
        if (r) m.target = r;
        break;
      }
      case 'targets': {
        if (!isSeq(v)) {
          diagnostics.push(file.at(v, codes.invalidFixture, { what: "'targets'", expected: "a list of targets, like [cbc, lft] (for one target write 'target: cbc')", actual: describeNode(v) }, at));
          break;
        }
        m.targets = nameList(file, v, 'A target', diagnostics, at);
        break;
      }
      case 'message': {
        const s = parseText(file, v, "'message'", diagnostics, at);
        if (s !== undefined) {
          const re = /^\/(.*)\/([a-z]*)$/s.exec(s);
          if (re && !exact) {
            try {
              new RegExp(re[1]!, re[2]);
            } catch (error) {
              diagnostics.push(file.at(v, codes.invalidMessagePattern, { reason: (error as Error).message }, at));
              break;
            }
          }
          m.message = s;
        }
        break;
      }
      case 'dose': {
        if (!isMap(v)) {
          diagnostics.push(file.at(v, codes.invalidFixture, { what: "'dose'", expected: 'a mapping like { low: 0.3, high: 0.7 }', actual: describeNode(v) }, at));
          break;
        }
        const dk = readKeys(file, v, DOSE_KEYS, "a decision's 'dose'", diagnostics, at);
        const dose: { -readonly [K in keyof DoseMatcher]?: DoseMatcher[K] } = {};
        for (const [k, p] of dk) {
          if (k === 'low' || k === 'high') {
            const n = parseNumber(file, p.value, `'dose.${k}'`, diagnostics, at);
            if (n !== undefined) {
              dose[k] = n;
              dose[k === 'low' ? 'lowExact' : 'highExact'] = exactNumber(p.value) ?? Rational.fromNumber(n);
            }
          } else if (k === 'unit') {
            const s = parseText(file, p.value, "'dose.unit'", diagnostics, at);
            const u = s === undefined ? undefined : parseUnit(s);
            if (s !== undefined && u && !u.ok) diagnostics.push(file.at(p.value, codes.invalidDoseUnit, { unit: s, reason: u.reason.replace(/[.\s]+$/, '') }, at));
            else if (s !== undefined) dose.unit = s;
          } else if (k === 'frequency') {
            const s = parseText(file, p.value, "'dose.frequency'", diagnostics, at);
            if (s !== undefined) dose.frequency = s;
          } else if (k === 'high_exclusive') {
            const b = parseBoolean(file, p.value, "'dose.high_exclusive'", diagnostics, at);
            if (b !== undefined) dose.highExclusive = b;
          } else {
            const b = parseBoolean(file, p.value, "'dose.of_standard'", diagnostics, at);
            if (b !== undefined) dose.ofStandard = b;
          }
        }
        m.dose = dose;
        break;
      }
      case 'permanent': {
        const b = parseBoolean(file, v, "'permanent'", diagnostics, at);
        if (b !== undefined) m.permanent = b;
        break;
      }
      case 'strength': {
        const s = parseText(file, v, "'strength'", diagnostics, at);
        if (s !== undefined) m.strength = s;
        break;
      }
      case 'schedule': {
        const s = parseText(file, v, "'schedule'", diagnostics, at);
        if (s !== undefined) m.schedule = s;
        break;
      }
    }
  }
  if (keys.size === 0 && diagnostics.length === before) {
    diagnostics.push(file.at(node, codes.emptyDecision, {}, data));
    return undefined;
  }
  return diagnostics.length === before ? (m as DecisionMatcher) : undefined;
}

function matcherList(file: YamlFile, node: unknown, key: string, exact: boolean, diagnostics: Diagnostic[], data: Record<string, unknown>): DecisionMatcher[] {
  const at = { ...data, field: key };
  if (!isSeq(node)) {
    diagnostics.push(file.at(node, codes.invalidFixture, { what: `'${key}'`, expected: 'a list of decisions', actual: describeNode(node) }, at));
    return [];
  }
  const out: DecisionMatcher[] = [];
  for (const item of node.items) {
    const m = parseMatcher(file, item, exact, diagnostics, at);
    if (m) out.push(m);
  }
  return out;
}

function notEvaluableList(file: YamlFile, node: unknown, diagnostics: Diagnostic[], data: Record<string, unknown>): NotEvaluableExpectation[] {
  const at = { ...data, field: 'not_evaluable' };
  if (!isSeq(node)) {
    diagnostics.push(file.at(node, codes.invalidFixture, { what: "'not_evaluable'", expected: 'a list of rule ids', actual: describeNode(node) }, at));
    return [];
  }
  const out: NotEvaluableExpectation[] = [];
  for (const item of node.items) {
    if (isMap(item)) {
      const keys = readKeys(file, item, ['rule', 'missing'], "a 'not_evaluable' entry", diagnostics, at);
      const rulePair = keys.get('rule');
      if (!rulePair) {
        diagnostics.push(file.at(item, codes.missingFixtureField, { what: "A 'not_evaluable' entry", field: "'rule'", advice: 'name the rule that should not be evaluable' }, at));
        continue;
      }
      const rule = nameRef(file, rulePair.value, "'rule'", diagnostics, at);
      const missingPair = keys.get('missing');
      const missing = missingPair ? nameList(file, missingPair.value, 'A missing fact', diagnostics, at) : undefined;
      if (rule) out.push({ rule, node: item, ...(missing ? { missing } : {}) });
    } else {
      const rule = nameRef(file, item, 'A not-evaluable rule', diagnostics, at);
      if (rule) out.push({ rule, node: item });
    }
  }
  return out;
}

function overriddenList(file: YamlFile, node: unknown, diagnostics: Diagnostic[], data: Record<string, unknown>): OverriddenExpectation[] {
  const at = { ...data, field: 'overridden' };
  if (!isSeq(node)) {
    diagnostics.push(file.at(node, codes.invalidFixture, { what: "'overridden'", expected: 'a list of rule ids', actual: describeNode(node) }, at));
    return [];
  }
  const out: OverriddenExpectation[] = [];
  for (const item of node.items) {
    if (isMap(item)) {
      const keys = readKeys(file, item, ['rule', 'by'], "an 'overridden' entry", diagnostics, at);
      const rulePair = keys.get('rule');
      if (!rulePair) {
        diagnostics.push(file.at(item, codes.missingFixtureField, { what: "An 'overridden' entry", field: "'rule'", advice: 'name the rule that should be overridden' }, at));
        continue;
      }
      const rule = nameRef(file, rulePair.value, "'rule'", diagnostics, at);
      const byPair = keys.get('by');
      const by = byPair ? nameRef(file, byPair.value, "'by'", diagnostics, at) : undefined;
      if (rule) out.push({ rule, node: item, ...(by ? { by } : {}) });
    } else {
      const rule = nameRef(file, item, 'An overridden rule', diagnostics, at);
      if (rule) out.push({ rule, node: item });
    }
  }
  return out;
}

function parseExpect(file: YamlFile, node: unknown, caseName: string, diagnostics: Diagnostic[], data: Record<string, unknown>): Expectations {
  const empty: Expectations = { decisions: [], not: [], notEvaluable: [], overridden: [] };
  if (isScalar(node) && node.value === 'snapshot') return { ...empty, snapshot: {} };
  if (!isMap(node)) {
    diagnostics.push(file.at(node, codes.invalidFixture, { what: `'expect' of case '${caseName}'`, expected: "a mapping (decisions, not, not_evaluable, decisions_exactly, snapshot) or 'snapshot'", actual: describeNode(node) }, data));
    return empty;
  }
  const keys = readKeys(file, node, EXPECT_KEYS, `the expectations of case '${caseName}'`, diagnostics, data);
  let decisions: DecisionMatcher[] = [];
  let not: DecisionMatcher[] = [];
  let exactly: DecisionMatcher[] | undefined;
  let notEvaluable: NotEvaluableExpectation[] = [];
  let overridden: OverriddenExpectation[] = [];
  let snapshot: Expectations['snapshot'];
  for (const [key, pair] of keys) {
    const v = pair.value;
    switch (key) {
      case 'decisions':
        decisions = matcherList(file, v, key, false, diagnostics, data);
        break;
      case 'not':
        not = matcherList(file, v, key, false, diagnostics, data);
        break;
      case 'decisions_exactly':
        exactly = matcherList(file, v, key, false, diagnostics, data);
        break;
      case 'not_evaluable':
        notEvaluable = notEvaluableList(file, v, diagnostics, data);
        break;
      case 'overridden':
        overridden = overriddenList(file, v, diagnostics, data);
        break;
      case 'snapshot':
        if (isScalar(v) && v.value === true) snapshot = {};
        else if (isSeq(v)) snapshot = { recorded: matcherList(file, v, key, true, diagnostics, data) };
        else diagnostics.push(file.at(v, codes.invalidFixture, { what: "'snapshot'", expected: 'true (record the decisions with --update) or the recorded list', actual: describeNode(v) }, { ...data, field: key }));
        break;
    }
  }
  if (exactly && snapshot) {
    diagnostics.push(file.atPair(keys.get('snapshot')!, codes.snapshotAndExactly, { case: caseName }, { ...data, field: 'snapshot' }));
  }
  if (keys.size === 0 && pairsOf(node).length === 0) {
    diagnostics.push(file.at(node, codes.caseExpectsNothing, { case: caseName }, data));
  }
  return { decisions, not, notEvaluable, overridden, ...(exactly ? { exactly } : {}), ...(snapshot ? { snapshot } : {}) };
}

// ---------------------------------------------------------------- cases and files

function parseCase(file: YamlFile, node: unknown, index: number, seen: Map<string, unknown>): FixtureCase | undefined {
  const diagnostics: Diagnostic[] = [];
  if (!isMap(node)) {
    const d = file.at(node, codes.invalidFixture, { what: `Case ${index + 1}`, expected: "a mapping with 'name', 'facts' and 'expect'", actual: describeNode(node) }, { case: index + 1 });
    return { name: `case ${index + 1}`, index, file, node, extends: [], expect: { decisions: [], not: [], notEvaluable: [], overridden: [] }, diagnostics: [d] };
  }
  const namePair = pairsOf(node).find((p) => keyName(p) === 'name');
  const rawName = namePair ? (namePair.value as { value?: unknown } | null)?.value : undefined;
  const name = typeof rawName === 'string' || typeof rawName === 'number' ? String(rawName).trim() : '';
  const label = name !== '' ? name : `case ${index + 1}`;
  const data = { case: label };
  const keys = readKeys(file, node, CASE_KEYS, `case '${label}'`, diagnostics, data);
  if (!namePair) diagnostics.push(file.at(node, codes.missingFixtureField, { what: `Case ${index + 1}`, field: "'name'", advice: 'give every case a name that says what it shows' }, data));
  else if (name === '') diagnostics.push(file.at(namePair.value, codes.invalidFixture, { what: `The 'name' of case ${index + 1}`, expected: 'text', actual: describeNode(namePair.value) }, data));
  else if (seen.has(name)) {
    diagnostics.push(file.at(namePair.value, codes.duplicateCaseName, { name, line: file.lineOf(seen.get(name)) }, data));
  } else seen.set(name, namePair.value);

  let asOf: Date | undefined;
  const asOfPair = keys.get('as_of');
  if (asOfPair) {
    asOf = parseAsOf(file.toJS(asOfPair.value));
    if (!asOf) diagnostics.push(file.at(asOfPair.value, codes.invalidFixture, { what: "'as_of'", expected: 'a date (2026-01-15) or a date-time (2026-01-15T09:30:00Z)', actual: describeNode(asOfPair.value) }, { ...data, field: 'as_of' }));
  }
  const extendsPair = keys.get('extends');
  const ext = extendsPair ? nameList(file, extendsPair.value, "'extends'", diagnostics, { ...data, field: 'extends' }) : [];
  const factsPair = keys.get('facts');
  const facts = factsPair ? factLayer(file, factsPair.value, `case '${label}'`, diagnostics, { ...data, field: 'facts' }) : undefined;
  if (!factsPair && !extendsPair) diagnostics.push(file.at(namePair?.value ?? node, codes.missingFixtureField, { what: `Case '${label}'`, field: "'facts' and no 'extends'", advice: 'describe the patient' }, data));
  const expectPair = keys.get('expect');
  let expect: Expectations = { decisions: [], not: [], notEvaluable: [], overridden: [] };
  if (!expectPair) diagnostics.push(file.at(namePair?.value ?? node, codes.missingFixtureField, { what: `Case '${label}'`, field: "'expect'", advice: 'say which decisions it should (or should not) produce' }, data));
  else expect = parseExpect(file, expectPair.value, label, diagnostics, { ...data, field: 'expect' });
  return { name: label, index, file, node, extends: ext, expect, diagnostics, ...(asOf ? { asOf } : {}), ...(facts ? { facts } : {}) };
}

function parseSharedSets(file: YamlFile, map: YAMLMap, diagnostics: Diagnostic[], where: string): SharedSet[] {
  const out: SharedSet[] = [];
  for (const pair of pairsOf(map)) {
    const name = keyName(pair);
    const label = `shared facts '${name}'`;
    const data = { shared: name };
    if (!isMap(pair.value)) {
      diagnostics.push(file.atPair(pair, codes.invalidFixture, { what: `${where}: '${name}'`, expected: 'a mapping from fact names to values', actual: describeNode(pair.value) }, data));
      continue;
    }
    // `extends` inside a shared set names the sets it builds on.
    const extPair = pairsOf(pair.value).find((p) => keyName(p) === 'extends');
    const ext = extPair ? nameList(file, extPair.value, "'extends'", diagnostics, { ...data, field: 'extends' }) : [];
    const layer = factLayer(file, pair.value, label, diagnostics, data);
    if (!layer) continue;
    const values = { ...layer.values };
    delete values.extends;
    out.push({ name, file, pair, layer: { ...layer, values }, extends: ext });
  }
  return out;
}

export function parseFixtureFile(uri: string, text: string, resolveRulesPath: (p: string) => string): FixtureFile {
  const { file, diagnostics } = YamlFile.parse(uri, text);
  if (diagnostics.length > 0) return { uri, file, shared: [], cases: [], diagnostics };
  const root = file.document.contents;
  if (!isMap(root)) {
    const d = file.at(root, codes.invalidFixtureFile, { file: 'fixture file', expected: "a mapping with 'cases:' (and optionally 'as_of', 'shared', 'rules')", actual: describeNode(root) });
    return { uri, file, shared: [], cases: [], diagnostics: [d] };
  }
  const keys = readKeys(file, root, FILE_KEYS, 'a fixture file', diagnostics);
  let asOf: Date | undefined;
  const asOfPair = keys.get('as_of');
  if (asOfPair) {
    asOf = parseAsOf(file.toJS(asOfPair.value));
    if (!asOf) diagnostics.push(file.at(asOfPair.value, codes.invalidFixture, { what: "'as_of'", expected: 'a date (2026-01-15) or a date-time (2026-01-15T09:30:00Z)', actual: describeNode(asOfPair.value) }, { field: 'as_of' }));
  }
  let rules: string[] | undefined;
  const rulesPair = keys.get('rules');
  if (rulesPair) {
    const list = nameList(file, rulesPair.value, "'rules'", diagnostics, { field: 'rules' });
    rules = list.map((r) => resolveRulesPath(r.name));
  }
  let shared: SharedSet[] = [];
  const sharedPair = keys.get('shared');
  if (sharedPair) {
    if (isMap(sharedPair.value)) shared = parseSharedSets(file, sharedPair.value, diagnostics, "'shared'");
    else diagnostics.push(file.at(sharedPair.value, codes.invalidFixture, { what: "'shared'", expected: 'a mapping from set names to facts', actual: describeNode(sharedPair.value) }, { field: 'shared' }));
  }
  const cases: FixtureCase[] = [];
  const casesPair = keys.get('cases');
  if (!casesPair) diagnostics.push(file.at(root, codes.missingFixtureField, { what: 'The fixture file', field: "'cases'", advice: "list its cases under 'cases:'" }, { field: 'cases' }));
  else if (!isSeq(casesPair.value)) {
    diagnostics.push(file.at(casesPair.value ?? casesPair.key, codes.invalidFixture, { what: "'cases'", expected: "a list of cases (each starting with '- name:')", actual: describeNode(casesPair.value) }, { field: 'cases' }));
  } else {
    const seen = new Map<string, unknown>();
    casesPair.value.items.forEach((item, i) => {
      const c = parseCase(file, item, i, seen);
      if (c) cases.push(c);
    });
  }
  return { uri, file, shared, cases, diagnostics, ...(asOf ? { asOf } : {}), ...(rules ? { rules } : {}) };
}

export function parseFactsFile(uri: string, text: string): FactsFile {
  const { file, diagnostics } = YamlFile.parse(uri, text);
  if (diagnostics.length > 0) return { uri, file, sets: [], diagnostics };
  const root = file.document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { uri, file, sets: [], diagnostics };
  if (!isMap(root)) {
    diagnostics.push(file.at(root, codes.invalidFixtureFile, { file: 'shared facts file', expected: 'a mapping from set names to facts', actual: describeNode(root) }));
    return { uri, file, sets: [], diagnostics };
  }
  return { uri, file, sets: parseSharedSets(file, root, diagnostics, 'shared facts'), diagnostics };
}

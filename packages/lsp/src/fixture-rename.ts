// Renaming a rule or a fact in the rule set's fixtures (`*.cases.yaml`, `*.facts.yaml`): a
// rule id where expectations name a rule, a fact name where facts are given or listed as
// missing. The YAML is read with the yaml library's document API and each edit covers
// exactly the scalar that names the symbol (inside its quotes, if any): comments, layout and
// every other occurrence of the same text (a case name, a message) stay as they are.
import { ruleSetAt } from '@vigil/core';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node, type Scalar } from 'yaml';

export interface FixtureEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * The fixture files of the rule set of the rules in `dir`, as the core's workspace service
 * finds them (`ruleSetAt`: below the set's folder, its `tests` folder included, nested sets
 * apart), so a rule declared in a subfolder renames in the set's fixtures too.
 */
export function fixtureFiles(dir: string): string[] {
  return [...ruleSetAt(dir).fixtures].sort();
}

/** The offsets of a scalar's value in the text (inside its quotes). Block scalars are not names. */
function valueSpan(s: Scalar): [number, number] | undefined {
  if (!s.range || typeof s.value !== 'string') return undefined;
  const [start, end] = s.range;
  if (s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE') return [start + 1, end - 1];
  if (s.type === 'PLAIN') return [start, end];
  return undefined;
}

const RULE_KEYS = new Set(['rule', 'by']);
const RULE_LISTS = new Set(['decisions', 'not', 'decisions_exactly', 'not_evaluable', 'overridden', 'snapshot']);

/** Edits renaming the rule id `from` to `to` in a fixture text. */
export function renameRuleInFixture(text: string, from: string, to: string): FixtureEdit[] {
  const edits: FixtureEdit[] = [];
  const scalar = (n: unknown) => {
    if (!isScalar(n) || n.value !== from) return;
    const span = valueSpan(n);
    if (span && text.slice(span[0], span[1]) === from) edits.push({ start: span[0], end: span[1], newText: to });
  };
  // Inside `expect`: values of `rule:` and `by:` anywhere, and bare ids in the expectation lists.
  const expectation = (n: unknown, listKey: string | undefined) => {
    if (isMap(n)) {
      for (const item of n.items) {
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        if (key && RULE_KEYS.has(key)) scalar(item.value);
        else expectation(item.value, key && RULE_LISTS.has(key) ? key : undefined);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) {
        if (listKey) scalar(item);
        expectation(item, undefined);
      }
    }
  };
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc)) continue;
    const cases = isMap(doc.contents) ? doc.contents.get('cases', true) : undefined;
    if (!isSeq(cases)) continue;
    for (const c of cases.items) if (isMap(c)) expectation(c.get('expect', true), undefined);
  }
  return edits;
}

/**
 * Edits renaming the fact `from` to `to`: keys of facts mappings (a case's `facts`, the sets
 * of `shared` and of a `.facts.yaml` file; `from_baseline` and `from_uln` with them) and the
 * names listed under `missing`.
 */
export function renameFactInFixture(text: string, from: string, to: string, factsFile: boolean): FixtureEdit[] {
  const edits: FixtureEdit[] = [];
  const name = (n: unknown, keyOfFacts: boolean) => {
    if (!isScalar(n) || typeof n.value !== 'string') return;
    const v = n.value;
    const rest = v === from ? '' : keyOfFacts && (v === `${from}_baseline` || v === `${from}_uln`) ? v.slice(from.length) : undefined;
    if (rest === undefined) return;
    const span = valueSpan(n);
    if (span && text.slice(span[0], span[1]) === v) edits.push({ start: span[0], end: span[0] + from.length, newText: to });
  };
  const factsMap = (n: unknown) => {
    if (!isMap(n)) return;
    for (const item of n.items) if (isPair(item) && !(isScalar(item.key) && item.key.value === 'extends')) name(item.key, true);
  };
  const sets = (n: unknown) => {
    if (isMap(n)) for (const item of n.items) factsMap(item.value);
  };
  const missing = (n: unknown) => {
    if (isMap(n)) {
      for (const item of n.items) {
        if (isScalar(item.key) && item.key.value === 'missing' && isSeq(item.value)) for (const m of item.value.items) name(m, true);
        else missing(item.value);
      }
    } else if (isSeq(n)) for (const item of n.items) missing(item);
  };
  for (const doc of parseAllDocuments(text)) {
    if (!('contents' in doc)) continue;
    const root = doc.contents as Node | null;
    if (factsFile) {
      sets(root);
      continue;
    }
    if (!isMap(root)) continue;
    sets(root.get('shared', true));
    const cases = root.get('cases', true);
    if (!isSeq(cases)) continue;
    for (const c of cases.items) {
      if (!isMap(c)) continue;
      factsMap(c.get('facts', true));
      missing(c.get('expect', true));
    }
  }
  return edits;
}

export function isFactsFile(path: string): boolean {
  return /\.facts\.ya?ml$/.test(path);
}

// Logic findings reused across checks. Each rule gets a key made of source texts: its
// declaration and every declaration it can read by name (facts, definitions, value sets,
// a value set through its members, transitively), in source order, plus the units its doses
// are converted into, and, for an `otherwise` rule, the keys of the siblings it negates. The logic rules remember what the solver said under such keys (one
// rule's key, a pair's keys), so that after an edit only the rules whose inputs changed are
// solved again. Keys are built from texts, not from the IR: the IR is new on every check, and
// keys built from its meaning cost as much as solving.
//
// Why the texts are enough: a solve reads a rule's lowered condition and doses, which come
// from the rule's text, the declarations its names resolve to (a name occurs in its text as
// a word) and the unit each drug is dosed in (the one cross-rule input, taken from the IR).
// Source order is kept in the key because atom ids and fact order follow it, and the reasons
// and witnesses the solver writes list atoms and facts in that order.
import type { Declaration } from '../language/ast.js';
import type { IrProgram, IrRule } from '../ir/ir.js';
import type { SemanticModel } from '../semantics/model.js';
import { analyzerFor } from '../analysis/solver.js';
import { otherwiseSiblings } from '../semantics/otherwise.js';

export interface LogicMemo {
  /** The rule's content key, or undefined when it cannot be told (then nothing is remembered for it). */
  key(rule: IrRule): string | undefined;
  /** The content key of a fact's declaration (with its place in source order), or undefined. */
  factKey(name: string): string | undefined;
  /** What `table` remembers under `key`, else `compute()`, remembered. An undefined key is never remembered. */
  recall<T>(table: string, key: string | undefined, compute: () => T): T;
}

/** Most remembered results in one generation; the older generation is dropped when a new one fills. */
const GENERATION_SIZE = 100_000;
/** Most distinct texts kept interned; past it the table starts again. */
const MAX_TEXTS = 100_000;

type Tables = Map<string, Map<string, unknown>>;
let current: Tables = new Map();
let older: Tables = new Map();
let stored = 0;
/** Declaration texts and keys by content; ids are never reused, so a key never changes meaning. */
let texts = new Map<string, number>();
let nextTextId = 0;
/** A declaration node's text id and words: a node the parser kept across an edit has the same text. */
let nodeTexts = new WeakMap<object, { readonly id: number; readonly words: readonly string[] }>();
/** Rule and fact keys by the node's text id, the names in scope and the node's place among them. */
const closureKeys = new Map<string, string>();
/** The words of a text that name something, by its id and the names in scope. */
const directNames = new Map<string, readonly string[]>();
/** Results hold witnesses dated relative to the analyzer's day: a new day starts afresh. */
let day = Number.NaN;

/** Forgets every remembered result: the next check solves everything again (tests, benchmarks, a fresh check). */
export function clearLogicMemo(): void {
  current = new Map();
  older = new Map();
  stored = 0;
  texts = new Map();
  nodeTexts = new WeakMap();
  closureKeys.clear();
  directNames.clear();
}

function table(tables: Tables, name: string): Map<string, unknown> {
  let t = tables.get(name);
  if (!t) tables.set(name, (t = new Map()));
  return t;
}

function store(name: string, key: string, value: unknown): void {
  if (stored >= GENERATION_SIZE) {
    older = current;
    current = new Map();
    stored = 0;
  }
  table(current, name).set(key, value);
  stored++;
}

function intern(text: string): number {
  let id = texts.get(text);
  if (id === undefined) {
    if (texts.size >= MAX_TEXTS) {
      texts = new Map();
      nodeTexts = new WeakMap();
      closureKeys.clear();
      directNames.clear();
    }
    id = nextTextId++;
    texts.set(text, id);
  }
  return id;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

interface Item {
  readonly id: number;
  readonly file: number;
  readonly offset: number;
  readonly words: readonly string[];
}

const memos = new WeakMap<IrProgram, LogicMemo>();
/** Programs checked once (a compile): their results are remembered for that check only. */
const once = new WeakSet<IrProgram>();

/**
 * Marks `program` as checked once, in a process that will not check its rule set again (a
 * compile): its memo then keys rules by id, not by content (content keys cost about a
 * tenth of a large compile), and remembers for this check only, so that what one logic
 * rule solved is still shared with the others.
 */
export function checkedOnce(program: IrProgram): void {
  once.add(program);
}

/** The memo of one checked program (built on first use, shared by the logic rules). */
export function logicMemo(model: SemanticModel, program: IrProgram): LogicMemo {
  let memo = memos.get(program);
  if (!memo) {
    memo = once.has(program) ? onceMemo() : createMemo(model, program);
    memos.set(program, memo);
  }
  return memo;
}

/** Keys valid within one program (rule ids and fact names are unique in it), results kept with it. */
function onceMemo(): LogicMemo {
  const tables = new Map<string, Map<string, unknown>>();
  return {
    key: (rule) => `r${rule.id}`,
    factKey: (name) => `f${name}`,
    recall<T>(name: string, key: string | undefined, compute: () => T): T {
      if (key === undefined) return compute();
      const t = table(tables, name);
      if (t.has(key)) return t.get(key) as T;
      const value = compute();
      t.set(key, value);
      return value;
    },
  };
}

function createMemo(model: SemanticModel, program: IrProgram): LogicMemo {
  const today = analyzerFor(program).now.getTime();
  if (today !== day) {
    if (!Number.isNaN(day)) clearLogicMemo();
    day = today;
  }
  const fileIndex = new Map(model.files.map((f, i) => [f.uri, i] as const));
  const items = new Map<object, Item>();
  const itemOf = (node: { readonly range: Declaration['range'] }, uri: string): Item | undefined => {
    let item = items.get(node);
    if (!item) {
      const file = fileIndex.get(uri);
      if (file === undefined) return undefined;
      let t = nodeTexts.get(node);
      if (!t) {
        const text = model.files[file]!.source.text.slice(node.range.start.offset, node.range.end.offset);
        const id = intern(text);
        // The distinct identifier-like words: every name the declaration can refer to is one.
        t = { id, words: [...new Set(text.match(WORD) ?? [])] };
        nodeTexts.set(node, t);
      }
      item = { id: t.id, file, offset: node.range.start.offset, words: t.words };
      items.set(node, item);
    }
    return item;
  };
  const before = (a: Item, b: Item) => a.file - b.file || a.offset - b.offset;

  // What a word can name, for the solver: facts, definitions (a drug's standard dose is
  // named after the drug), value sets, and value-set members (whose codes are gathered from
  // every set that has a member of that name). With them, in source order, and the files'
  // order, the names in scope as one id: closures are reused while it stays the same.
  let scope: { names: Map<string, Item[]>; ordered: Item[]; id: number; nameSet: number } | undefined;
  const inScope = () => {
    if (scope) return scope;
    const names = new Map<string, Item[]>();
    const add = (name: string, item: Item | undefined) => {
      if (!item) return;
      const list = names.get(name);
      if (!list) names.set(name, [item]);
      else if (!list.includes(item)) list.push(item);
    };
    for (const f of model.facts.values()) add(f.name, itemOf(f.decl, f.uri));
    for (const d of model.definitions.values()) add(d.name, itemOf(d.decl, d.uri));
    for (const v of model.valueSets.values()) add(v.name, itemOf(v.decl, v.uri));
    for (const [name, list] of model.members) for (const m of list) add(name, itemOf(m.valueSet.decl, m.valueSet.uri));
    const ordered = [...new Set([...names.values()].flat())].sort(before);
    const rank = new Map(ordered.map((it, i) => [it, i] as const));
    let sig = model.files.map((f) => f.uri).join('\u0000') + '\u0001' + ordered.map((it) => it.id).join('.');
    for (const [name, list] of names) sig += `\u0001${name}=${list.map((it) => rank.get(it)).join('.')}`;
    const nameSet = intern(`${[...names.keys()].join('\u0000')}`);
    return (scope = { names, ordered, id: intern(sig), nameSet });
  };

  /** How many named items come before `item` in source order. */
  const rankOf = (item: Item): number => {
    const { ordered } = inScope();
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(ordered[mid]!, item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  /** The words of a text that name something (reused while the names in scope are the same). */
  const namesIn = (item: Item): readonly string[] => {
    const { names, nameSet } = inScope();
    const cacheKey = `${item.id}:${nameSet}`;
    let out = directNames.get(cacheKey);
    if (!out) {
      out = item.words.filter((w) => names.has(w));
      if (directNames.size >= MAX_TEXTS) directNames.clear();
      directNames.set(cacheKey, out);
    }
    return out;
  };

  /** Every named item `item` reads, itself included, transitively. */
  const reads = new Map<Item, ReadonlySet<Item>>();
  const readsOf = (item: Item): ReadonlySet<Item> => {
    let out = reads.get(item);
    if (!out) {
      const { names } = inScope();
      const seen = new Set<Item>([item]);
      const queue = [item];
      for (let i = 0; i < queue.length; i++) {
        for (const w of namesIn(queue[i]!)) {
          for (const next of names.get(w)!) {
            if (seen.has(next)) continue;
            seen.add(next);
            queue.push(next);
          }
        }
      }
      out = seen;
      reads.set(item, out);
    }
    return out;
  };

  /** The texts `start` can read, transitively, in source order, as one key. */
  const closureKey = (start: Item): string => {
    const { names, id } = inScope();
    const cacheKey = `${start.id}:${id}:${rankOf(start)}`;
    let key = closureKeys.get(cacheKey);
    if (key === undefined) {
      const all = new Set<Item>([start]);
      for (const w of namesIn(start)) for (const item of names.get(w)!) for (const r of readsOf(item)) all.add(r);
      key = String(intern([...all].sort(before).map((it) => (it === start ? `*${it.id}` : String(it.id))).join('.')));
      if (closureKeys.size >= MAX_TEXTS) closureKeys.clear();
      closureKeys.set(cacheKey, key);
    }
    return key;
  };

  /** The top-level declaration that holds `offset` in file `file` (a rule, or a group of rules). */
  const enclosing = (file: number, offset: number): Declaration | undefined => {
    const decls = model.files[file]!.document.declarations;
    let lo = 0;
    let hi = decls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (decls[mid]!.range.start.offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    const d = decls[lo];
    return d && d.range.start.offset <= offset && offset <= d.range.end.offset ? d : undefined;
  };

  let rulesById: Map<string, IrRule> | undefined;
  const irRules = () => (rulesById ??= new Map(program.rules.map((r) => [r.id, r])));
  const ruleKeys = new Map<IrRule, string | undefined>();
  const factKeys = new Map<string, string | undefined>();
  const memo: LogicMemo = {
    key(rule) {
      if (ruleKeys.has(rule)) return ruleKeys.get(rule);
      let key: string | undefined;
      const symbol = model.rules.get(rule.id);
      const file = symbol ? fileIndex.get(symbol.uri) : undefined;
      const top = symbol && file !== undefined ? enclosing(file, symbol.decl.range.start.offset) : undefined;
      const self = top && symbol ? itemOf(top, symbol.uri) : undefined;
      if (symbol && self) {
        key = `r${closureKey(self)}`;
        // Inside a group, which of its rules.
        if (top !== symbol.decl) key += `@${symbol.decl.range.start.offset - self.offset}`;
        // The unit each dose is converted into: for a drug without a standard dose, the
        // unit of its first absolute dose in the whole rule set.
        const units = rule.actions.map((a) => a.dose?.unit ?? '').join(',');
        if (units !== '') key += `|${units}`;
        // An `otherwise` rule's condition negates its siblings', which its text does not name.
        if (symbol.decl.kind === 'RuleDecl' && symbol.decl.otherwise) {
          ruleKeys.set(rule, undefined);
          const siblings = otherwiseSiblings(model, symbol.decl).map((id) => {
            const r = irRules().get(id);
            return r ? memo.key(r) : undefined;
          });
          key = siblings.includes(undefined) ? undefined : `${key}|otherwise(${siblings.join(';')})`;
        }
      }
      ruleKeys.set(rule, key);
      return key;
    },
    factKey(name) {
      if (factKeys.has(name)) return factKeys.get(name);
      const f = model.facts.get(name);
      const item = f ? itemOf(f.decl, f.uri) : undefined;
      const key = item ? `f${closureKey(item)}` : undefined;
      factKeys.set(name, key);
      return key;
    },
    recall<T>(name: string, key: string | undefined, compute: () => T): T {
      if (key === undefined) return compute();
      const now = current.get(name);
      if (now?.has(key)) return now.get(key) as T;
      const old = older.get(name);
      if (old?.has(key)) {
        const value = old.get(key) as T;
        store(name, key, value);
        return value;
      }
      const value = compute();
      store(name, key, value);
      return value;
    },
  };
  return memo;
}

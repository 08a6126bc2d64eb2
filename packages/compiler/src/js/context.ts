// What every emitter needs to know about a program: input keys and their slots, definitions
// by name, atoms by id, code-term equivalence, and the pools of hoisted constants. It also
// checks the structural invariants the emitters rely on, so a malformed IR fails loudly at
// generation time instead of producing a broken engine.
import { irRuleExpressions, isIrAtom, walkIr } from '@vigil/core';
import type { IrAtom, IrDefinition, IrExpr, IrFact, IrFactRef, IrProgram, IrType } from '@vigil/core';
import { GenerateError, int, lit, parseExact, ratLit, type Rational } from './escape.js';

export interface InputKey {
  /** Key in the facts input, e.g. `alt` or `alt_baseline`. */
  readonly key: string;
  readonly fact: IrFact;
  readonly part: IrFactRef['part'];
  readonly slot: number;
}

export class EmitContext {
  readonly inputs: InputKey[] = [];
  private readonly slotByRef = new Map<string, number>();
  readonly factByName = new Map<string, IrFact>();
  readonly defIndex = new Map<string, number>();
  readonly atoms: (IrAtom | undefined)[];
  /** Equivalence class of each code term (member names and their `system:code` pairs). */
  readonly codeClass = new Map<string, number>();
  private readonly ratPool = new Map<string, string>();
  private readonly setPool = new Map<string, string>();
  readonly hoisted: string[] = [];
  private readonly slotsMemo = new Map<IrExpr, ReadonlySet<number>>();
  private readonly defsMemo = new Map<IrExpr, ReadonlySet<number>>();

  constructor(readonly ir: IrProgram) {
    if (!ir || typeof ir !== 'object') throw new GenerateError('the IR must be an object');
    for (const f of ir.facts) {
      if (this.factByName.has(f.name)) throw new GenerateError(`duplicate fact ${JSON.stringify(f.name)}`);
      this.factByName.set(f.name, f);
    }
    const keys = new Set<string>();
    const addKey = (fact: IrFact, part: IrFactRef['part'], key: string) => {
      if (keys.has(key)) throw new GenerateError(`the input key ${JSON.stringify(key)} is declared twice`);
      keys.add(key);
      const slot = this.inputs.length;
      this.inputs.push({ key, fact, part, slot });
      this.slotByRef.set(`${part}\u0000${fact.name}`, slot);
    };
    for (const f of ir.facts) {
      addKey(f, 'value', f.name);
      if (f.baseline || f.uln) {
        if (f.type.kind !== 'quantity') throw new GenerateError(`baseline/uln on the non-quantity fact ${JSON.stringify(f.name)}`);
      }
      if (f.baseline) addKey(f, 'baseline', `${f.name}_baseline`);
      if (f.uln) addKey(f, 'uln', `${f.name}_uln`);
    }
    ir.definitions.forEach((d, i) => {
      if (this.defIndex.has(d.name)) throw new GenerateError(`duplicate definition ${JSON.stringify(d.name)}`);
      this.defIndex.set(d.name, i);
    });
    if (!Number.isSafeInteger(ir.atomCount) || ir.atomCount < 0 || ir.atomCount > 10_000_000) throw new GenerateError('bad atomCount');
    this.atoms = new Array<IrAtom | undefined>(ir.atomCount).fill(undefined);
    const visitAtoms = (e: IrExpr): void =>
      walkIr(e, (x) => {
        if (isIrAtom(x)) {
          int(x.atom);
          if (x.atom >= ir.atomCount) throw new GenerateError(`atom id ${x.atom} is not below atomCount ${ir.atomCount}`);
          const prev = this.atoms[x.atom];
          if (prev && prev !== x) throw new GenerateError(`atom id ${x.atom} is used twice`);
          this.atoms[x.atom] = x;
        }
      });
    // Definitions may only refer to earlier ones (dependency order).
    ir.definitions.forEach((d, i) => {
      walkIr(d.expr, (x) => {
        if (x.kind === 'ref') {
          const j = this.defIndex.get(x.definition);
          if (j === undefined) throw new GenerateError(`unknown definition ${JSON.stringify(x.definition)}`);
          if (j >= i) throw new GenerateError(`definition ${JSON.stringify(d.name)} refers to a later or the same definition`);
        }
      });
      visitAtoms(d.expr);
    });
    const ruleIds = new Set<string>();
    for (const r of ir.rules) {
      if (ruleIds.has(r.id)) throw new GenerateError(`duplicate rule ${JSON.stringify(r.id)}`);
      ruleIds.add(r.id);
      for (const e of irRuleExpressions(r)) {
        visitAtoms(e);
        walkIr(e, (x) => this.checkRefs(x));
      }
    }
    for (const d of ir.definitions) walkIr(d.expr, (x) => this.checkRefs(x));
    for (const r of ir.rules) for (const o of r.overrides) if (!ruleIds.has(o)) throw new GenerateError(`rule ${JSON.stringify(r.id)} overrides the unknown rule ${JSON.stringify(o)}`);
    const actionCount = new Map(ir.rules.map((r) => [r.id, r.actions.length]));
    for (const r of ir.rules)
      for (const o of r.overrideActions ?? []) {
        const n = actionCount.get(o.rule);
        if (n === undefined) throw new GenerateError(`rule ${JSON.stringify(r.id)} overrides actions of the unknown rule ${JSON.stringify(o.rule)}`);
        for (const j of o.actions) if (!Number.isInteger(j) || j < 0 || j >= n) throw new GenerateError(`rule ${JSON.stringify(r.id)} overrides action ${j} of rule ${JSON.stringify(o.rule)}, which has ${n} actions`);
      }

    // Code equivalence: a member name and its codes denote one term; shared codes join terms.
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(x, r);
      return r;
    };
    const add = (x: string) => {
      if (!parent.has(x)) parent.set(x, x);
    };
    const union = (a: string, b: string) => {
      add(a);
      add(b);
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(rb < ra ? ra : rb, rb < ra ? rb : ra);
    };
    const terms = [...ir.valueSets.flatMap((v) => v.members)];
    for (const r of ir.rules) for (const e of irRuleExpressions(r)) walkIr(e, (x) => void (x.kind === 'includes' && terms.push(...x.terms)));
    for (const d of ir.definitions) walkIr(d.expr, (x) => void (x.kind === 'includes' && terms.push(...x.terms)));
    for (const t of terms) {
      add(t.name);
      for (const c of t.codes) union(t.name, c);
    }
    const roots = [...new Set([...parent.keys()].map(find))].sort();
    const rootIndex = new Map(roots.map((r, i) => [r, i]));
    for (const k of [...parent.keys()].sort()) {
      const cls = rootIndex.get(find(k))!;
      // Only terms with more than one spelling need the table.
      this.codeClass.set(k, cls);
    }
    const sizes = new Map<number, number>();
    for (const c of this.codeClass.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    for (const [k, c] of [...this.codeClass]) if (sizes.get(c) === 1) this.codeClass.delete(k);
  }

  private checkRefs(x: IrExpr): void {
    if (x.kind === 'fact' || x.kind === 'presence' || x.kind === 'elapsed') this.slot(x.ref);
    if (x.kind === 'ref' && !this.defIndex.has(x.definition)) throw new GenerateError(`unknown definition ${JSON.stringify(x.definition)}`);
  }

  slot(ref: IrFactRef): number {
    const s = this.slotByRef.get(`${ref.part}\u0000${ref.fact}`);
    if (s === undefined) throw new GenerateError(`unknown fact input ${JSON.stringify(ref.fact)} (${JSON.stringify(ref.part)})`);
    return s;
  }

  definition(name: string): { def: IrDefinition; index: number } {
    const index = this.defIndex.get(name);
    if (index === undefined) throw new GenerateError(`unknown definition ${JSON.stringify(name)}`);
    return { def: this.ir.definitions[index]!, index };
  }

  isConditionDef(index: number): boolean {
    return this.ir.definitions[index]!.type.kind === 'boolean';
  }

  /** A hoisted exact constant `$kN` (a BigInt pair). */
  rational(r: Rational): string {
    const key = `${r.n}/${r.d}`;
    let name = this.ratPool.get(key);
    if (!name) {
      name = `$k${this.ratPool.size}`;
      this.ratPool.set(key, name);
      this.hoisted.push(`const ${name} = ${ratLit(r)};`);
    }
    return name;
  }

  exact(s: string): string {
    return this.rational(parseExact(s));
  }

  /** A hoisted `Set` of strings `$sN`. */
  stringSet(values: readonly string[]): string {
    const sorted = [...new Set(values)].sort();
    const key = JSON.stringify(sorted);
    let name = this.setPool.get(key);
    if (!name) {
      name = `$s${this.setPool.size}`;
      this.setPool.set(key, name);
      this.hoisted.push(`const ${name} = new Set([${sorted.map(lit).join(', ')}]);`);
    }
    return name;
  }

  /** Every spelling equivalent to one of these code terms. */
  expandCodes(values: readonly string[]): string[] {
    const classes = new Set<number>();
    for (const v of values) {
      const c = this.codeClass.get(v);
      if (c !== undefined) classes.add(c);
    }
    const out = new Set(values);
    if (classes.size) for (const [k, c] of this.codeClass) if (classes.has(c)) out.add(k);
    return [...out].sort();
  }

  /** Input slots an expression reads, through definitions. */
  slotsOf(e: IrExpr): ReadonlySet<number> {
    const hit = this.slotsMemo.get(e);
    if (hit) return hit;
    const out = new Set<number>();
    walkIr(e, (x) => {
      if (x.kind === 'fact' || x.kind === 'presence' || x.kind === 'elapsed') out.add(this.slot(x.ref));
      if (x.kind === 'ref') for (const s of this.slotsOf(this.definition(x.definition).def.expr)) out.add(s);
    });
    const sorted = new Set([...out].sort((a, b) => a - b));
    this.slotsMemo.set(e, sorted);
    return sorted;
  }

  /** Condition definitions an expression refers to directly (not through other definitions). */
  conditionDefsOf(e: IrExpr): ReadonlySet<number> {
    const hit = this.defsMemo.get(e);
    if (hit) return hit;
    const out = new Set<number>();
    walkIr(e, (x) => {
      if (x.kind === 'ref') {
        const { index } = this.definition(x.definition);
        if (this.isConditionDef(index)) out.add(index);
        else for (const j of this.conditionDefsOf(this.ir.definitions[index]!.expr)) out.add(j);
      }
    });
    this.defsMemo.set(e, out);
    return out;
  }
}

/** The IR type of a value expression, where it can be told. */
export function typeOf(ctx: EmitContext, e: IrExpr): IrType | undefined {
  switch (e.kind) {
    case 'fact':
      return ctx.factByName.get(e.ref.fact)?.type;
    case 'ref':
      return ctx.definition(e.definition).def.type;
    case 'quantity':
    case 'scale':
    case 'arith':
    case 'negate':
      return { kind: 'quantity', unit: e.unit, dimension: e.dimension };
    case 'boolean':
      return { kind: 'boolean' };
    case 'text':
      return { kind: 'text' };
    default:
      return isIrAtom(e) || e.kind === 'and' || e.kind === 'or' || e.kind === 'not' ? { kind: 'boolean' } : undefined;
  }
}

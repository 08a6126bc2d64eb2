// Every named thing of a checked rule set and each place it occurs, keyed so that
// go-to-definition, find-references, rename, hover and highlighting agree. Built from the
// semantic model's declarations and `references`; nothing is resolved twice.
import {
  tableRules,
  type CheckResult,
  type Expr,
  type Name,
  type Range,
  type SemType,
  type TypeNode,
} from '@vigil/core';
import {
  forEachExpr,
  unwrapParens,
} from '@vigil/core/services';

export type SymbolKind = 'fact' | 'definition' | 'valueset' | 'group' | 'rule' | 'protocol' | 'member' | 'enum';

export interface SymbolInfo {
  readonly key: string;
  readonly kind: SymbolKind;
  readonly name: string;
  readonly path: string;
  /** The declaring name. */
  readonly range: Range;
  /** The whole declaration (the fact line, the rule, the value-set member). */
  readonly fullRange: Range;
  /** For enum values: the fact they belong to. */
  readonly owner?: string;
}

export interface Occurrence {
  readonly key: string;
  readonly path: string;
  readonly range: Range;
  readonly decl: boolean;
}

export class SymbolIndex {
  readonly symbols = new Map<string, SymbolInfo>();
  private readonly byKey = new Map<string, Occurrence[]>();
  private readonly byPath = new Map<string, Occurrence[]>();

  constructor(readonly result: CheckResult) {
    this.build();
    for (const list of this.byPath.values()) list.sort((a, b) => a.range.start.offset - b.range.start.offset);
  }

  private add(o: Occurrence): void {
    let k = this.byKey.get(o.key);
    if (!k) this.byKey.set(o.key, (k = []));
    k.push(o);
    let p = this.byPath.get(o.path);
    if (!p) this.byPath.set(o.path, (p = []));
    p.push(o);
  }

  private declare(info: SymbolInfo): void {
    if (!this.symbols.has(info.key)) this.symbols.set(info.key, info);
    this.add({ key: info.key, path: info.path, range: info.range, decl: true });
  }

  private build(): void {
    const { model } = this.result;
    const enumMembers = (fact: string, t: TypeNode, path: string, fullRange: Range) => {
      if (t.kind === 'EnumType') for (const m of t.members) this.declare({ key: `enum:${fact}:${m.value}`, kind: 'enum', name: m.value, path, range: m.range, fullRange, owner: fact });
      else if (t.kind === 'SetType') enumMembers(fact, t.element, path, fullRange);
    };
    for (const f of this.result.files) {
      for (const d of f.document.declarations) {
        switch (d.kind) {
          case 'FactsBlock':
            for (const fd of d.facts) {
              this.declare({ key: `fact:${fd.name.value}`, kind: 'fact', name: fd.name.value, path: f.uri, range: fd.name.range, fullRange: fd.range });
              enumMembers(fd.name.value, fd.type, f.uri, fd.range);
            }
            break;
          case 'ValueSetDecl':
            this.declare({ key: `valueset:${d.name.value}`, kind: 'valueset', name: d.name.value, path: f.uri, range: d.name.range, fullRange: d.range });
            for (const m of d.members) this.declare({ key: `member:${m.name.value}`, kind: 'member', name: m.name.value, path: f.uri, range: m.name.range, fullRange: m.range });
            break;
          case 'DefineDecl':
            this.declare({ key: `definition:${d.name.value}`, kind: 'definition', name: d.name.value, path: f.uri, range: d.name.range, fullRange: d.range });
            break;
          case 'GroupsBlock':
            for (const g of d.groups) this.declare({ key: `group:${g.name.value}`, kind: 'group', name: g.name.value, path: f.uri, range: g.name.range, fullRange: g.range });
            break;
          case 'RuleDecl':
          case 'ProtocolDecl':
            this.declare({ key: `rule:${d.id.value}`, kind: d.kind === 'RuleDecl' ? 'rule' : 'protocol', name: d.id.value, path: f.uri, range: d.id.range, fullRange: d.range });
            break;
          case 'TableDecl':
            // A table is a group of its rows (`overrides T` names it); each row is a rule.
            this.declare({ key: `group:${d.id.value}`, kind: 'group', name: d.id.value, path: f.uri, range: d.id.range, fullRange: d.range });
            for (const r of tableRules(d)) this.declare({ key: `rule:${r.id.value}`, kind: 'rule', name: r.id.value, path: f.uri, range: r.id.range, fullRange: r.range });
            break;
        }
      }
    }

    // Enum values named in comparisons and `in` lists, by the fact on the other side.
    const claimed = new Set<Name>();
    const enumFact = (t: SemType): string | undefined => (t.kind === 'enum' ? t.fact : t.kind === 'set' && t.element.kind === 'enum' ? t.element.fact : undefined);
    const typeOf = (e: Expr): SemType => {
      try {
        return model.typeOf(e);
      } catch {
        return { kind: 'error' };
      }
    };
    for (const f of this.result.files) {
      forEachExpr(f.document, (e) => {
        const claimEnum = (fact: string | undefined, name: Name) => {
          if (!fact || !this.symbols.has(`enum:${fact}:${name.value}`)) return;
          claimed.add(name);
          this.add({ key: `enum:${fact}:${name.value}`, path: f.uri, range: name.range, decl: false });
        };
        if (e.kind === 'CompareExpr' && (e.op === '=' || e.op === '!=')) {
          const l = unwrapParens(e.left);
          const r = unwrapParens(e.right);
          if (r.kind === 'NameRef' && !model.resolveValue(r)) claimEnum(enumFact(typeOf(e.left)), r.name);
          if (l.kind === 'NameRef' && !model.resolveValue(l)) claimEnum(enumFact(typeOf(e.right)), l.name);
        } else if (e.kind === 'InExpr' || e.kind === 'IncludesExpr') {
          const fact = enumFact(typeOf(e.subject));
          for (const item of e.values.items) if (!model.valueSets.has(item.value)) claimEnum(fact, item);
        }
      });
    }

    for (const ref of model.references) {
      if (claimed.has(ref.name)) continue;
      const s = ref.symbol;
      const key = s.kind === 'protocol' ? `rule:${s.name}` : `${s.kind}:${s.name}`;
      this.add({ key, path: ref.uri, range: ref.name.range, decl: false });
    }

    // Action targets and protocol drugs that are value-set members.
    for (const f of this.result.files) {
      for (const d of f.document.declarations) {
        const names: Name[] = [];
        if (d.kind === 'RuleDecl') for (const a of d.actions) names.push(...a.targets);
        if (d.kind === 'TableDecl') for (const row of d.rows) for (const a of row.actions) names.push(...a.targets);
        if (d.kind === 'ProtocolDecl' && d.drug) names.push(d.drug);
        for (const n of names) if (model.members.has(n.value)) this.add({ key: `member:${n.value}`, path: f.uri, range: n.range, decl: false });
      }
    }
  }

  /** The occurrence under the offset (the end of a name counts, as editors place the cursor there). */
  at(path: string, offset: number): Occurrence | undefined {
    const list = this.byPath.get(path);
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let best: Occurrence | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = list[mid]!;
      if (o.range.start.offset <= offset) {
        if (offset <= o.range.end.offset) best = o;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  occurrences(key: string): readonly Occurrence[] {
    return this.byKey.get(key) ?? [];
  }

  inFile(path: string): readonly Occurrence[] {
    return this.byPath.get(path) ?? [];
  }
}

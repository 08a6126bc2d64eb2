// Turns the parser's concrete syntax tree into the readonly AST of ast.ts, with ranges.
// No semantics. Recovery can leave CST nodes incomplete (and tokens inserted with no
// position): a node missing a required child is dropped at the smallest sensible level,
// and nothing here throws on such input. A few structural problems the grammar cannot
// express (an import after a declaration, a repeated single clause) are returned as problems.
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import type { SourceText } from './source.js';
import { ACTIONS, actionEntry } from '@vigil/runtime';
import { decodeString, keywordToken } from './tokens.js';

export interface StructuralProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

export interface BuildResult {
  readonly document: A.Document;
  readonly problems: readonly StructuralProblem[];
}

type Children = Record<string, CstElement[] | undefined>;

function isToken(e: CstElement): e is IToken {
  return (e as IToken).tokenType !== undefined;
}

/** A token that really is in the text (not one inserted by recovery). */
function isReal(t: IToken): boolean {
  return !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && Number.isFinite(endOf(t));
}

/** Exclusive end offset of a token. */
function endOf(t: IToken): number {
  return (t.endOffset ?? t.startOffset + t.image.length - 1) + 1;
}

function kids(n: CstNode): Children {
  return n.children as Children;
}

function toks(n: CstNode | undefined, key: string): IToken[] {
  if (!n) return [];
  const list = kids(n)[key];
  if (!list) return [];
  return list.filter((e): e is IToken => isToken(e) && isReal(e));
}

function tok(n: CstNode | undefined, key: string, i = 0): IToken | undefined {
  return toks(n, key)[i];
}

function subs(n: CstNode | undefined, key: string): CstNode[] {
  if (!n) return [];
  const list = kids(n)[key];
  if (!list) return [];
  return list.filter((e): e is CstNode => !isToken(e));
}

function sub(n: CstNode | undefined, key: string, i = 0): CstNode | undefined {
  return subs(n, key)[i];
}

// A node's children are lists per name, each in source order, so a subtree's first real
// token is the first real one of some list and its last the last of some list: only the
// edges of each list are visited, not the whole subtree.

/** Start offset of a subtree's first real token (tokens inserted by recovery left out), or Infinity. */
function firstStart(n: CstNode): number {
  let best = Infinity;
  const children = kids(n);
  for (const key in children) {
    const list = children[key];
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      const v = isToken(e) ? (isReal(e) ? e.startOffset : Infinity) : firstStart(e);
      if (v === Infinity) continue;
      if (v < best) best = v;
      break;
    }
  }
  return best;
}

/** Exclusive end offset of a subtree's last real token, or -Infinity. */
function lastEnd(n: CstNode): number {
  let best = -Infinity;
  const children = kids(n);
  for (const key in children) {
    const list = children[key];
    if (!list) continue;
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i]!;
      const v = isToken(e) ? (isReal(e) ? endOf(e) : -Infinity) : lastEnd(e);
      if (v === -Infinity) continue;
      if (v > best) best = v;
      break;
    }
  }
  return best;
}

/** [start, end) of a subtree's real tokens. */
function spanOf(n: CstNode): [number, number] | undefined {
  const start = firstStart(n);
  return start === Infinity ? undefined : [start, lastEnd(n)];
}

function defined<T>(x: T | undefined): x is T {
  return x !== undefined;
}

const comparisonOps: Readonly<Record<string, A.CompareOp>> = {
  Equals: '=',
  NotEquals: '!=',
  LessThan: '<',
  LessEquals: '<=',
  GreaterThan: '>',
  GreaterEquals: '>=',
};

const arithmeticOps: Readonly<Record<string, A.ArithmeticExpr['op']>> = {
  Plus: '+',
  Minus: '-',
  Star: '*',
  Slash: '/',
  KwX: '*',
};

/** The action whose keywords are exactly `verbToks` (a token inserted by recovery counts by its type). */
function actionVerb(verbToks: readonly IToken[]): A.ActionVerb | undefined {
  return ACTIONS.find((a) => a.words.length === verbToks.length && a.words.every((w, i) => verbToks[i]!.tokenType === keywordToken(w)))?.verb;
}

class Builder {
  readonly problems: StructuralProblem[] = [];

  constructor(readonly source: SourceText) {}

  range(start: number, end: number): A.Range {
    return this.source.rangeAt(start, end);
  }

  tokenRange(t: IToken): A.Range {
    return this.range(t.startOffset, endOf(t));
  }

  /** From the start of `a` to the end of `b`. */
  join(a: { range: A.Range }, b: { range: A.Range }): A.Range {
    return this.range(a.range.start.offset, b.range.end.offset);
  }

  nodeRange(n: CstNode, fallback: IToken): A.Range {
    const s = spanOf(n);
    return s ? this.range(s[0], s[1]) : this.tokenRange(fallback);
  }

  problem(message: string, start: number, end: number): void {
    this.problems.push({ message, start, end });
  }

  // ---------------------------------------------------------------- leaves

  name(t: IToken | undefined): A.Name | undefined {
    return t ? { kind: 'Name', value: t.image, range: this.tokenRange(t) } : undefined;
  }

  string(t: IToken | undefined): A.StringLiteral | undefined {
    return t ? { kind: 'StringLiteral', value: decodeString(t.image).value, range: this.tokenRange(t) } : undefined;
  }

  unit(t: IToken | undefined): A.Unit | undefined {
    return t ? { kind: 'Unit', text: t.image, range: this.tokenRange(t) } : undefined;
  }

  comment(t: IToken): A.Comment {
    return { kind: 'Comment', text: t.image, block: t.image.startsWith('/*'), range: this.tokenRange(t) };
  }

  // ---------------------------------------------------------------- file

  document(cst: CstNode | undefined, uri: string, comments: readonly IToken[]): A.Document {
    const header = this.header(sub(cst, 'header'));
    const imports: A.Import[] = [];
    for (const n of subs(cst, 'import')) {
      const imp = this.import(n);
      if (imp) imports.push(imp);
    }
    const declarations: A.Declaration[] = [];
    for (const n of subs(cst, 'declaration')) {
      const d = this.declaration(n);
      if (d) declarations.push(d);
    }
    const firstDecl = declarations[0];
    if (firstDecl) {
      for (const imp of imports) {
        if (imp.range.start.offset > firstDecl.range.start.offset) {
          this.problem('Imports must come before the declarations; move this import to the top of the file', imp.range.start.offset, imp.range.end.offset);
        }
      }
    }
    return {
      kind: 'Document',
      uri,
      header,
      imports,
      declarations,
      comments: comments.map((c) => this.comment(c)),
      range: this.range(0, this.source.text.length),
    };
  }

  // header = "ruleset" IDENT ("version" STRING)?
  header(n: CstNode | undefined): A.RulesetHeader | undefined {
    const kw = tok(n, 'KwRuleset');
    const name = this.name(tok(n, 'name'));
    if (!n || !kw || !name) return undefined;
    const strengths = tok(n, 'KwStrengths') ? subs(n, 'strengthName').map((s) => this.strengthName(s)).filter(defined) : undefined;
    return { kind: 'RulesetHeader', name, version: this.string(tok(n, 'version')), strengths, range: this.nodeRange(n, kw) };
  }

  strengthName(n: CstNode | undefined): A.Name | undefined {
    return this.name(tok(n, 'name'));
  }

  // import = "import" STRING
  import(n: CstNode): A.Import | undefined {
    const kw = tok(n, 'KwImport');
    const path = this.string(tok(n, 'path'));
    if (!kw || !path) return undefined;
    return { kind: 'Import', path, range: this.range(kw.startOffset, path.range.end.offset) };
  }

  // declaration = factsBlock | valueSet | define | rule | protocol
  declaration(n: CstNode): A.Declaration | undefined {
    const facts = sub(n, 'factsBlock');
    if (facts) return this.factsBlock(facts);
    const groups = sub(n, 'groupsBlock');
    if (groups) return this.groupsBlock(groups);
    const vs = sub(n, 'valueSet');
    if (vs) return this.valueSet(vs);
    const def = sub(n, 'define');
    if (def) return this.define(def);
    const rule = sub(n, 'rule');
    if (rule) return this.rule(rule);
    const protocol = sub(n, 'protocol');
    if (protocol) return this.protocol(protocol);
    const table = sub(n, 'table');
    if (table) return this.table(table);
    return undefined;
  }

  // ---------------------------------------------------------------- groups

  groupsBlock(n: CstNode): A.GroupsBlock | undefined {
    const kw = tok(n, 'KwGroups');
    if (!kw) return undefined;
    const groups = subs(n, 'groupDecl').flatMap((g) => {
      const nameTok = tok(g, 'name');
      const name = this.name(nameTok);
      return nameTok && name ? [{ kind: 'GroupDecl' as const, name, ...(tok(g, 'complete') ? { complete: true } : {}), title: this.string(tok(g, 'title')), range: this.nodeRange(g, nameTok) }] : [];
    });
    return { kind: 'GroupsBlock', groups, range: this.nodeRange(n, kw) };
  }

  // ---------------------------------------------------------------- facts

  factsBlock(n: CstNode): A.FactsBlock | undefined {
    const kw = tok(n, 'KwFacts');
    if (!kw) return undefined;
    const facts = subs(n, 'factDecl').map((f) => this.factDecl(f)).filter(defined);
    return { kind: 'FactsBlock', facts, range: this.nodeRange(n, kw) };
  }

  factDecl(n: CstNode): A.FactDecl | undefined {
    const nameTok = tok(n, 'name');
    const name = this.name(nameTok);
    const type = this.type(sub(n, 'type'));
    if (!nameTok || !name || !type) return undefined;
    const options = toks(n, 'option').map((t) => this.name(t)!);
    const plausibleRange = this.factRange(sub(n, 'factRange'));
    return { kind: 'FactDecl', name, type, plausibleRange, options, description: this.string(tok(n, 'description')), range: this.nodeRange(n, nameTok) };
  }

  /** A range with a bound missing (after a syntax error) is dropped: the error says why. */
  factRange(n: CstNode | undefined): A.FactRange | undefined {
    const kw = tok(n, 'KwRange');
    if (!n || !kw) return undefined;
    const low = this.rangeBound(sub(n, 'low'));
    const high = this.rangeBound(sub(n, 'high'));
    if (!low || !high) return undefined;
    return { kind: 'FactRange', low, high, range: this.range(kw.startOffset, high.range.end.offset) };
  }

  rangeBound(n: CstNode | undefined): A.RangeBound | undefined {
    if (!n) return undefined;
    const q = this.quantity(sub(n, 'quantity'));
    if (!q) return undefined;
    const minus = tok(n, 'Minus');
    return { kind: 'RangeBound', negative: minus !== undefined, quantity: q, range: this.range(minus ? minus.startOffset : q.range.start.offset, q.range.end.offset) };
  }

  type(n: CstNode | undefined): A.TypeNode | undefined {
    if (!n) return undefined;
    const prim = tok(n, 'primitive');
    if (prim) {
      return { kind: 'PrimitiveType', name: prim.image as A.PrimitiveType['name'], range: this.tokenRange(prim) };
    }
    const enumKw = tok(n, 'KwEnum');
    if (enumKw) {
      const members = toks(n, 'member').map((t) => this.name(t)!);
      if (members.length === 0) return undefined;
      return { kind: 'EnumType', members, range: this.nodeRange(n, enumKw) };
    }
    const qKw = tok(n, 'KwQuantity');
    if (qKw) {
      const unit = this.unit(tok(n, 'Unit'));
      if (!unit) return undefined;
      return { kind: 'QuantityType', unit, range: this.range(qKw.startOffset, unit.range.end.offset) };
    }
    const setKw = tok(n, 'KwSet');
    if (setKw) {
      const element = this.type(sub(n, 'element'));
      if (!element) return undefined;
      return { kind: 'SetType', element, range: this.range(setKw.startOffset, element.range.end.offset) };
    }
    return undefined;
  }

  // ---------------------------------------------------------------- value sets, definitions

  valueSet(n: CstNode): A.ValueSetDecl | undefined {
    const kw = tok(n, 'KwValueset');
    const name = this.name(tok(n, 'name'));
    if (!kw || !name) return undefined;
    const members = subs(n, 'member').map((m) => this.member(m)).filter(defined);
    return { kind: 'ValueSetDecl', name, title: this.string(tok(n, 'title')), members, range: this.nodeRange(n, kw) };
  }

  member(n: CstNode): A.ValueSetMember | undefined {
    const nameTok = tok(n, 'name');
    const name = this.name(nameTok);
    if (!nameTok || !name) return undefined;
    const systems = toks(n, 'system');
    const codeToks = toks(n, 'code');
    const codes: A.CodeRef[] = [];
    for (const sys of systems) {
      // Pair each system with the string that follows it.
      const code = codeToks.find((c) => c.startOffset > sys.startOffset);
      const next = systems.find((s) => s.startOffset > sys.startOffset);
      if (!code || (next && code.startOffset > next.startOffset)) continue;
      codes.push({
        kind: 'CodeRef',
        system: this.name(sys)!,
        code: this.string(code)!,
        range: this.range(sys.startOffset, endOf(code)),
      });
    }
    return { kind: 'ValueSetMember', name, codes, range: this.nodeRange(n, nameTok) };
  }

  define(n: CstNode): A.DefineDecl | undefined {
    const kw = tok(n, 'KwDefine');
    const name = this.name(tok(n, 'name'));
    const expr = this.expr(sub(n, 'expr'));
    if (!kw || !name || !expr) return undefined;
    const standard = tok(n, 'KwStandard') !== undefined;
    return { kind: 'DefineDecl', name, title: this.string(tok(n, 'title')), standard, expr, range: this.range(kw.startOffset, expr.range.end.offset) };
  }

  // ---------------------------------------------------------------- rules

  ruleName(n: CstNode | undefined): A.Name | undefined {
    return this.name(tok(n, 'id'));
  }

  rule(n: CstNode): A.RuleDecl | undefined {
    const kw = tok(n, 'KwRule');
    const id = this.ruleName(sub(n, 'ruleName'));
    if (!kw || !id) return undefined;
    const sources: A.StringLiteral[] = [];
    let strength: A.Name | undefined;
    const groups: A.Name[] = [];
    const overrides: A.Name[] = [];
    const overrideItems: A.OverrideItem[] = [];
    const tightens: A.TightenClause[] = [];
    let otherwise: A.OtherwiseClause | undefined;
    let when: A.Expr | undefined;
    let sawWhen = false;
    const unless: A.Expr[] = [];
    const actions: A.Action[] = [];
    for (const c of subs(n, 'ruleClause')) {
      if (tok(c, 'KwSource')) {
        sources.push(...toks(c, 'source').map((t) => this.string(t)!));
      } else if (tok(c, 'KwStrength')) {
        const s = this.strengthName(sub(c, 'strength'));
        if (s && strength) this.problem(`Rule ${id.value} already has a strength; a rule has one 'strength' clause`, s.range.start.offset, s.range.end.offset);
        else if (s) strength = s;
      } else if (tok(c, 'KwGroup')) {
        groups.push(...toks(c, 'group').map((t) => this.name(t)!));
      } else if (tok(c, 'KwOverrides')) {
        for (const item of subs(c, 'overrideItem').map((r) => this.overrideItem(r)).filter(defined)) {
          overrides.push(item.name);
          overrideItems.push(item);
        }
      } else if (tok(c, 'KwTightens')) {
        const t = this.tightenClause(tok(c, 'KwTightens')!, sub(c, 'tightenItem'));
        if (t) tightens.push(t);
      } else if (tok(c, 'KwOtherwise')) {
        const o = tok(c, 'KwOtherwise')!;
        const group = this.name(tok(c, 'otherwiseGroup'));
        const end = group ? group.range.end.offset : tok(c, 'KwIn') ? endOf(tok(c, 'KwIn')!) : endOf(o);
        if (otherwise) this.problem(`Rule ${id.value} already has an 'otherwise'; a rule has one 'otherwise' clause`, o.startOffset, end);
        else otherwise = { kind: 'OtherwiseClause', group, range: this.range(o.startOffset, end) };
      } else if (tok(c, 'KwWhen')) {
        const w = tok(c, 'KwWhen')!;
        if (sawWhen) {
          this.problem(`Rule ${id.value} already has a 'when'; join the conditions with 'and'`, w.startOffset, endOf(w));
        } else {
          sawWhen = true;
          when = this.expr(sub(c, 'expr'));
        }
      } else if (tok(c, 'KwUnless')) {
        const e = this.expr(sub(c, 'expr'));
        if (e) unless.push(e);
      } else if (tok(c, 'KwThen')) {
        const a = this.action(sub(c, 'action'));
        if (a) actions.push(a);
      }
    }
    return {
      kind: 'RuleDecl',
      id,
      title: this.string(tok(n, 'title')),
      sources,
      strength,
      groups,
      overrides,
      overrideItems,
      ...(tightens.length > 0 ? { tightens } : {}),
      ...(otherwise ? { otherwise } : {}),
      when,
      unless,
      actions,
      range: this.nodeRange(n, kw),
    };
  }

  overrideItem(n: CstNode): A.OverrideItem | undefined {
    const name = this.ruleName(sub(n, 'ruleName'));
    if (!name) return undefined;
    const actions = subs(n, 'overrideAction').flatMap((a): A.OverrideAction[] => {
      const verbToks = toks(a, 'verb');
      const verb = verbToks.length ? actionVerb(verbToks) : undefined;
      if (!verb) return [];
      const target = this.name(tok(a, 'target'));
      const first = verbToks[0]!;
      const end = target ? target.range.end.offset : endOf(verbToks[verbToks.length - 1]!);
      return [{ kind: 'OverrideAction', verb, target, range: this.range(first.startOffset, end) }];
    });
    const except = subs(n, 'except').map((r) => this.ruleName(r)).filter(defined);
    const start = actions[0]?.range.start.offset ?? name.range.start.offset;
    const last = except[except.length - 1] ?? name;
    const close = tok(n, 'RCurly');
    const end = close ? endOf(close) : last.range.end.offset;
    return { kind: 'OverrideItem', actions, name, except, range: this.range(start, end) };
  }

  /** `tightens monitor [T] of G [except …] (twice | N times) as often | to every Q [to Q]`; left out when incomplete (a parse error says why). */
  tightenClause(kw: IToken, n: CstNode | undefined): A.TightenClause | undefined {
    if (!n) return undefined;
    const verb = tok(n, 'verb');
    const name = this.ruleName(sub(n, 'ruleName'));
    if (!verb || !name) return undefined;
    const target = this.name(tok(n, 'target'));
    const selection: A.OverrideAction = { kind: 'OverrideAction', verb: 'monitor', target, range: this.range(verb.startOffset, target ? target.range.end.offset : endOf(verb)) };
    const except = subs(n, 'except').map((r) => this.ruleName(r)).filter(defined);
    const close = tok(n, 'RCurly');
    const itemEnd = close ? endOf(close) : (except[except.length - 1] ?? name).range.end.offset;
    const item: A.OverrideItem = { kind: 'OverrideItem', actions: [selection], name, except, range: this.range(verb.startOffset, itemEnd) };
    const factorTok = tok(n, 'factor');
    if (factorTok) {
      const often = tok(n, 'KwOften');
      if (!often) return undefined;
      const factor = { value: factorTok.image === 'twice' ? '2' : factorTok.image, text: factorTok.image, range: this.range(factorTok.startOffset, endOf(factorTok)) };
      return { kind: 'TightenClause', item, factor, range: this.range(kw.startOffset, endOf(often)) };
    }
    const every = this.quantity(sub(n, 'every'));
    const kwEvery = tok(n, 'KwEvery');
    if (!every || !kwEvery) return undefined;
    const everyHigh = this.quantity(sub(n, 'everyHigh'));
    if (toks(n, 'KwTo').length > 1 && !everyHigh) return undefined;
    const end = (everyHigh ?? every).range.end.offset;
    const phase: A.SchedulePhase = { kind: 'SchedulePhase', every, ...(everyHigh ? { everyHigh } : {}), bound: undefined, range: this.range(kwEvery.startOffset, end) };
    return { kind: 'TightenClause', item, every: phase, range: this.range(kw.startOffset, end) };
  }

  action(n: CstNode | undefined): A.Action | undefined {
    if (!n) return undefined;
    const verbToks = toks(n, 'verb');
    const first = verbToks[0];
    if (!first) return undefined;
    const last = verbToks[verbToks.length - 1]!;
    const verb = actionVerb(verbToks);
    if (!verb) return undefined;
    const verbRange = this.range(first.startOffset, endOf(last));
    const message = this.string(tok(sub(n, 'because'), 'message'));
    const targetNode = sub(n, 'target');
    const targetsClosed = !tok(targetNode, 'LCurly') || tok(targetNode, 'RCurly') !== undefined;
    const targets = targetsClosed ? toks(targetNode, 'name').map((t) => this.name(t)!) : [];
    const form = actionEntry(verb)!.form;
    if (form === 'because') {
      if (!message) return undefined;
    } else if (targets.length === 0) {
      return undefined;
    }
    let dose: A.DoseSpec | undefined;
    let schedule: A.Schedule | undefined;
    if (form === 'dose') {
      dose = this.doseSpec(sub(n, 'doseSpec'));
      if (!dose) return undefined;
    } else if (form === 'schedule') {
      schedule = this.schedule(sub(n, 'schedule'));
      if (!schedule) return undefined;
    }
    return {
      kind: 'Action',
      verb,
      verbRange,
      targets,
      permanent: tok(n, 'KwPermanently') !== undefined,
      dose,
      schedule,
      message,
      range: this.nodeRange(n, first),
    };
  }

  doseSpec(n: CstNode | undefined): A.DoseSpec | undefined {
    if (!n) return undefined;
    const tn = sub(n, 'titration');
    if (tn) return this.titration(tn);
    const low = this.additive(sub(n, 'low'));
    if (!low) return undefined;
    const toKw = tok(n, 'KwTo');
    const high = this.additive(sub(n, 'high'));
    if (toKw && !high) return undefined;
    const standard = tok(n, 'KwStandard');
    const roundedKw = tok(n, 'KwRounded');
    const rounding = this.quantity(sub(n, 'rounding'));
    if (roundedKw && !rounding) return undefined;
    const below = tok(n, 'KwBelow') !== undefined;
    const freqNode = sub(n, 'frequency');
    const frequency = freqNode ? this.frequency(freqNode) : undefined;
    if (freqNode && !frequency) return undefined;
    const end = standard ? endOf(standard) : (frequency ?? high ?? low).range.end.offset;
    return { kind: 'DoseSpec', low, high, ...(below ? { highExclusive: true } : {}), ...(frequency ? { frequency } : {}), ofStandard: standard !== undefined, rounding, range: this.range(low.range.start.offset, end) };
  }

  titration(n: CstNode): A.DoseSpec | undefined {
    const kw = tok(n, 'KwStart');
    const start = this.additive(sub(n, 'start'));
    const dir = tok(n, 'direction');
    const step = this.additive(sub(n, 'step'));
    const every = this.quantity(sub(n, 'every'));
    const limit = this.additive(sub(n, 'limit'));
    if (!kw || !start || !dir || !step || !every || !limit) return undefined;
    const range = this.range(kw.startOffset, limit.range.end.offset);
    const titration: A.Titration = { kind: 'Titration', direction: dir.image === 'decrease' ? 'decrease' : 'increase', step, every, range };
    return { kind: 'DoseSpec', low: start, high: limit, titration, ofStandard: false, rounding: undefined, range };
  }

  frequency(n: CstNode): A.DoseFrequency | undefined {
    const count = tok(n, 'count');
    const period = tok(n, 'period');
    if (!count || !period || (count.tokenType.name !== 'KwOnce' && count.tokenType.name !== 'KwTwice' && !tok(n, 'KwTimes'))) return undefined;
    return {
      kind: 'DoseFrequency',
      count: count.image,
      countRange: this.range(count.startOffset, endOf(count)),
      period: period.image === 'weekly' ? 'weekly' : 'daily',
      range: this.range(count.startOffset, endOf(period)),
    };
  }

  schedule(n: CstNode | undefined): A.Schedule | undefined {
    if (!n) return undefined;
    const phaseNodes = subs(n, 'phase');
    const phases: A.SchedulePhase[] = [];
    for (const p of phaseNodes) {
      const phase = this.phase(p);
      if (!phase) return undefined;
      phases.push(phase);
    }
    let window: A.ScheduleWindow | undefined;
    const after = tok(n, 'KwAfter');
    if (after) {
      const amount = this.quantity(sub(n, 'after'));
      if (!amount) return undefined;
      const amountHigh = this.quantity(sub(n, 'afterHigh'));
      if (tok(n, 'KwTo') && !amountHigh) return undefined;
      window = { kind: 'ScheduleWindow', amount, ...(amountHigh ? { amountHigh } : {}), range: this.range(after.startOffset, (amountHigh ?? amount).range.end.offset) };
    } else if (phases.length === 0) return undefined;
    const first: A.Node = window ?? phases[0]!;
    const last: A.Node = window ?? phases[phases.length - 1]!;
    const parts = window ? { phases: [], window } : { phases };
    if (tok(n, 'KwFrom')) {
      // `from` without its fact is a parse error already; the schedule is then left out whole.
      const name = this.name(tok(n, 'anchor'));
      if (!name) return undefined;
      const anchor: A.NameRef = { kind: 'NameRef', name, range: name.range };
      return { kind: 'Schedule', ...parts, anchor, range: this.join(first, anchor) };
    }
    return { kind: 'Schedule', ...parts, range: this.join(first, last) };
  }

  phase(n: CstNode): A.SchedulePhase | undefined {
    const kw = tok(n, 'KwEvery');
    const every = this.quantity(sub(n, 'every'));
    if (!kw || !every) return undefined;
    const everyHigh = this.quantity(sub(n, 'everyHigh'));
    const tos = toks(n, 'KwTo');
    if (tos.length > 0 && !everyHigh && !sub(n, 'amountHigh')) return undefined;
    const boundTok = tok(n, 'bound');
    let bound: A.SchedulePhase['bound'];
    let end = (everyHigh ?? every).range.end.offset;
    if (boundTok) {
      const amount = this.quantity(sub(n, 'amount'));
      if (!amount) return undefined;
      const amountHigh = this.quantity(sub(n, 'amountHigh'));
      if (tos.length > (everyHigh ? 1 : 0) && !amountHigh) return undefined;
      bound = { kind: boundTok.image === 'until' ? 'until' : 'for', amount, ...(amountHigh ? { amountHigh } : {}) };
      end = (amountHigh ?? amount).range.end.offset;
    }
    return { kind: 'SchedulePhase', every, ...(everyHigh ? { everyHigh } : {}), bound, range: this.range(kw.startOffset, end) };
  }

  // ---------------------------------------------------------------- protocols

  protocol(n: CstNode): A.ProtocolDecl | undefined {
    const kw = tok(n, 'KwProtocol');
    const id = this.ruleName(sub(n, 'ruleName'));
    if (!kw || !id) return undefined;
    const sources: A.StringLiteral[] = [];
    let strength: A.Name | undefined;
    let drug: A.Name | undefined;
    let target: A.ProtocolTarget | undefined;
    const steps: A.ProtocolStep[] = [];
    const once = (what: string, at: IToken): void =>
      this.problem(`Protocol ${id.value} already has a '${what}' clause`, at.startOffset, endOf(at));
    for (const c of subs(n, 'protocolClause')) {
      if (tok(c, 'KwSource')) {
        sources.push(...toks(c, 'source').map((t) => this.string(t)!));
      } else if (tok(c, 'KwStrength')) {
        const s = this.strengthName(sub(c, 'strength'));
        if (s && strength) once('strength', tok(c, 'KwStrength')!);
        else if (s) strength = s;
      } else if (tok(c, 'KwDrug')) {
        const d = this.name(tok(c, 'drug'));
        if (d && drug) once('drug', tok(c, 'KwDrug')!);
        else if (d) drug = d;
      } else if (tok(c, 'KwTarget')) {
        const t = tok(c, 'KwTarget')!;
        const dose = this.quantity(sub(c, 'dose'));
        const duration = this.quantity(sub(c, 'duration'));
        if (dose && duration) {
          if (target) once('target', t);
          else target = { kind: 'ProtocolTarget', dose, duration, range: this.range(t.startOffset, duration.range.end.offset) };
        }
      } else if (tok(c, 'KwStep')) {
        const s = tok(c, 'KwStep')!;
        const dose = this.quantity(sub(c, 'dose'));
        const observe = this.quantity(sub(c, 'observe'));
        if (dose && observe) steps.push({ kind: 'ProtocolStep', dose, observe, range: this.range(s.startOffset, observe.range.end.offset) });
      }
    }
    return {
      kind: 'ProtocolDecl',
      id,
      title: this.string(tok(n, 'title')),
      sources,
      strength,
      drug,
      target,
      steps,
      range: this.nodeRange(n, kw),
    };
  }

  // ---------------------------------------------------------------- decision tables

  table(n: CstNode): A.TableDecl | undefined {
    const kw = tok(n, 'KwTable');
    const id = this.ruleName(sub(n, 'ruleName'));
    const headerNode = sub(n, 'tableHeader');
    if (!kw || !id || !headerNode) return undefined;
    const sources: A.StringLiteral[] = [];
    let strength: A.Name | undefined;
    const groups: A.Name[] = [];
    let hit: A.Name | undefined;
    let when: A.Expr | undefined;
    const once = (what: string, at: IToken): void => this.problem(`Table ${id.value} already has a '${what}' clause`, at.startOffset, endOf(at));
    for (const c of subs(n, 'tableClause')) {
      if (tok(c, 'KwSource')) sources.push(...toks(c, 'source').map((t) => this.string(t)!));
      else if (tok(c, 'KwStrength')) {
        const s = this.strengthName(sub(c, 'strength'));
        if (s && strength) once('strength', tok(c, 'KwStrength')!);
        else if (s) strength = s;
      } else if (tok(c, 'KwGroup')) groups.push(...toks(c, 'group').map((t) => this.name(t)!));
      else if (tok(c, 'KwHit')) {
        const h = this.name(tok(c, 'hit'));
        if (h && hit) once('hit', tok(c, 'KwHit')!);
        else if (h) hit = h;
      } else if (tok(c, 'KwWhen')) {
        if (when) once('when', tok(c, 'KwWhen')!);
        else when = this.expr(sub(c, 'expr'));
      }
    }
    // A column lost to a syntax error would shift every cell after it: no table then.
    const columnNodes = subs(headerNode, 'column');
    const columns = columnNodes.map((c) => this.additive(c));
    if (columns.length === 0 || !columns.every(defined) || !tok(headerNode, 'KwThen')) return undefined;
    const rows = subs(n, 'tableRow').map((r) => this.tableRow(r)).filter(defined);
    return {
      kind: 'TableDecl',
      id,
      title: this.string(tok(n, 'title')),
      sources,
      strength,
      groups,
      hit,
      when,
      columns: columns as A.Expr[],
      header: this.nodeRange(headerNode, kw),
      rows,
      range: this.nodeRange(n, kw),
    };
  }

  /** A row whose cells or actions did not all parse is dropped: a partial row would mean another row. */
  tableRow(n: CstNode): A.TableRow | undefined {
    const pipes = toks(n, 'Pipe');
    const last = tok(n, 'lastPipe');
    if (pipes.length === 0 || !last) return undefined;
    const cellNodes = subs(n, 'cell');
    const cells = cellNodes.map((c) => this.cell(c));
    if (!cells.every(defined)) return undefined;
    const actionNodes = subs(n, 'action');
    const actions = actionNodes.map((a) => this.action(a));
    if (actions.length === 0 || !actions.every(defined)) return undefined;
    const sources = toks(n, 'source').map((t) => this.string(t)!);
    const strengths = subs(n, 'strength').map((s) => this.strengthName(s)).filter(defined);
    if (strengths.length > 1) this.problem('A row has one strength', strengths[1]!.range.start.offset, strengths[1]!.range.end.offset);
    return {
      kind: 'TableRow',
      cells: cells as A.TableCell[],
      cellsRange: this.range(pipes[0]!.startOffset, endOf(last)),
      actions: actions as A.Action[],
      sources,
      strength: strengths[0],
      range: this.nodeRange(n, pipes[0]!),
    };
  }

  cell(n: CstNode): A.TableCell | undefined {
    const any = tok(n, 'any');
    if (any) return { kind: 'TableCell', tests: [], range: this.tokenRange(any) };
    const testNodes = subs(n, 'cellTest');
    const tests = testNodes.map((t) => this.cellTest(t));
    if (tests.length === 0 || !tests.every(defined)) return undefined;
    const list = tests as A.CellTest[];
    return { kind: 'TableCell', tests: list, range: this.join(list[0]!, list[list.length - 1]!) };
  }

  cellTest(n: CstNode): A.CellTest | undefined {
    const vl = sub(n, 'valueList');
    if (vl) {
      const values = this.valueList(vl);
      if (!values) return undefined;
      const includes = tok(n, 'KwIncludes');
      if (includes) return { kind: 'CellIncludes', values, range: this.range(includes.startOffset, values.range.end.offset) };
      const not = tok(n, 'KwNot');
      return { kind: 'CellIn', negated: not !== undefined, values, range: this.range((not ?? { startOffset: values.range.start.offset }).startOffset, values.range.end.offset) };
    }
    const cmp = sub(n, 'compareOp');
    if (cmp) {
      const opTok = tok(cmp, 'op');
      const value = this.additive(sub(n, 'value'));
      const op = opTok ? comparisonOps[opTok.tokenType.name] : undefined;
      if (!opTok || !value || !op) return undefined;
      return { kind: 'CellCompare', op, opRange: this.tokenRange(opTok), value, range: this.range(opTok.startOffset, value.range.end.offset) };
    }
    const low = this.quantity(sub(n, 'low'));
    if (low) {
      const high = this.quantity(sub(n, 'high'));
      if (!high || !tok(n, 'KwTo')) return undefined;
      return { kind: 'CellRange', low, high, range: this.join(low, high) };
    }
    const b = tok(n, 'boolean');
    if (b) {
      const value: A.BooleanLiteral = { kind: 'BooleanLiteral', value: b.image === 'true', range: this.tokenRange(b) };
      return { kind: 'CellCompare', op: '=', opRange: undefined, value, range: value.range };
    }
    const p = tok(n, 'presence');
    if (p) return { kind: 'CellPresence', missing: p.image === 'missing', range: this.tokenRange(p) };
    return undefined;
  }

  // ---------------------------------------------------------------- expressions
  // A missing operand anywhere makes the whole expression undefined: a half
  // expression would mean something the author did not write.

  expr(n: CstNode | undefined): A.Expr | undefined {
    return this.logical(sub(n, 'orExpr'), 'or');
  }

  /** orExpr and andExpr: operands folded to the left. */
  logical(n: CstNode | undefined, op: 'and' | 'or'): A.Expr | undefined {
    if (!n) return undefined;
    const operands = subs(n, 'operand');
    const opToks = toks(n, op === 'or' ? 'KwOr' : 'KwAnd');
    if (operands.length === 0 || opToks.length !== operands.length - 1) return undefined;
    let result: A.Expr | undefined;
    for (const o of operands) {
      const e = op === 'or' ? this.logical(o, 'and') : this.notExpr(o);
      if (!e) return undefined;
      result = result ? { kind: 'LogicalExpr', op, left: result, right: e, range: this.join(result, e) } : e;
    }
    return result;
  }

  notExpr(n: CstNode | undefined): A.Expr | undefined {
    // `not not … x` nests by recursion in the grammar; unwind it with a loop.
    const nots: IToken[] = [];
    let cur = n;
    while (cur) {
      const kw = tok(cur, 'KwNot');
      if (!kw) break;
      nots.push(kw);
      cur = sub(cur, 'operand');
      if (!cur) return undefined;
    }
    if (!cur) return undefined;
    let e = this.predicate(sub(cur, 'predicate'));
    if (!e) return undefined;
    for (let i = nots.length - 1; i >= 0; i--) {
      e = { kind: 'NotExpr', operand: e, range: this.range(nots[i]!.startOffset, e.range.end.offset) };
    }
    return e;
  }

  predicate(n: CstNode | undefined): A.Expr | undefined {
    if (!n) return undefined;
    const subject = this.additive(sub(n, 'subject'));
    if (!subject) return undefined;
    const cmp = sub(n, 'compareOp');
    if (cmp) {
      const opTok = tok(cmp, 'op');
      const right = this.additive(sub(n, 'right'));
      if (!opTok || !right) return undefined;
      const op = comparisonOps[opTok.tokenType.name];
      if (!op) return undefined;
      return { kind: 'CompareExpr', op, opRange: this.tokenRange(opTok), left: subject, right, range: this.join(subject, right) };
    }
    if (tok(n, 'KwIn')) {
      const values = this.valueList(sub(n, 'valueList'));
      if (!values) return undefined;
      return { kind: 'InExpr', subject, negated: tok(n, 'KwNot') !== undefined, values, range: this.join(subject, values) };
    }
    if (tok(n, 'KwIs')) {
      const p = tok(n, 'presence');
      if (!p) return undefined;
      return { kind: 'PresenceExpr', subject, missing: p.image === 'missing', range: this.range(subject.range.start.offset, endOf(p)) };
    }
    if (tok(n, 'KwIncludes')) {
      const values = this.valueList(sub(n, 'valueList'));
      if (!values) return undefined;
      return { kind: 'IncludesExpr', subject, values, range: this.join(subject, values) };
    }
    const elapsed = tok(n, 'elapsed');
    if (elapsed) {
      const amount = this.quantity(sub(n, 'amount'));
      if (!amount) return undefined;
      if (elapsed.image === 'within') {
        return { kind: 'ElapsedExpr', subject, op: 'within', amount, range: this.join(subject, amount) };
      }
      const ago = tok(n, 'KwAgo');
      if (!tok(n, 'KwThan') || !ago) return undefined;
      return {
        kind: 'ElapsedExpr',
        subject,
        op: elapsed.image === 'more' ? 'more' : 'less',
        amount,
        range: this.range(subject.range.start.offset, endOf(ago)),
      };
    }
    // An operator keyword was consumed but its alternative came to nothing.
    if (tok(n, 'KwNot') || tok(n, 'KwThan') || tok(n, 'KwAgo')) return undefined;
    return subject;
  }

  valueList(n: CstNode | undefined): A.ValueList | undefined {
    if (!n) return undefined;
    const items = toks(n, 'item').map((t) => this.name(t)!);
    if (items.length === 0) return undefined;
    const open = tok(n, 'LCurly');
    if (open) {
      // Without its `}` the list may have been cut short: drop it rather than guess.
      const close = tok(n, 'RCurly');
      if (!close) return undefined;
      return { kind: 'ValueList', items, braced: true, range: this.range(open.startOffset, endOf(close)) };
    }
    return { kind: 'ValueList', items, braced: false, range: items[0]!.range };
  }

  /** additive and multiplicative: operands folded to the left. */
  binary(n: CstNode | undefined, next: (c: CstNode) => A.Expr | undefined): A.Expr | undefined {
    if (!n) return undefined;
    const operands = subs(n, 'operand');
    const ops = toks(n, 'op');
    if (operands.length === 0 || ops.length !== operands.length - 1) return undefined;
    let result: A.Expr | undefined;
    for (let i = 0; i < operands.length; i++) {
      const e = next(operands[i]!);
      if (!e) return undefined;
      if (!result) {
        result = e;
        continue;
      }
      const op = arithmeticOps[ops[i - 1]!.tokenType.name];
      if (!op) return undefined;
      result = { kind: 'ArithmeticExpr', op, left: result, right: e, range: this.join(result, e) };
    }
    return result;
  }

  additive(n: CstNode | undefined): A.Expr | undefined {
    return this.binary(n, (c) => this.binary(c, (u) => this.unary(u)));
  }

  unary(n: CstNode | undefined): A.Expr | undefined {
    const minuses: IToken[] = [];
    let cur = n;
    while (cur) {
      const m = tok(cur, 'Minus');
      if (!m) break;
      minuses.push(m);
      cur = sub(cur, 'operand');
      if (!cur) return undefined;
    }
    if (!cur) return undefined;
    let e = this.primary(sub(cur, 'primary'));
    if (!e) return undefined;
    for (let i = minuses.length - 1; i >= 0; i--) {
      e = { kind: 'NegateExpr', operand: e, range: this.range(minuses[i]!.startOffset, e.range.end.offset) };
    }
    return e;
  }

  primary(n: CstNode | undefined): A.Expr | undefined {
    if (!n) return undefined;
    const q = sub(n, 'quantity');
    if (q) return this.quantity(q);
    const s = tok(n, 'string');
    if (s) return this.string(s);
    const b = tok(n, 'boolean');
    if (b) return { kind: 'BooleanLiteral', value: b.image === 'true', range: this.tokenRange(b) };
    const ctx = tok(n, 'context');
    if (ctx) return { kind: 'ContextRef', which: ctx.image === 'uln' ? 'uln' : 'baseline', range: this.tokenRange(ctx) };
    const nameTok = tok(n, 'name');
    if (nameTok) {
      const name = this.name(nameTok)!;
      if (tok(n, 'Dot')) {
        const member = tok(n, 'member');
        if (!member) return undefined;
        return { kind: 'MemberRef', object: name, member: member.image === 'uln' ? 'uln' : 'baseline', range: this.range(nameTok.startOffset, endOf(member)) };
      }
      return { kind: 'NameRef', name, range: name.range };
    }
    const open = tok(n, 'LParen');
    if (open) {
      const inner = this.expr(sub(n, 'expr'));
      if (!inner) return undefined;
      const close = tok(n, 'RParen');
      if (!close) return undefined;
      return { kind: 'ParenExpr', expr: inner, range: this.range(open.startOffset, endOf(close)) };
    }
    return undefined;
  }

  quantity(n: CstNode | undefined): A.QuantityLiteral | undefined {
    const v = tok(n, 'value');
    if (!v) return undefined;
    const unit = this.unit(tok(n, 'Unit'));
    return { kind: 'QuantityLiteral', value: v.image, unit, range: this.range(v.startOffset, unit ? unit.range.end.offset : endOf(v)) };
  }
}

/** Builds the Document for a `file` CST (undefined when parsing failed outright). */
export function buildDocument(cst: CstNode | undefined, source: SourceText, comments: readonly IToken[]): BuildResult {
  const b = new Builder(source);
  const document = b.document(cst, source.uri, comments);
  return { document, problems: b.problems };
}

// Layer 1: what changed in the text, declaration by declaration. Every file is first put
// in canonical layout (the formatter), so a change of layout or comments is no change;
// declarations are matched by id (a rule, protocol, definition, fact or value set that
// disappears under one id and reappears unchanged under another is a rename); a changed
// rule is split into its parts, each shown as a word-level diff of its canonical text.
import { actionLabel } from '@vigil/runtime';
import { parseDocument, tableRules, type Action, type Declaration, type OverrideItem, type RuleDecl } from '@vigil/core';
import { format } from '@vigil/formatter';
import { wordDiff, type WordSegment } from './words.js';

export type DeclarationKind = 'rule' | 'definition' | 'fact' | 'valueset' | 'group' | 'protocol';

export type RulePart = 'title' | 'condition' | 'exception' | 'group' | 'otherwise' | 'overrides' | 'tightens' | 'action' | 'dose' | 'schedule' | 'message' | 'source' | 'strength';

/** Parts whose change can change a decision; the others are evidence and wording. */
export const BEHAVIOURAL_PARTS: ReadonlySet<RulePart> = new Set(['condition', 'exception', 'group', 'otherwise', 'overrides', 'tightens', 'action', 'dose', 'schedule']);

export interface PartChange {
  readonly part: RulePart | 'body';
  readonly before: string;
  readonly after: string;
  readonly words: readonly WordSegment[];
}

export interface StructuralChange {
  readonly kind: DeclarationKind;
  readonly change: 'added' | 'removed' | 'renamed' | 'changed';
  /** The id or name (for a rename: the new one). */
  readonly id: string;
  /** For a rename: the old id. */
  readonly from?: string;
  /** For `changed` (and a rename with edits): the parts that differ. */
  readonly parts: readonly PartChange[];
  /** Only evidence or wording parts changed (title, message, source, strength). */
  readonly evidenceOnly: boolean;
  /** Rules: the text changed but the meaning did not (same condition and actions once units are resolved and definitions expanded). Set by the diff. */
  readonly sameMeaning?: boolean;
  /** Canonical text of the declaration (after; before for a removal). */
  readonly text: string;
}

interface Decl {
  readonly kind: DeclarationKind;
  readonly id: string;
  readonly text: string;
  readonly parts: ReadonlyMap<string, string>;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

function stripComments(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      out += s.slice(i, j + 1);
      i = j + 1;
    } else if (s.startsWith('//', i)) {
      while (i < s.length && s[i] !== '\n') i++;
    } else if (s.startsWith('/*', i)) {
      const j = s.indexOf('*/', i + 2);
      i = j < 0 ? s.length : j + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function declarationsOf(uri: string, raw: string): Decl[] {
  const text = format(raw, uri) ?? raw;
  const parsed = parseDocument(text, uri);
  const slice = (n: { range: { start: { offset: number }; end: { offset: number } } } | undefined) =>
    n ? norm(stripComments(text.slice(n.range.start.offset, n.range.end.offset))) : '';
  const out: Decl[] = [];
  const push = (kind: DeclarationKind, id: string, node: Declaration | { range: Declaration['range'] }, parts: Record<string, string>) =>
    out.push({ kind, id, text: slice(node), parts: new Map(Object.entries(parts)) });
  for (const d of parsed.document.declarations) {
    switch (d.kind) {
      case 'FactsBlock':
        for (const f of d.facts) push('fact', f.name.value, f, { body: slice(f).replace(/^\S+\s*:\s*/, '') });
        break;
      case 'ValueSetDecl':
        push('valueset', d.name.value, d, { body: slice(d).replace(/^valueset\s+\S+\s*/, '') });
        break;
      case 'GroupsBlock':
        // A group's members are the rules that join it: their `group` parts show a change.
        for (const g of d.groups) push('group', g.name.value, g, { title: g.title?.value ?? '' });
        break;
      case 'DefineDecl':
        push('definition', d.name.value, d, { body: slice(d).replace(/^define\s+\S+\s*/, '') });
        break;
      case 'ProtocolDecl':
        push('protocol', d.id.value, d, { body: slice(d).replace(/^protocol\s+\S+\s*/, '') });
        break;
      case 'RuleDecl':
        push('rule', d.id.value, d, ruleParts(d, slice));
        break;
      case 'TableDecl': {
        // Each row is the rule TABLE.rowN: its condition reads as the row's cells on their columns.
        const rules = tableRules(d);
        d.rows.forEach((row, i) => {
          const cellText = (c: (typeof row.cells)[number]) => {
            const t = c.tests[0]!;
            if (c.tests.length > 1 || t.kind !== 'CellIn') return slice(c);
            const single = !t.values.braced && t.values.items.length === 1;
            return `${t.negated ? (single ? '!=' : 'not in') : single ? '=' : 'in'} ${slice(t.values)}`;
          };
          const cells = row.cells.flatMap((c, j) => (c.tests.length > 0 && d.columns[j] ? [`${slice(d.columns[j])} ${cellText(c)}`] : []));
          const condition = [...(d.when ? [slice(d.when)] : []), ...cells].join(' and ');
          push('rule', rules[i]!.id.value, row, { ...ruleParts(rules[i]!, slice), condition });
        });
        break;
      }
    }
  }
  return out;
}

function ruleParts(d: RuleDecl, slice: (n: Action | RuleDecl['unless'][number] | undefined) => string): Record<RulePart, string> {
  const actionText = (a: Action) => [actionLabel(a.verb), a.targets.length > 1 ? `{ ${a.targets.map((t) => t.value).join(', ')} }` : (a.targets[0]?.value ?? ''), a.permanent ? 'permanently' : ''].filter((s) => s !== '').join(' ');
  const doseText = (a: Action) => {
    if (!a.dose) return '';
    const low = slice(a.dose.low);
    const high = a.dose.high ? `${a.dose.highExclusive ? ' to below ' : ' to '}${slice(a.dose.high)}` : '';
    if (a.dose.titration) return `${actionText(a)} ${slice(a.dose.titration as unknown as Action)}`;
    const frequency = a.dose.frequency ? ` ${slice(a.dose.frequency as unknown as Action)}` : '';
    return `${actionText(a)} ${low}${high}${frequency}${a.dose.ofStandard ? ' of standard' : ''}`;
  };
  return {
    title: d.title?.value ?? '',
    condition: slice(d.when),
    exception: d.unless.map((u) => slice(u)).join(' ; '),
    group: d.groups.map((g) => g.value).join(', '),
    otherwise: d.otherwise ? `otherwise${d.otherwise.group ? ` in ${d.otherwise.group.value}` : ''}` : '',
    overrides: d.overrideItems.map(overrideText).join(', '),
    tightens: (d.tightens ?? []).map((t) => slice(t as never)).join(' ; '),
    action: d.actions.map(actionText).join(' ; '),
    dose: d.actions.map(doseText).filter((s) => s !== '').join(' ; '),
    schedule: d.actions.filter((a) => a.schedule).map((a) => `${actionText(a)} ${slice(a.schedule as never)}`).join(' ; '),
    message: d.actions.map((a) => (a.message ? `"${a.message.value}"` : '')).filter((s) => s !== '').join(' ; '),
    source: d.sources.map((s) => `"${s.value}"`).join(', '),
    strength: d.strength?.value ?? '',
  };
}

const PART_ORDER: readonly RulePart[] = ['condition', 'exception', 'group', 'otherwise', 'overrides', 'tightens', 'action', 'dose', 'schedule', 'title', 'message', 'source', 'strength'];
const KIND_ORDER: readonly DeclarationKind[] = ['fact', 'valueset', 'definition', 'group', 'rule', 'protocol'];

function partChanges(a: Decl, b: Decl): PartChange[] {
  const out: PartChange[] = [];
  const names = a.kind === 'rule' ? PART_ORDER : ['body'];
  for (const part of names) {
    const before = a.parts.get(part) ?? '';
    const after = b.parts.get(part) ?? '';
    if (before !== after) out.push({ part: part as PartChange['part'], before, after, words: wordDiff(before, after) });
  }
  return out;
}

/** Declarations added, removed, renamed or changed between two rule sets (texts by uri). */
export function structuralDiff(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): StructuralChange[] {
  const collect = (texts: ReadonlyMap<string, string>) => {
    const m = new Map<string, Decl>();
    for (const [uri, text] of [...texts].sort((x, y) => (x[0] < y[0] ? -1 : 1))) for (const d of declarationsOf(uri, text)) if (!m.has(`${d.kind}:${d.id}`)) m.set(`${d.kind}:${d.id}`, d);
    return m;
  };
  const olds = collect(before);
  const news = collect(after);
  const changes: StructuralChange[] = [];
  const removed: Decl[] = [];
  const added: Decl[] = [];
  for (const [key, a] of olds) {
    const b = news.get(key);
    if (!b) {
      removed.push(a);
      continue;
    }
    const parts = partChanges(a, b);
    if (parts.length > 0) changes.push({ kind: a.kind, change: 'changed', id: a.id, parts, evidenceOnly: evidenceOnly(a.kind, parts), text: b.text });
  }
  for (const [key, b] of news) if (!olds.has(key)) added.push(b);
  // A rename: same kind, same parts, another id.
  const bodyKey = (d: Decl) => `${d.kind}\u0000${[...d.parts].map(([k, v]) => `${k}=${v}`).join('\u0000')}`;
  const addedByBody = new Map<string, Decl[]>();
  for (const b of added) {
    const k = bodyKey(b);
    addedByBody.set(k, [...(addedByBody.get(k) ?? []), b]);
  }
  const renamedTo = new Set<Decl>();
  for (const a of removed) {
    const candidates = addedByBody.get(bodyKey(a));
    const b = candidates?.find((c) => !renamedTo.has(c));
    if (b) {
      renamedTo.add(b);
      changes.push({ kind: a.kind, change: 'renamed', id: b.id, from: a.id, parts: [], evidenceOnly: false, text: b.text });
    } else changes.push({ kind: a.kind, change: 'removed', id: a.id, parts: [], evidenceOnly: false, text: a.text });
  }
  for (const b of added) if (!renamedTo.has(b)) changes.push({ kind: b.kind, change: 'added', id: b.id, parts: [], evidenceOnly: false, text: b.text });
  const changeOrder = ['removed', 'added', 'renamed', 'changed'];
  return changes.sort((x, y) => KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) || changeOrder.indexOf(x.change) - changeOrder.indexOf(y.change) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

function evidenceOnly(kind: DeclarationKind, parts: readonly PartChange[]): boolean {
  // A group's title is wording; what the group means is its members, which their rules' `group` parts show.
  if (kind === 'group') return true;
  if (kind !== 'rule') {
    // A fact's description, a definition's or value set's title: wording only.
    return parts.every((p) => p.part === 'body' && norm(p.before.replace(/"(?:[^"\\]|\\.)*"/g, '""')) === norm(p.after.replace(/"(?:[^"\\]|\\.)*"/g, '""')));
  }
  return parts.every((p) => p.part !== 'body' && !BEHAVIOURAL_PARTS.has(p.part));
}

/** An `overrides` item as written, canonically: `dose azathioprine, recommend of G except { A, B }`. */
function overrideText(o: OverrideItem): string {
  const actions = o.actions.map((a) => actionLabel(a.verb) + (a.target ? ` ${a.target.value}` : '')).join(', ');
  const except = o.except.length === 0 ? '' : ` except ${o.except.length === 1 ? o.except[0]!.value : `{ ${o.except.map((e) => e.value).join(', ')} }`}`;
  return `${actions ? `${actions} of ` : ''}${o.name.value}${except}`;
}

// Hover: what a name declares, what a keyword, unit, strength or source string means.
import { ACTIONS, ACTION_RANK, STRENGTHS as STRENGTH_TABLE, STRENGTH_NAMES, parseRowId, parseUnit } from '@vigil/core';
import { Keyword, decodeString, describeType, groupMembers, otherwiseGroup, tightenClauses, tightenTargets, otherwiseSiblings, tokenIs } from '@vigil/core/services';
import type { IToken } from 'chevrotain';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { offsetRange, pathToUri, toLspRange } from '../convert.js';
import { findSourceDocument, firstLine } from '../source-documents.js';
import type { SymbolInfo } from '../symbols.js';
import type { Snapshot, Workspace } from '../workspace.js';
import { isCurrent, symbolAt } from './locate.js';
import { enumValuesOf, tokenName } from './model-names.js';

function md(lines: (string | undefined | false)[]): string {
  return lines.filter((l): l is string => typeof l === 'string').join('\n');
}

function sourceSlice(snapshot: Snapshot, path: string, range: { start: { offset: number }; end: { offset: number } }, max = 600): string {
  const s = snapshot.result.sources.get(path);
  if (!s) return '';
  const text = s.text.slice(range.start.offset, range.end.offset);
  return text.length > max ? `${text.slice(0, max)} …` : text;
}

function describeSymbol(snapshot: Snapshot, info: SymbolInfo): string {
  const model = snapshot.result.model;
  const block = (code: string) => ['```vigil', code, '```'];
  switch (info.kind) {
    case 'fact': {
      const f = model.facts.get(info.name);
      if (!f) return info.name;
      const t = f.type;
      const unit = t.kind === 'quantity' ? t.unit : undefined;
      return md([
        ...block(sourceSlice(snapshot, info.path, f.decl.range)),
        f.decl.description ? `\n${f.decl.description.value}` : undefined,
        `\n**fact** · ${describeType(t)}`,
        unit ? `\nUnit \`${unit.code}\`: ${unit.name}` : undefined,
        f.baseline ? `\nHas a baseline: \`${f.name}.baseline\` (the patient's own reference value)` : undefined,
        f.uln ? `\nHas an upper limit of normal: \`${f.name}.uln\`` : undefined,
        '\nMay be missing: a rule that depends on it is then not evaluable.',
      ]);
    }
    case 'definition': {
      const d = model.definitions.get(info.name);
      if (!d) return info.name;
      let type = '';
      try {
        type = describeType(model.typeOf(d.decl.expr));
      } catch {
        type = 'unknown';
      }
      return md([...block(sourceSlice(snapshot, info.path, d.decl.range)), `\n**definition** · ${type}`]);
    }
    case 'valueset': {
      const v = model.valueSets.get(info.name);
      if (!v) return info.name;
      const members = v.decl.members.map((m) => `- \`${m.name.value}\`${m.codes.length ? ' — ' + m.codes.map((c) => `${c.system.value} ${c.code.value}`).join(', ') : ''}`);
      return md([`**value set** \`${v.name}\`${v.decl.title ? ` — ${v.decl.title.value}` : ''}`, '', `${v.decl.members.length} member${v.decl.members.length === 1 ? '' : 's'}:`, ...members.slice(0, 40), members.length > 40 ? `- … ${members.length - 40} more` : undefined]);
    }
    case 'member': {
      const list = model.members.get(info.name) ?? [];
      return md([
        `**value-set member** \`${info.name}\``,
        ...list.map((m) => `\n- in \`${m.valueSet.name}\`${m.member.codes.length ? ': ' + m.member.codes.map((c) => `${c.system.value} ${c.code.value}`).join(', ') : ''}`),
      ]);
    }
    case 'enum': {
      const values = enumValuesOf(snapshot, info.owner);
      return md([`**enum value** \`${info.name}\` of fact \`${info.owner}\``, '', `Values: ${values.map((v) => `\`${v}\``).join(', ')}`]);
    }
    case 'group': {
      const g = model.groups.get(info.name);
      if (!g) return info.name;
      const members = groupMembers(model).get(g.name) ?? [];
      const by = [...model.rules.values()].filter((r) => r.decl.kind === 'RuleDecl' && r.decl.overrides.some((o) => o.value === g.name)).map((r) => `\`${r.name}\``);
      return md([
        `**group** \`${g.name}\`${g.decl.title ? ` — ${g.decl.title.value}` : ''}`,
        '',
        members.length ? `${members.length} rule${members.length === 1 ? '' : 's'}: ${members.map((m) => `\`${m}\``).join(', ')}` : 'No rule joins it yet (`group ' + g.name + '`).',
        by.length ? `\nOverridden by ${by.join(', ')}` : undefined,
        otherwiseOf(model, g.name) ? `\nOtherwise: \`${otherwiseOf(model, g.name)}\` fires when no other rule of the group does` : g.decl.complete ? '\nDeclared complete: the checker reports patients no rule of the group decides' : undefined,
      ]);
    }
    case 'rule':
    case 'protocol': {
      const r = model.rules.get(info.name);
      if (!r) return info.name;
      const d = r.decl;
      const lines: (string | undefined)[] = [`**${info.kind}** \`${d.id.value}\`${d.title ? ` — ${d.title.value}` : ''}`, ''];
      if (d.sources.length) lines.push(`Source: ${d.sources.map((s) => `\`${s.value}\``).join(', ')}`, '');
      if (d.strength) lines.push(`Strength: **${d.strength.value}**`, '');
      if (d.kind === 'RuleDecl') {
        if (d.groups.length) lines.push(`Groups: ${d.groups.map((g) => `\`${g.value}\``).join(', ')}`, '');
        if (d.otherwise) {
          const siblings = otherwiseSiblings(model, d);
          lines.push(`Otherwise: fires only when none of ${siblings.length ? siblings.map((id) => `\`${id}\``).join(', ') : 'the other rules of its group'} fires (an unknown one leaves it not evaluable)`, '');
        }
        if (d.overrideItems.length) lines.push(`Overrides: ${d.overrideItems.map((o) => `\`${sourceSlice(snapshot, info.path, o.range, 200)}\``).join(', ')}`, '');
        if (d.tightens?.length) lines.push(`Tightens: ${d.tightens.map((t) => `\`${sourceSlice(snapshot, info.path, t.range, 200)}\``).join(', ')}`, '');
        const tightenedBy = tightenClauses(model).filter((c) => tightenTargets(model, c.rule.id.value, c.clause).some((t) => t.rule === d.id.value));
        if (tightenedBy.length) lines.push(`Monitoring tightened by: ${[...new Set(tightenedBy.map((c) => c.rule.id.value))].map((id) => `\`${id}\``).join(', ')} (when they fire)`, '');
        const row = parseRowId(d.id.value);
        // A table row: its line as written (its condition is its cells under the header).
        if (row) lines.push(`Row ${row.index + 1} of table \`${row.table}\``, '', '```vigil', sourceSlice(snapshot, info.path, d.range, 300), '```');
        else if (d.when) lines.push('```vigil', `when ${sourceSlice(snapshot, info.path, d.when.range, 300)}`, ...d.unless.map((u) => `unless ${sourceSlice(snapshot, info.path, u.range, 200)}`), '```');
        for (const a of d.actions) lines.push(`- ${a.verb.replace('-', ' ')} ${a.targets.map((t) => t.value).join(', ')}${a.message ? `: ${a.message.value}` : ''}`);
      } else {
        if (d.drug) lines.push(`Drug: \`${d.drug.value}\``, '');
        if (d.target) lines.push(`Target: ${sourceSlice(snapshot, info.path, d.target.range)}`, '');
        lines.push(`${d.steps.length} step${d.steps.length === 1 ? '' : 's'}`);
      }
      return md(lines);
    }
  }
}

/** The hover line of each word that starts an action: its rank and meaning, from the vocabulary table. */
function actionDocs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of new Set(ACTIONS.map((a) => a.words[0]))) {
    const entries = ACTIONS.filter((a) => a.words[0] === word);
    const rank = (a: (typeof ACTIONS)[number]) => ACTION_RANK[a.verb];
    out[word] =
      entries.length === 1
        ? `action of rank ${rank(entries[0]!)}${rank(entries[0]!) === 1 ? ' (the strongest)' : ''}: ${entries[0]!.doc}`
        : `action: ${entries.map((a) => `${a.doc} (rank ${rank(a)})`).join(', or ')}`;
  }
  return out;
}

/** One line per keyword worth explaining in place (from the language reference). */
const KEYWORD_DOCS: Readonly<Record<string, string>> = {
  baseline: "the patient's own reference value of the fact on the other side of the comparison (`alt.baseline` names it explicitly)",
  uln: 'the upper limit of normal of the fact on the other side of the comparison (`alt.uln` names it explicitly)',
  optional: 'a fact whose absence is expected: no missing-data rule is needed for it',
  ...actionDocs(),
  overrides: 'when this rule fires, the decisions of the listed rules or groups are suppressed and reported as overridden; `overrides dose of GROUP` suppresses only their doses',
  tightens: 'a schedule modifier: `tightens monitor cbc of GROUP twice as often` (or `3 times as often`, or `to every 1 wk`); when this rule fires, the monitoring decisions it reaches show the tightened schedule, the rule that tightened it and the original. A modifier can only tighten (the checker proves it per phase); one that is not evaluable is listed with the schedule it would give',
  often: 'a schedule modifier\'s factor: `twice as often` divides each end of each phase\'s cadence by 2, exactly (`every 3 to 6 mo` becomes `every 1.5 to 3 mo`)',
  unless: 'an exception: the rule does not fire when this condition is true',
  when: 'the condition under which the rule fires; true, false or unknown (a missing fact makes it unknown)',
  strength: `strength of the recommendation: ${STRENGTH_NAMES.slice(0, -1).join(', ')} or ${STRENGTH_NAMES[STRENGTH_NAMES.length - 1]}, unless the header declares its own \`strengths\``,
  strengths: "the rule set's own strength vocabulary, strongest first (by default strong, moderate, conditional, weak, expert)",
  group: 'the groups this rule joins: an `overrides` naming a group reaches every rule of it',
  groups: 'named groups of rules: rules join them with `group NAME`, and `overrides NAME` reaches every rule of the group',
  except: '`overrides GROUP except RULE`: every rule of the group but these',
  otherwise: 'the rule fires only when no other rule of its group fires (`otherwise in GROUP` when it joins several); when one of them is unknown, this rule is not evaluable, never firing',
  complete: 'a group declared `complete`: some rule of it should fire for every patient (within the conditions its rules share); the checker reports each gap with a witness patient',
  source: 'the documents the rule encodes: evidence travels with the rule',
  includes: 'set membership: true when the set holds any of the listed terms or members of the value set',
  in: 'enum membership: `tpmt in { low, absent }`',
  is: '`fact is missing` / `fact is present`: never unknown',
  missing: '`fact is missing`: true when the patient record has no value for the fact, false when it has one; never unknown, so a rule can handle missing data',
  present: '`fact is present`: true when the patient record has a value for the fact; never unknown',
  more: '`date_fact more than 48 h ago`: time since a date or datetime fact, at the evaluation time',
  less: '`date_fact less than 2 wk ago`: time since a date or datetime fact, at the evaluation time',
  within: '`date_fact within 3 mo`: the fact lies at most this long before the evaluation time',
  every: 'a monitoring phase: `every 1 wk`, or an interval `every 1 to 2 wk` (both ends are kept in the decision)',
  for: 'how long a monitoring phase lasts: `for 4 wk`, or an interval `for 3 to 6 mo`',
  until: 'when a monitoring phase ends, counted from the schedule\'s start: `until 12 wk`, or an interval `until 2 to 3 mo`',
  from: 'an anchored schedule: `monitor cbc every 1 wk for 4 wk, then every 1 mo from azathioprine_start` dates each phase from a date or datetime fact; without that fact the rule is not evaluable (no date is guessed)',
  after: 'a one-off check: `monitor lft after 2 to 3 wk` is due once, 2 to 3 weeks after the decision; `after 3 to 6 wk from ribavirin_start` dates the window from a date fact (the decision gives the earliest and latest due dates; without the fact the rule is not evaluable)',
  once: 'a dose frequency: `10 mg once daily` is 10 mg each day; the decision gives the amount each time and the daily equivalent',
  twice: 'a dose frequency: `10 mg twice daily` is 10 mg given twice a day, 20 mg/d as the daily equivalent (exact)',
  times: 'a dose frequency: `50 mg 3 times weekly` (or `three times weekly`): the amount each time, this many times per period',
  daily: 'the period of a dose frequency: a day (`10 mg twice daily`)',
  weekly: 'the period of a dose frequency: a week (`50 mg three times weekly` is 150/7 mg/d as the daily equivalent, exactly)',
  start: 'a titration or taper: `dose aza start 50 mg/d, increase by 25 mg/d every 1 wk to 150 mg/d`; the decision gives the start, the step, the limit, the interval and the number of steps',
  increase: 'a titration: the dose rises by the step every interval from its start to its limit (the start must be below the limit)',
  decrease: 'a taper: the dose falls by the step every interval from its start to its limit (the start must be above the limit)',
  by: 'the step of a titration or taper, in a unit of its doses: `increase by 0.5 mg/kg/d * weight`',
  below: 'an excluded high end: `dose azathioprine 50 mg/d to below injurious_dose` is any dose from 50 mg/d up to, but not including, the injurious dose',
  to: 'a range, both ends kept: a dose `1 to 2 mg/kg/d * weight`, a schedule interval `every 1 to 2 wk` (the low end may leave its unit to the high end), a plausible range',
  x: 'multiplication (a synonym of `*`): `alt >= 5 x uln`',
  target: 'the protocol\'s total dose over its total time; the steps must add up to it exactly',
  step: 'one protocol step: a dose, then an observation time',
  and: 'both conditions: `unknown and false` is false, otherwise unknown spreads',
  or: 'either condition: `unknown or true` is true, otherwise unknown spreads',
  not: 'negation: `not unknown` is unknown',
};

/** What each strength means (language reference, evidence). */
const STRENGTH_DOCS: Readonly<Record<string, string>> = Object.fromEntries(STRENGTH_TABLE.map((s) => [s.name, s.doc]));

/** A strength in the rule set's vocabulary: its rank and, for the default names, what it means. */
function describeStrength(vocabulary: readonly string[], name: string): string {
  const rank = vocabulary.indexOf(name);
  if (rank < 0) return `\`${name}\` is not a strength of this rule set: ${vocabulary.map((x) => `\`${x}\``).join(', ')}`;
  // The default scale's names carry their meaning; a rule set's own, their place on its scale.
  if (vocabulary === STRENGTH_NAMES) return `**strength** \`${name}\` — ${STRENGTH_DOCS[name]}`;
  return `**strength** \`${name}\` (${rank + 1} of ${vocabulary.length}${rank === 0 ? ', the strongest' : ''} in the rule set's \`strengths\`)`;
}

/** Whether the token at `i` is a name inside the header's `strengths { … }`. */
function isHeaderStrength(tokens: readonly IToken[], i: number): boolean {
  const t = tokens[i]!;
  if (tokenName(t) !== 'Identifier' && !tokenIs(t, Keyword)) return false;
  for (let j = i - 1; j >= 0; j--) {
    const name = tokenName(tokens[j]!);
    if (name === 'LCurly') return tokenName(tokens[j - 1] ?? t) === 'KwStrengths';
    if (name !== 'Comma' && name !== 'Identifier' && !tokenIs(tokens[j]!, Keyword)) return false;
  }
  return false;
}

/** Whether the string at `i` is one of a `source` clause's documents (`source "a", "b"`). */
function isSourceString(tokens: readonly IToken[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const name = tokenName(tokens[j]!);
    if (name === 'KwSource') return true;
    if (name !== 'Comma' && name !== 'StringLiteral') return false;
  }
  return false;
}

function describeSource(ruleFile: string, name: string): string {
  const found = findSourceDocument(ruleFile, name);
  if (!found) return md([`**source** \`${name}\``, '', 'Not found in the workspace (looked beside the rule file and in `seeds/` and `sources/` folders of it and the folders above it).']);
  const escape = (text: string) => text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
  const line = firstLine(found);
  return md([`**source** [${escape(name)}](${pathToUri(found)})`, line ? `\n> ${escape(line)}` : undefined]);
}

export function hover(ws: Workspace, uri: string, position: Position): Hover | null {
  const at = symbolAt(ws, uri, position);
  if (!at) return null;
  const { index, occurrence: occ } = at;
  if (occ) {
    const info = at.symbol;
    if (info) {
      const contents = { kind: MarkupKind.Markdown, value: describeSymbol(at.snapshot, info) };
      return isCurrent(ws, at.snapshot, at.path) ? { contents, range: toLspRange(occ.range, at.source) } : { contents };
    }
  }
  // Units and context references come from the tokens.
  const parsed = ws.parse(at.path);
  if (!parsed) return null;
  for (let i = 0; i < parsed.tokens.length; i++) {
    const t = parsed.tokens[i]!;
    if (t.startOffset > at.offset) break;
    const end = t.startOffset + t.image.length;
    if (at.offset > end) continue;
    const range = offsetRange(at.source, t.startOffset, end);
    const prev = parsed.tokens[i - 1];
    if (prev && tokenName(prev) === 'KwStrength' && (tokenName(t) === 'Identifier' || tokenIs(t, Keyword))) {
      return { contents: { kind: MarkupKind.Markdown, value: describeStrength(at.snapshot.result.model.strengths, t.image) }, range };
    }
    if (isHeaderStrength(parsed.tokens, i)) {
      return { contents: { kind: MarkupKind.Markdown, value: describeStrength(at.snapshot.result.model.strengths, t.image) }, range };
    }
    if (tokenName(t) === 'StringLiteral' && isSourceString(parsed.tokens, i)) {
      return { contents: { kind: MarkupKind.Markdown, value: describeSource(at.path, decodeString(t.image).value) }, range };
    }
    if (tokenName(t) === 'Unit') {
      const u = parseUnit(t.image);
      const value = u.ok ? md([`**unit** \`${t.image}\`: ${u.unit.name}`, '', u.unit.arbitrary ? 'An arbitrary unit: comparable only with itself.' : `Dimension: \`${u.unit.dimension}\``]) : `\`${t.image}\` is not a valid UCUM unit: ${u.reason}`;
      return { contents: { kind: MarkupKind.Markdown, value }, range };
    }
    const doc = tokenIs(t, Keyword) ? KEYWORD_DOCS[t.image] : undefined;
    if (doc) return { contents: { kind: MarkupKind.Markdown, value: `**${t.image}** — ${doc}` }, range };
  }
  return null;
}

/** The `otherwise` rule that completes group `g`, if any. */
function otherwiseOf(model: Parameters<typeof groupMembers>[0], g: string): string | undefined {
  for (const r of model.rules.values()) if (r.decl.kind === 'RuleDecl' && r.decl.otherwise && otherwiseGroup(model, r.decl) === g) return r.name;
  return undefined;
}

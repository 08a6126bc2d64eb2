// Cards from an evaluation: one per decision, and one info card naming the data that
// kept rules from being evaluated (never silence). Shapes follow CDS Hooks 2.0; the
// constraints are written down as a JSON Schema in schema/card.schema.json.
import { doseDetailText, scheduleText, windowText, type ActionVerb, type Decision, type EvaluationResult } from '@vigil/runtime';
import { stableUuid } from './uuid.js';
import { doseSuggestion, orderSuggestion, type Suggestion } from './suggestions.js';

/** What cards are made of: an engine's result (the runtime's types; cards read nothing else). */
export type ResultLike = Pick<EvaluationResult, 'decisions' | 'notEvaluable'>;

export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

export interface Card {
  readonly uuid: string;
  readonly summary: string;
  readonly detail: string;
  readonly indicator: 'info' | 'warning' | 'critical';
  readonly source: { readonly label: string; readonly topic?: Coding };
  readonly suggestions?: readonly Suggestion[];
  readonly selectionBehavior?: 'at-most-one' | 'any';
  readonly overrideReasons?: readonly Coding[];
}

export interface CardContext {
  readonly serviceId: string;
  readonly rulesetLabel: string;
  readonly patientId: string;
  /** Fact key → value as read, and where from; reasons for the missing ones. */
  readonly facts: Readonly<Record<string, unknown>>;
  readonly from: Readonly<Record<string, string>>;
  readonly missing: Readonly<Record<string, string>>;
  /** The hook's draft orders (order-select, order-sign), for dose suggestions. */
  readonly draftOrders?: unknown;
  readonly overrideReasons: readonly Coding[];
}

export const OVERRIDE_REASON_SYSTEM = 'urn:vigil:cds-hooks:override-reason';

export const DEFAULT_OVERRIDE_REASONS: readonly Coding[] = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'benefit-outweighs-risk', display: 'Benefit outweighs risk for this patient' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'already-addressed', display: 'Already addressed' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'data-incorrect', display: 'The patient data behind this card is incorrect' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'patient-declined', display: 'Patient declined' },
];

/** contraindicate and stop critical; caution and dose warning; the rest info. */
export function indicatorOf(action: string): Card['indicator'] {
  if (action === 'contraindicate' || action === 'stop') return 'critical';
  if (action === 'caution' || action === 'dose') return 'warning';
  return 'info';
}

/** How a card heads each action; every verb of the vocabulary has one. */
const VERB: Readonly<Record<ActionVerb, string>> = {
  contraindicate: 'Contraindicated',
  stop: 'Stop',
  caution: 'Caution',
  dose: 'Dose',
  monitor: 'Monitor',
  order: 'Order',
  recommend: 'Recommend',
  'advise-against': 'Advise against',
  advise: 'Advice',
};

export function clip(text: string, max = 139): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/** Markdown text with its special characters escaped. */
export function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+!|<>])/g, '\\$1');
}

function formatDose(d: NonNullable<Decision['dose']>): string {
  const n = (x: number) => String(Number(x.toPrecision(12)));
  if (d.ofStandard) return `${n(d.low * 100)}%${d.high !== undefined ? `${d.highExclusive ? ' to below ' : ' to '}${n(d.high * 100)}%` : ''} of standard`;
  const perTime = doseDetailText(d);
  return `${n(d.low)}${d.high !== undefined ? `${d.highExclusive ? ' to below ' : ' to '}${n(d.high)}` : ''} ${d.unit}${perTime ? ` (${perTime})` : ''}`;
}

function actionText(d: Decision): string {
  const parts = [VERB[d.action] ?? d.action];
  if (d.targets.length > 0) parts.push(d.targets.join(', '));
  if (d.permanent) parts.push('permanently');
  if (d.dose) parts.push(formatDose(d.dose));
  if (d.schedule && d.schedule.length > 0) parts.push(scheduleText(d.schedule, d.anchor, d));
  if (d.window) parts.push(windowText(d.window, d.anchor));
  return parts.join(' ');
}

function showValue(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map(showValue).join(', ');
  if (typeof v === 'object' && v !== null && 'value' in v && 'unit' in v) return `${String((v as { value: unknown }).value)} ${String((v as { unit: unknown }).unit)}`;
  return String(v);
}

/** The facts an explanation quotes, by name: `wbc`, `alt_uln`. */
function factsQuoted(d: Decision, ctx: CardContext): string[] {
  const words = new Set(d.explanation.flatMap((e) => e.text.split(/[^A-Za-z0-9_]+/)));
  return [...words].filter((w) => w in ctx.facts || w in ctx.missing).sort();
}

export function decisionCard(d: Decision, ctx: CardContext): Card {
  const lines: string[] = [`**${md(d.rule)}: ${md(d.title)}**`, ''];
  if (d.message) lines.push(md(d.message), '');
  if (d.dose?.calculation) lines.push(`**Dose**: ${md(d.dose.calculation)}`, '');
  // The summary is clipped; an anchored schedule's dates, and a tightening, are in full here.
  if ((d.anchor || d.tightened || d.tighteningUnknown) && d.schedule) lines.push(`**Schedule**: ${md(scheduleText(d.schedule, d.anchor, d))}`, '');
  if (d.dose?.rounded) lines.push(`**Shown as**: ${md(d.dose.rounded.text)} (the exact dose is above)`, '');
  if (d.explanation.length > 0) {
    lines.push('**Why**', '');
    for (const e of d.explanation) lines.push(`- ${md(e.text)}`);
    lines.push('');
  }
  const used = factsQuoted(d, ctx);
  if (used.length > 0) {
    lines.push('**Facts used**', '');
    for (const k of used) {
      if (k in ctx.facts) lines.push(`- ${md(k)}: ${md(showValue(ctx.facts[k]))}${ctx.from[k] ? ` (${md(ctx.from[k]!)})` : ''}`);
      else lines.push(`- ${md(k)}: missing (${md(ctx.missing[k] ?? 'not in the record')})`);
    }
    lines.push('');
  }
  lines.push(`Evidence: ${md(d.sources.join(', ') || 'none cited')}${d.strength ? `, strength ${md(d.strength)}` : ''}. Rule set ${md(ctx.rulesetLabel)}.`);

  const indicator = indicatorOf(d.action);
  const suggestions: Suggestion[] = [];
  // Not the position in the list: another decision appearing must not change this card's id.
  const uuid = stableUuid(ctx.serviceId, ctx.patientId, d.rule, d.action, d.targets.join(','), d.message ?? '');
  const dose = d.dose ? doseSuggestion(d, ctx.draftOrders, uuid) : undefined;
  if (dose) suggestions.push(dose);
  if (d.action === 'order') suggestions.push(...orderSuggestion(d, ctx.patientId, uuid));
  return {
    uuid,
    summary: clip(`${actionText(d)}: ${d.title}`),
    detail: lines.join('\n'),
    indicator,
    source: { label: clip(`${d.sources.join(', ') || d.rule}${d.strength ? ` (${d.strength})` : ''}`, 200) },
    ...(suggestions.length > 0 ? { suggestions, selectionBehavior: 'at-most-one' as const } : {}),
    ...(indicator !== 'info' ? { overrideReasons: ctx.overrideReasons } : {}),
  };
}

/** The rules that could not be evaluated, and the missing data behind them, in one info card. */
export function notEvaluableCard(result: ResultLike, ctx: CardContext): Card | undefined {
  if (result.notEvaluable.length === 0) return undefined;
  const keys = [...new Set(result.notEvaluable.flatMap((n) => n.missing))].sort();
  const lines = ['**Missing data**', ''];
  for (const k of keys) lines.push(`- ${md(k)}: ${md(ctx.missing[k] ?? 'not in the record')}`);
  lines.push('', '**Rules not evaluated**', '');
  for (const n of result.notEvaluable) lines.push(`- ${md(n.rule)} ${md(n.title)}: needs ${md(n.missing.join(', '))}`);
  const count = result.notEvaluable.length;
  return {
    uuid: stableUuid(ctx.serviceId, ctx.patientId, 'not-evaluable', keys.join(',')),
    summary: clip(`${count} rule${count === 1 ? '' : 's'} not evaluated: missing ${keys.join(', ')}`),
    detail: lines.join('\n'),
    indicator: 'info',
    source: { label: clip(`Vigil rule set ${ctx.rulesetLabel}`, 200) },
  };
}

export function cardsFor(result: ResultLike, ctx: CardContext): Card[] {
  const cards = result.decisions.map((d) => decisionCard(d, ctx));
  const missing = notEvaluableCard(result, ctx);
  if (missing) cards.push(missing);
  return cards;
}

// The action vocabulary and the strengths of evidence: the one table. The language's
// parser, AST and hover, the IR and its ranks, the engines' types, fixtures, reports, the
// TextMate grammar and the editor snippets derive from it (or are tested against it).
// It sits here, at the bottom of the graph, because the runtime depends on nothing.

/** What follows an action's verb: a target, then `permanently`, a dose, a schedule or nothing more; or (`because`) no target, only a reason. */
export type ActionForm = 'plain' | 'permanently' | 'dose' | 'schedule' | 'because';

export interface ActionEntry {
  /** The verb in the AST, the IR, engine decisions and fixtures. */
  readonly verb: string;
  /** The keywords that write it, in order. */
  readonly words: readonly string[];
  readonly form: ActionForm;
  /** What it means, for the editor's hover (one line, Markdown). */
  readonly doc: string;
}

/**
 * Every action, most severe first: an action's rank is its position + 1, and decisions are
 * sorted by it. An action whose words begin another's comes after it (`advise against`
 * before `advise`).
 */
export const ACTIONS = [
  { verb: 'contraindicate', words: ['contraindicate'], form: 'plain', doc: 'the drug must not be given' },
  { verb: 'stop', words: ['stop'], form: 'permanently', doc: 'stop the drug, `permanently` when it may not be restarted' },
  { verb: 'caution', words: ['caution'], form: 'plain', doc: 'give the drug with caution' },
  { verb: 'dose', words: ['dose'], form: 'dose', doc: '`dose drug 50 mg/d`, `dose drug 30% to 70% of standard`, `dose drug 2 mg/kg/d * weight`' },
  { verb: 'monitor', words: ['monitor'], form: 'schedule', doc: '`monitor cbc every 1 wk for 4 wk, then every 1 mo`' },
  { verb: 'order', words: ['order'], form: 'plain', doc: 'order a test or procedure' },
  { verb: 'recommend', words: ['recommend'], form: 'plain', doc: 'recommend a drug or procedure' },
  { verb: 'advise-against', words: ['advise', 'against'], form: 'plain', doc: '`advise against drug`' },
  { verb: 'advise', words: ['advise'], form: 'because', doc: '`advise because "…"`' },
] as const satisfies readonly ActionEntry[];

export type ActionVerb = (typeof ACTIONS)[number]['verb'];

/** Every verb, in rank order. */
export const ACTION_VERBS: readonly ActionVerb[] = ACTIONS.map((a) => a.verb);

/** Lower rank is more severe (1 is the strongest). */
export const ACTION_RANK: Readonly<Record<ActionVerb, number>> = Object.fromEntries(ACTIONS.map((a, i) => [a.verb, i + 1])) as Record<ActionVerb, number>;

const byVerb: ReadonlyMap<string, (typeof ACTIONS)[number]> = new Map(ACTIONS.map((a) => [a.verb, a]));

export function isActionVerb(s: string): s is ActionVerb {
  return byVerb.has(s);
}

/** The action with this verb, or undefined. */
export function actionEntry(verb: string): ActionEntry | undefined {
  return byVerb.get(verb);
}

/** How an action reads in text: its words (`advise against`); an unknown verb as it is. */
export function actionLabel(verb: string): string {
  return byVerb.get(verb)?.words.join(' ') ?? verb;
}

// ---------------------------------------------------------------- strengths

/** The strengths of evidence a rule or protocol may declare, strongest first, with what each means. */
export const STRENGTHS = [
  { name: 'strong', doc: 'a strong recommendation: the benefits clearly outweigh the harms (or the reverse); follow it for almost every patient' },
  { name: 'moderate', doc: 'a moderate recommendation: most patients should follow it' },
  { name: 'conditional', doc: 'a conditional recommendation: it depends on the patient, their values and circumstances' },
  { name: 'weak', doc: 'a weak recommendation: the evidence is limited; other choices are reasonable' },
  { name: 'expert', doc: 'expert opinion: consensus without direct evidence' },
] as const;

export type Strength = (typeof STRENGTHS)[number]['name'];

export const STRENGTH_NAMES: readonly Strength[] = STRENGTHS.map((s) => s.name);

// The summary row of one patient (see compileSummaryQuery) back into the NDJSON text of
// the engine's result: the same decisions (most severe action first, then rule order, then
// action order), not-evaluable rules and overrides, with the same fields in the same order,
// so a SQL run writes the same records as `vigil run --no-explain`. Everything that does
// not depend on the patient (a decision without a dose, the head of a not-evaluable entry,
// an override) is turned into JSON text once, here; a patient costs a walk over its
// statuses and the JSON of its doses. With explanations, each fired rule's part carries the
// values of its explaining atoms' texts, which are made here with the engine's own
// formatters (explain.ts).
import { ACTION_RANK, type IrProgram } from '@vigil/core';
import { ProgramTables } from '@vigil/compiler';
import { OutcomeAssembler, type OutcomeRow } from './outcomes.js';
import { SqlCompileError } from './quote.js';
import type { RuleExplanation } from './compile.js';
import { isEmpty, readSlots, render } from './explain.js';
import { actionOverrides, type ActionOverride } from './overrides.js';

/** A patient's result as NDJSON text, with what the run's summary counts. */
export interface SummaryRecord {
  /** `"decisions":[…],"notEvaluable":[…]` and `,"overridden":[…]` when any: the record's fields after `record`. */
  readonly fields: string;
  /** The verb of each decision, in order. */
  readonly actions: readonly string[];
  readonly notEvaluable: number;
}

/** Texts a cache holds at most before it is emptied: memory stays bounded on any input. */
const CACHED = 20_000;

/** A fired rule's explanation: its key (rule and parts), the items as JSON, the items, and each action's calculation. */
interface Explained {
  readonly key: string;
  readonly items: string;
  readonly list: readonly { atom: number; text: string }[];
  readonly calcs: readonly (string | null)[];
}

interface Action {
  readonly rule: number;
  readonly action: number;
  readonly verb: string;
  /** The decision's JSON, or undefined when it has a dose (built per patient). */
  readonly json: string | undefined;
  /** With explanations: the decision's JSON up to its `"explanation":` value. */
  readonly head: string | undefined;
  /** Index of this dose action among its rule's dose parts. */
  readonly dosePart: number;
  /** Index of this anchored action among its rule's anchored parts (after the dose parts), or -1. */
  readonly anchorPart: number;
}

export class SummaryAssembler {
  private readonly rules: number;
  private readonly order: Action[];
  /** Per rule: its dose actions (action indexes), in the order of their summary parts. */
  private readonly doseActions: number[][];
  /** Per rule: its anchored schedules (action indexes), in the order of their summary parts, after the doses. */
  private readonly anchorActions: number[][];
  /** `{"rule":…,"title":…,"missing":[` per rule. */
  private readonly neHead: string[];
  /** The JSON string of each input's key, by slot. */
  private readonly keyJson: string[];
  private readonly overrides: { by: number; over: number; json: string }[] = [];
  /** Single-action overrides, each with one character after the rule statuses. */
  private readonly actionOverrides: ActionOverride[];
  /** Per decision of `order`: the single-action overrides that can suppress it. */
  private readonly suppressedBy: number[][];
  private readonly rows: OutcomeAssembler;
  /** Decision texts by decision and summary parts (see decisionJson). */
  private readonly decisionTexts = new Map<string, string>();
  /** Explanations by rule and summary parts. */
  private readonly explanationTexts = new Map<string, Explained>();

  constructor(
    private readonly ir: IrProgram,
    private readonly explanations?: readonly RuleExplanation[],
  ) {
    this.rows = new OutcomeAssembler(ir);
    this.rules = ir.rules.length;
    this.doseActions = ir.rules.map((r) => r.actions.flatMap((a, j) => (a.dose ? [j] : [])));
    this.anchorActions = ir.rules.map((r, i) => r.actions.flatMap((_, j) => (this.rows.anchoredAction(i, j) ? [j] : [])));
    const all: (Action & { rank: number })[] = [];
    ir.rules.forEach((r, i) =>
      r.actions.forEach((a, j) => {
        const dosePart = this.doseActions[i]!.indexOf(j);
        const anchorPart = this.anchorActions[i]!.indexOf(j);
        const fixed = !a.dose && anchorPart < 0;
        const json = fixed ? JSON.stringify(this.rows.decisionOf(i, j, undefined)) : undefined;
        // `"explanation":[]` is the decision's last field (as in the engine).
        if (json !== undefined && !json.endsWith('"explanation":[]}')) throw new SqlCompileError(`rule ${JSON.stringify(r.id)}: a decision whose last field is not its explanation`);
        all.push({ rule: i, action: j, verb: a.verb, rank: ACTION_RANK[a.verb], dosePart, anchorPart, json, head: json?.slice(0, -3) });
      }),
    );
    this.order = all.sort((x, y) => x.rank - y.rank || x.rule - y.rule || x.action - y.action);
    this.actionOverrides = actionOverrides(ir);
    this.suppressedBy = this.order.map((a) => this.actionOverrides.flatMap((o, k) => (o.over === a.rule && o.actions.includes(a.action) ? [k] : [])));
    this.neHead = ir.rules.map((r) => `${JSON.stringify({ rule: r.id, title: r.title }).slice(0, -1)},"missing":[`);
    this.keyJson = new ProgramTables(ir).inputs.map((k) => JSON.stringify(k.key));
    const index = new Map(ir.rules.map((r, i) => [r.id, i]));
    ir.rules.forEach((r, i) => {
      for (const o of r.overrides) {
        const over = index.get(o)!;
        this.overrides.push({ by: i, over, json: JSON.stringify({ rule: o, by: r.id }) });
      }
    });
  }

  /** The record of one patient from its summary text. */
  assemble(summary: string): SummaryRecord {
    const n = this.rules;
    const m = this.actionOverrides.length;
    if (summary.length < n + m) throw malformed(summary);
    for (let k = n; k < n + m; k++) {
      const c = summary.charCodeAt(k);
      if (c !== 48 && c !== 49) throw malformed(summary);
    }
    const parts = summary.slice(n + m).split(';');
    if (parts[0] !== '') throw malformed(summary);
    let k = 1;
    const ne: string[] = [];
    const doses: string[][] = [];
    const xs = this.explanations;
    const explained: Explained[] = [];
    for (let i = 0; i < n; i++) {
      const c = summary.charCodeAt(i);
      if (c === 50 /* 2 */) {
        const part = parts[k++];
        if (part === undefined) throw malformed(summary);
        const slots = part === '' ? [] : part.slice(1).split(',');
        ne.push(`${this.neHead[i]}${slots.map((s) => this.keyJson[Number(s)]).join(',')}]}`);
      } else if (c === 49 /* 1 */ && this.doseActions[i]!.length + this.anchorActions[i]!.length > 0) {
        const mine: string[] = [];
        for (let j = 0; j < this.doseActions[i]!.length + this.anchorActions[i]!.length; j++) {
          const part = parts[k++];
          if (part === undefined) throw malformed(summary);
          mine.push(part);
        }
        doses[i] = mine;
      }
      if (c === 49 && xs) {
        const x = xs[i]!;
        const part = parts[k++];
        if (part === undefined) throw malformed(summary);
        const calcParts: string[] = [];
        for (let q = 0; q < x.calcs.length; q++) {
          const p = parts[k++];
          if (p === undefined) throw malformed(summary);
          calcParts.push(p);
        }
        // Like the decisions below, a rule's explanation depends on its parts alone.
        const key = `${i};${part};${calcParts.join(';')}`;
        let e = this.explanationTexts.get(key);
        if (e === undefined) {
          e = this.explanationOf(x, part, calcParts, key);
          if (this.explanationTexts.size >= CACHED) this.explanationTexts.clear();
          this.explanationTexts.set(key, e);
        }
        explained[i] = e;
      } else if (c < 48 || c > 51) throw malformed(summary);
    }
    if (k !== parts.length) throw malformed(summary);
    const decisions: string[] = [];
    const actions: string[] = [];
    for (let d = 0; d < this.order.length; d++) {
      const a = this.order[d]!;
      if (summary.charCodeAt(a.rule) !== 49) continue;
      if (m > 0 && this.suppressedBy[d]!.some((k) => summary.charCodeAt(n + k) === 49)) continue;
      actions.push(a.verb);
      const x = explained[a.rule];
      if (a.json !== undefined) decisions.push(x ? `${a.head!}[${x.items}]}` : a.json);
      else decisions.push(this.decisionJson(d, a, doses[a.rule] ?? [], x));
    }
    let fields = `"decisions":[${decisions.join(',')}],"notEvaluable":[${ne.join(',')}]`;
    let ov = '';
    for (const o of this.overrides) {
      if (summary.charCodeAt(o.over) !== 51) continue;
      const by = summary.charCodeAt(o.by);
      if (by === 49 || by === 51) ov += ov === '' ? o.json : `,${o.json}`;
    }
    for (let k = 0; k < m; k++) if (summary.charCodeAt(n + k) === 49) ov += ov === '' ? this.actionOverrides[k]!.json : `,${this.actionOverrides[k]!.json}`;
    if (ov !== '') fields += `,"overridden":[${ov}]`;
    return { fields, actions, notEvaluable: ne.length };
  }

  /** A fired rule's explanation from its summary parts: the atoms' texts, and each dose's calculation. */
  private explanationOf(x: RuleExplanation, part: string, calcParts: readonly string[], key: string): Explained {
    const items = x.occurrences.length === 0 ? [] : part.split('|');
    if (items.length !== x.occurrences.length) throw malformedPart(part);
    const list: { atom: number; text: string }[] = [];
    items.forEach((item, q) => {
      if (item === '') return;
      const o = x.occurrences[q]!;
      list.push({ atom: o.atom, text: render(o.template, item.length > 1 ? readSlots(item.slice(2)) : []) });
    });
    const calcs: (string | null)[] = [];
    x.calcs.forEach((calc, q) => {
      const slots = calc.template.slots === 0 ? [] : readSlots(calcParts[q]!);
      calcs[calc.action] = isEmpty(calc.template, slots) ? null : render(calc.template, slots);
    });
    return { key, items: list.map((e) => JSON.stringify(e)).join(','), list, calcs };
  }

  /**
   * The JSON of a decision with a dose or anchored dates (and its rule's explanation, if any), from its
   * summary parts. It depends on nothing else, and patients share doses (a weight band, a
   * fixed dose), so the text is kept per decision and parts: most decisions are then a
   * lookup instead of exact arithmetic and JSON.stringify. The cache is emptied when it
   * holds 20,000 texts, so memory stays bounded on any input.
   */
  private decisionJson(d: number, a: Action, parts: readonly string[], x: Explained | undefined): string {
    const dose = a.dosePart < 0 ? '' : parts[a.dosePart]!;
    const anchor = a.anchorPart < 0 ? '' : parts[this.doseActions[a.rule]!.length + a.anchorPart]!;
    const key = `${d};${dose};${anchor}${x ? `;${x.key}` : ''}`;
    let json = this.decisionTexts.get(key);
    if (json === undefined) {
      const row = this.partsRow(a, parts);
      json = JSON.stringify(this.rows.decisionOf(a.rule, a.action, x ? { ...row, explanation: x.list, calculation: x.calcs[a.action] ?? null } : row));
      if (this.decisionTexts.size >= CACHED) this.decisionTexts.clear();
      this.decisionTexts.set(key, json);
    }
    return json;
  }

  /** The dose part and anchored part of an action as the outcome row the decision reads. */
  private partsRow(a: Action, parts: readonly string[]): OutcomeRow {
    const scheduleMs = a.anchorPart < 0 ? [] : parts[this.doseActions[a.rule]!.length + a.anchorPart]!.split('|');
    if (a.dosePart < 0) return { ruleIndex: a.rule, actionIndex: a.action, status: 'fired', doseLow: null, doseLowDen: null, doseHigh: null, doseHighDen: null, doseStandard: null, doseStandardDen: null, missing: [], overriddenBy: [], scheduleMs };
    return { ...this.doseRow(a, parts[a.dosePart]!.split('|')), scheduleMs };
  }

  /** The dose fields of a summary part as the outcome row the decision reads. */
  private doseRow(a: Action, fields: readonly string[]): OutcomeRow {
    const dose = this.ir.rules[a.rule]!.actions[a.action]!.dose!;
    const get = (k: number): string | null => (fields[k] === undefined || fields[k] === '' ? null : fields[k]!);
    let k = 0;
    const low = [get(k++), get(k++)];
    const high = dose.high ? [get(k++), get(k++)] : [null, null];
    const standard = dose.relative ? [get(k++), get(k++)] : [null, null];
    const step = dose.titration ? [get(k++), get(k++)] : [null, null];
    if (k !== fields.length) throw new SqlCompileError(`the database returned a malformed dose for rule ${JSON.stringify(this.ir.rules[a.rule]!.id)}: ${fields.join('|')}`);
    return { ruleIndex: a.rule, actionIndex: a.action, status: 'fired', doseLow: low[0]!, doseLowDen: low[1]!, doseHigh: high[0]!, doseHighDen: high[1]!, doseStandard: standard[0]!, doseStandardDen: standard[1]!, doseStep: step[0]!, doseStepDen: step[1]!, missing: [], overriddenBy: [] };
  }
}

function malformedPart(part: string): SqlCompileError {
  return new SqlCompileError(`the database returned a malformed explanation: ${JSON.stringify(part.slice(0, 200))}`);
}

function malformed(summary: string): SqlCompileError {
  return new SqlCompileError(`the database returned a malformed summary: ${JSON.stringify(summary.slice(0, 200))}`);
}

// The benchmark subset: 18 rules over the azathioprine facts, the same rules in every
// engine's own form. The Vigil text, the json-logic and json-rules-engine rules and the
// ZEN decision graph are built from one small condition table; the plain TypeScript
// version is written by hand.
//
// Every engine reads the same normalised patient (what the Vigil engine's validateFacts
// returns: quantities as numbers in the fact's unit, codes as written, dates as epoch ms).
// Peer conditions guard every fact with an explicit presence test, because none of them
// has a notion of "unknown": a rule fires only when its condition is definitely true,
// which is what Vigil does too (not-evaluable rules do not fire).

export type Cond =
  | { readonly t: 'in'; readonly f: string; readonly vs: readonly string[] }
  | { readonly t: '<' | '<=' | '>' | '>='; readonly f: string; readonly v: number; readonly unit: string }
  | { readonly t: 'ratio'; readonly f: string; readonly k: number; readonly part: 'uln' | 'baseline' }
  | { readonly t: 'true'; readonly f: string }
  | { readonly t: 'missing'; readonly f: string }
  | { readonly t: 'includes'; readonly f: string; readonly terms: readonly string[]; readonly valueSet?: string }
  | { readonly t: 'and' | 'or'; readonly args: readonly Cond[] };

export interface SubsetRule {
  readonly id: string;
  readonly title: string;
  readonly action: 'contraindicate' | 'stop' | 'caution' | 'order' | 'advise';
  readonly targets: readonly string[];
  readonly message: string;
  readonly when: Cond;
}

const XO = ['allopurinol', 'rxnorm:519', 'febuxostat', 'rxnorm:73689'];

export const SUBSET: readonly SubsetRule[] = [
  { id: 'S-01', title: 'Very low or absent TPMT activity', action: 'contraindicate', targets: ['azathioprine'], message: 'life-threatening myelotoxicity', when: { t: 'in', f: 'tpmt', vs: ['low', 'absent'] } },
  { id: 'S-02', title: 'Intermediate TPMT activity', action: 'caution', targets: ['azathioprine'], message: 'reduce to 30-70% of standard', when: { t: 'in', f: 'tpmt', vs: ['intermediate'] } },
  { id: 'S-03', title: 'NUDT15 deficiency', action: 'contraindicate', targets: ['azathioprine'], message: 'NUDT15 deficient', when: { t: 'in', f: 'nudt15', vs: ['deficient'] } },
  { id: 'S-04', title: 'East Asian ancestry, NUDT15 untested', action: 'order', targets: ['nudt15_test'], message: 'test NUDT15', when: { t: 'and', args: [{ t: 'in', f: 'ancestry', vs: ['east_asian'] }, { t: 'missing', f: 'nudt15' }] } },
  { id: 'S-05', title: 'Severe cytopenia', action: 'contraindicate', targets: ['azathioprine'], message: 'severe cytopenia', when: { t: 'or', args: [{ t: '<', f: 'wbc', v: 2.5, unit: '10*9/L' }, { t: '<', f: 'platelets', v: 50, unit: '10*9/L' }] } },
  { id: 'S-06', title: 'Leucopenia', action: 'stop', targets: ['azathioprine'], message: 'WBC below 3.5', when: { t: '<', f: 'wbc', v: 3.5, unit: '10*9/L' } },
  { id: 'S-07', title: 'Neutropenia', action: 'caution', targets: ['azathioprine'], message: 'neutrophils below 1.5', when: { t: '<', f: 'neutrophils', v: 1.5, unit: '10*9/L' } },
  { id: 'S-08', title: 'Thrombocytopenia', action: 'stop', targets: ['azathioprine'], message: 'platelets below 100', when: { t: '<', f: 'platelets', v: 100, unit: '10*9/L' } },
  { id: 'S-09', title: 'ALT above 5 x ULN', action: 'stop', targets: ['azathioprine'], message: 'hepatotoxicity', when: { t: 'ratio', f: 'alt', k: 5, part: 'uln' } },
  { id: 'S-10', title: 'ALT tripled from baseline', action: 'caution', targets: ['azathioprine'], message: 'rising ALT', when: { t: 'ratio', f: 'alt', k: 3, part: 'baseline' } },
  { id: 'S-11', title: 'Bilirubin above 2 x ULN', action: 'stop', targets: ['azathioprine'], message: 'cholestasis', when: { t: 'ratio', f: 'bilirubin', k: 2, part: 'uln' } },
  { id: 'S-12', title: 'Xanthine oxidase inhibitor', action: 'contraindicate', targets: ['azathioprine'], message: 'allopurinol or febuxostat', when: { t: 'includes', f: 'medications', terms: XO, valueSet: 'bench_xo' } },
  { id: 'S-13', title: 'Pregnancy', action: 'contraindicate', targets: ['azathioprine'], message: 'pregnant', when: { t: 'and', args: [{ t: 'true', f: 'pregnant' }, { t: 'true', f: 'azathioprine_planned' }] } },
  { id: 'S-14', title: 'Breastfeeding', action: 'caution', targets: ['azathioprine'], message: 'breastfeeding', when: { t: 'true', f: 'breastfeeding' } },
  { id: 'S-15', title: 'HIV serology in high-risk groups', action: 'order', targets: ['hiv_serology'], message: 'HIV serology', when: { t: 'and', args: [{ t: 'true', f: 'hiv_high_risk' }, { t: 'true', f: 'azathioprine_planned' }] } },
  { id: 'S-16', title: 'Disseminated or ophthalmic zoster', action: 'stop', targets: ['azathioprine'], message: 'VZV', when: { t: 'in', f: 'vzv_infection', vs: ['disseminated', 'ophthalmic'] } },
  { id: 'S-17', title: 'Jaundice or right upper quadrant pain', action: 'stop', targets: ['azathioprine'], message: 'liver symptoms', when: { t: 'includes', f: 'symptoms', terms: ['jaundice', 'ruq_pain'] } },
  { id: 'S-18', title: 'Children and high doses', action: 'caution', targets: ['azathioprine'], message: 'age or dose', when: { t: 'or', args: [{ t: '<', f: 'age', v: 18, unit: 'a' }, { t: '>', f: 'current_dose', v: 200, unit: 'mg/d' }] } },
];

// ------------------------------------------------------------------ Vigil

function vigilCond(c: Cond): string {
  switch (c.t) {
    case 'in':
      return c.vs.length === 1 ? `${c.f} = ${c.vs[0]}` : `${c.f} in { ${c.vs.join(', ')} }`;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `${c.f} ${c.t} ${c.v} ${c.unit}`;
    case 'ratio':
      return `${c.f} >= ${c.k} x ${c.part}`;
    case 'true':
      return c.f;
    case 'missing':
      return `${c.f} is missing`;
    case 'includes':
      return `${c.f} includes ${c.valueSet ?? `{ ${c.terms.join(', ')} }`}`;
    case 'and':
    case 'or':
      return c.args.map((a) => `(${vigilCond(a)})`).join(` ${c.t} `);
  }
}

/** The subset as a Vigil rule set, over the given facts block (the azathioprine facts.vigil text). */
export function subsetVigil(factsBlock: string): string {
  const rules = SUBSET.map((r) => `rule ${r.id} ${JSON.stringify(r.title)}\n  source "bench"\n  when ${vigilCond(r.when)}\n  then ${r.action} ${r.targets.length > 1 ? `{ ${r.targets.join(', ')} }` : (r.targets[0] ?? '')} because ${JSON.stringify(r.message)}\n`).join('\n');
  return `ruleset bench_subset version "1"\n\n${factsBlock}\n\nvalueset bench_xo "Xanthine oxidase inhibitors" { allopurinol rxnorm "519", febuxostat rxnorm "73689" }\n\n${rules}`;
}

// ------------------------------------------------------------------ json-logic

type Logic = Record<string, unknown>;
const v = (f: string): Logic => ({ var: f });
const present = (f: string): Logic => ({ '!=': [v(f), null] });

export function jsonLogicCond(c: Cond): Logic {
  switch (c.t) {
    case 'in':
      return { in: [v(c.f), c.vs] };
    case '<':
    case '<=':
    case '>':
    case '>=':
      return { and: [present(c.f), { [c.t]: [v(c.f), c.v] }] };
    case 'ratio':
      return { and: [present(c.f), present(`${c.f}_${c.part}`), { '>=': [v(c.f), { '*': [c.k, v(`${c.f}_${c.part}`)] }] }] };
    case 'true':
      return { '===': [v(c.f), true] };
    case 'missing':
      return { '==': [v(c.f), null] };
    case 'includes':
      return { some: [{ var: c.f }, { in: [{ var: '' }, c.terms] }] };
    case 'and':
    case 'or':
      return { [c.t]: c.args.map(jsonLogicCond) };
  }
}

/** One json-logic expression per patient: the list of rule conditions, evaluated in one apply. */
export const JSON_LOGIC_RULES: Logic[] = SUBSET.map((r) => jsonLogicCond(r.when));

// ------------------------------------------------------------------ json-rules-engine

type JreCondition = Record<string, unknown>;

export function jreCond(c: Cond): JreCondition {
  switch (c.t) {
    case 'in':
      return { fact: c.f, operator: 'in', value: c.vs };
    case '<':
      return { fact: c.f, operator: 'lessThan', value: c.v };
    case '<=':
      return { fact: c.f, operator: 'lessThanInclusive', value: c.v };
    case '>':
      return { fact: c.f, operator: 'greaterThan', value: c.v };
    case '>=':
      return { fact: c.f, operator: 'greaterThanInclusive', value: c.v };
    case 'ratio':
      // A derived fact: the ratio to the baseline or ULN (undefined when either is missing).
      return { fact: `${c.f}_over_${c.part}`, operator: 'greaterThanInclusive', value: c.k };
    case 'true':
      return { fact: c.f, operator: 'equal', value: true };
    case 'missing':
      return { fact: c.f, operator: 'isMissing', value: true };
    case 'includes':
      return { fact: c.f, operator: 'containsAny', value: c.terms };
    case 'and':
      return { all: c.args.map(jreCond) };
    case 'or':
      return { any: c.args.map(jreCond) };
  }
}

export const JRE_RULES = SUBSET.map((r, i) => ({ name: r.id, priority: 1, conditions: (() => { const c = jreCond(r.when); return 'all' in c || 'any' in c ? c : { all: [c] }; })(), event: { type: r.id, params: { index: i } } }));

// ------------------------------------------------------------------ ZEN (GoRules JDM)

function zenCond(c: Cond): string {
  switch (c.t) {
    case 'in':
      return `(${c.f} in [${c.vs.map((x) => `'${x}'`).join(', ')}])`;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `(${c.f} != null and ${c.f} ${c.t} ${c.v})`;
    case 'ratio':
      return `(${c.f} != null and ${c.f}_${c.part} != null and ${c.f} >= ${c.k} * ${c.f}_${c.part})`;
    case 'true':
      return `(${c.f} == true)`;
    case 'missing':
      return `(${c.f} == null)`;
    case 'includes':
      return `(${c.f} != null and some(${c.f}, # in [${c.terms.map((x) => `'${x}'`).join(', ')}]))`;
    case 'and':
    case 'or':
      return `(${c.args.map(zenCond).join(` ${c.t} `)})`;
  }
}

/** One decision graph: input → an expression node with one boolean per rule → output. */
export function zenGraph(): unknown {
  const position = { x: 0, y: 0 };
  return {
    nodes: [
      { id: 'in', type: 'inputNode', name: 'patient', position },
      { id: 'rules', type: 'expressionNode', name: 'rules', position, content: { expressions: SUBSET.map((r, i) => ({ id: `e${i}`, key: r.id.replace('-', '_'), value: zenCond(r.when) })) } },
      { id: 'out', type: 'outputNode', name: 'decisions', position },
    ],
    edges: [
      { id: 'a', sourceId: 'in', targetId: 'rules', type: 'edge' },
      { id: 'b', sourceId: 'rules', targetId: 'out', type: 'edge' },
    ],
  };
}

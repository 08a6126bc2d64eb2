// The unit each drug is dosed in. A drug with a standard dose (`define standard DRUG = …`)
// is dosed in the unit of its standard; any other drug in the unit of its first absolute
// dose, in source order. Every dose of the drug is converted exactly into that unit, and
// one that cannot be (mg against mg/d) is an error (checker rule dose-units).
import type { Action, DoseFrequency, Range } from '../language/ast.js';
import { commonUnitsFor } from '../units/common-units.js';
import { Rational } from '../units/rational.js';
import { divideUnits, parseUnit, simplifyUnit, type UnitInfo } from '../units/units.js';
import type { DefinitionSymbol, SemanticModel } from './model.js';
import { withTableRules } from '../language/tables.js';

export interface DrugDosing {
  readonly drug: string;
  readonly unit: UnitInfo;
  /** What set the unit: the standard's definition, or the drug's first absolute dose. */
  readonly from: { readonly kind: 'standard' | 'dose'; readonly uri: string; readonly range: Range };
  readonly standard: DefinitionSymbol | undefined;
}

/** A readable unit for a dose: `(mg/kg/d).kg` is mg/d; `(mg/kg/d).[lb_av]` the first common unit of its kind, mg/d. */
export function doseUnit(u: UnitInfo): UnitInfo {
  const common = commonUnitsFor(u.dimension);
  const s = simplifyUnit(u, common);
  if (!/[()]/.test(s.code) || common.length === 0) return s;
  const r = parseUnit(common[0]!);
  return r.ok ? r.unit : s;
}

/** The standard dose definitions, by drug. */
export function standardDoses(model: SemanticModel): Map<string, DefinitionSymbol> {
  const out = new Map<string, DefinitionSymbol>();
  for (const d of model.definitions.values()) if (d.decl.standard) out.set(d.name, d);
  return out;
}

const COUNT_WORDS: readonly string[] = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** How many administrations a frequency names per period (`twice` 2, `3 times` 3, `three times` 3); undefined for a word that is no count. */
export function frequencyCount(f: DoseFrequency): Rational | undefined {
  if (f.count === 'once') return Rational.ONE;
  if (f.count === 'twice') return Rational.of(2n, 1n);
  const word = COUNT_WORDS.indexOf(f.count.toLowerCase());
  if (word >= 0) return Rational.of(BigInt(word), 1n);
  return /^[0-9]/.test(f.count) ? Rational.tryParse(f.count) : undefined;
}

/** The length of a frequency's period in days: daily 1, weekly 7. */
export function frequencyPeriodDays(f: DoseFrequency): Rational {
  return f.period === 'weekly' ? Rational.of(7n, 1n) : Rational.ONE;
}

/** The unit of an absolute dose action, when it has one; for `10 mg twice daily`, the daily equivalent's (mg/d). */
export function actionDoseUnit(model: SemanticModel, a: Action): UnitInfo | undefined {
  if (!a.dose || a.dose.ofStandard) return undefined;
  const t = model.typeOf(a.dose.low);
  if (t.kind !== 'quantity') return undefined;
  return a.dose.frequency ? divideUnits(t.unit, 'd') : t.unit;
}

export function drugDosing(model: SemanticModel): Map<string, DrugDosing> {
  const out = new Map<string, DrugDosing>();
  for (const [drug, def] of standardDoses(model)) {
    const t = model.typeOf(def.decl.expr);
    if (t.kind !== 'quantity' || t.unit.dimension === '1') continue;
    out.set(drug, { drug, unit: doseUnit(t.unit), from: { kind: 'standard', uri: def.uri, range: def.decl.name.range }, standard: def });
  }
  for (const f of model.files)
    for (const d of withTableRules(f.document.declarations)) {
      if (d.kind !== 'RuleDecl' || model.rules.get(d.id.value)?.decl !== d) continue;
      for (const a of d.actions) {
        const u = actionDoseUnit(model, a);
        if (!u || u.dimension === '1') continue;
        for (const t of a.targets)
          if (!out.has(t.value)) out.set(t.value, { drug: t.value, unit: doseUnit(u), from: { kind: 'dose', uri: f.uri, range: a.dose!.range }, standard: undefined });
      }
    }
  return out;
}

// The benchmark subset written by hand in plain TypeScript, building the same decision
// objects as the Vigil engine (rule, title, action, targets, message, sources, explanation).
import type { Decision } from '@vigil/runtime';

type Facts = Readonly<Record<string, unknown>>;

const RANK: Record<string, number> = { contraindicate: 1, stop: 2, caution: 3, dose: 4, monitor: 5, order: 6, recommend: 7, 'advise-against': 8, advise: 9 };
const SOURCES = ['bench'];
const AZA = ['azathioprine'];
const XO = new Set(['allopurinol', 'rxnorm:519', 'febuxostat', 'rxnorm:73689']);

function decision(rule: string, title: string, action: Decision['action'], targets: readonly string[], message: string, explanation: string[]): Decision {
  return { rule, title, action, targets, message, sources: SOURCES, explanation: explanation.map((text, atom) => ({ atom, text })) };
}

const num = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined);

export function evaluateHandwritten(f: Facts): Decision[] {
  const out: Decision[] = [];
  const tpmt = f.tpmt as string | undefined;
  const nudt15 = f.nudt15 as string | null | undefined;
  const wbc = num(f.wbc);
  const platelets = num(f.platelets);
  const neutrophils = num(f.neutrophils);
  const alt = num(f.alt);
  const altUln = num(f.alt_uln);
  const altBaseline = num(f.alt_baseline);
  const bilirubin = num(f.bilirubin);
  const bilirubinUln = num(f.bilirubin_uln);
  const planned = f.azathioprine_planned === true;

  if (tpmt === 'low' || tpmt === 'absent') out.push(decision('S-01', 'Very low or absent TPMT activity', 'contraindicate', AZA, 'life-threatening myelotoxicity', [`tpmt ${tpmt} in { low, absent }`]));
  if (tpmt === 'intermediate') out.push(decision('S-02', 'Intermediate TPMT activity', 'caution', AZA, 'reduce to 30-70% of standard', ['tpmt = intermediate']));
  if (nudt15 === 'deficient') out.push(decision('S-03', 'NUDT15 deficiency', 'contraindicate', AZA, 'NUDT15 deficient', ['nudt15 = deficient']));
  if (f.ancestry === 'east_asian' && nudt15 == null) out.push(decision('S-04', 'East Asian ancestry, NUDT15 untested', 'order', ['nudt15_test'], 'test NUDT15', ['ancestry = east_asian', 'nudt15 is missing']));
  const lowWbc = wbc !== undefined && wbc < 2.5;
  const lowPlt = platelets !== undefined && platelets < 50;
  if (lowWbc || lowPlt) out.push(decision('S-05', 'Severe cytopenia', 'contraindicate', AZA, 'severe cytopenia', lowWbc ? [`wbc ${wbc} 10*9/L < 2.5 10*9/L`] : [`platelets ${platelets} 10*9/L < 50 10*9/L`]));
  if (wbc !== undefined && wbc < 3.5) out.push(decision('S-06', 'Leucopenia', 'stop', AZA, 'WBC below 3.5', [`wbc ${wbc} 10*9/L < 3.5 10*9/L`]));
  if (neutrophils !== undefined && neutrophils < 1.5) out.push(decision('S-07', 'Neutropenia', 'caution', AZA, 'neutrophils below 1.5', [`neutrophils ${neutrophils} 10*9/L < 1.5 10*9/L`]));
  if (platelets !== undefined && platelets < 100) out.push(decision('S-08', 'Thrombocytopenia', 'stop', AZA, 'platelets below 100', [`platelets ${platelets} 10*9/L < 100 10*9/L`]));
  if (alt !== undefined && altUln !== undefined && alt >= 5 * altUln) out.push(decision('S-09', 'ALT above 5 x ULN', 'stop', AZA, 'hepatotoxicity', [`alt ${alt} U/L >= 5 x uln (5 x ${altUln} U/L)`]));
  if (alt !== undefined && altBaseline !== undefined && alt >= 3 * altBaseline) out.push(decision('S-10', 'ALT tripled from baseline', 'caution', AZA, 'rising ALT', [`alt ${alt} U/L >= 3 x baseline (3 x ${altBaseline} U/L)`]));
  if (bilirubin !== undefined && bilirubinUln !== undefined && bilirubin >= 2 * bilirubinUln) out.push(decision('S-11', 'Bilirubin above 2 x ULN', 'stop', AZA, 'cholestasis', [`bilirubin ${bilirubin} umol/L >= 2 x uln (2 x ${bilirubinUln} umol/L)`]));
  const meds = f.medications as readonly string[] | null | undefined;
  if (meds != null) {
    const hit = meds.find((m) => XO.has(m));
    if (hit !== undefined) out.push(decision('S-12', 'Xanthine oxidase inhibitor', 'contraindicate', AZA, 'allopurinol or febuxostat', [`medications includes ${hit}`]));
  }
  if (f.pregnant === true && planned) out.push(decision('S-13', 'Pregnancy', 'contraindicate', AZA, 'pregnant', ['pregnant', 'azathioprine_planned']));
  if (f.breastfeeding === true) out.push(decision('S-14', 'Breastfeeding', 'caution', AZA, 'breastfeeding', ['breastfeeding']));
  if (f.hiv_high_risk === true && planned) out.push(decision('S-15', 'HIV serology in high-risk groups', 'order', ['hiv_serology'], 'HIV serology', ['hiv_high_risk', 'azathioprine_planned']));
  if (f.vzv_infection === 'disseminated' || f.vzv_infection === 'ophthalmic') out.push(decision('S-16', 'Disseminated or ophthalmic zoster', 'stop', AZA, 'VZV', [`vzv_infection ${f.vzv_infection as string} in { disseminated, ophthalmic }`]));
  const symptoms = f.symptoms as readonly string[] | null | undefined;
  if (symptoms != null && (symptoms.includes('jaundice') || symptoms.includes('ruq_pain'))) out.push(decision('S-17', 'Jaundice or right upper quadrant pain', 'stop', AZA, 'liver symptoms', ['symptoms includes { jaundice, ruq_pain }']));
  const age = num(f.age);
  const dose = num(f.current_dose);
  if ((age !== undefined && age < 18) || (dose !== undefined && dose > 200)) out.push(decision('S-18', 'Children and high doses', 'caution', AZA, 'age or dose', [age !== undefined && age < 18 ? `age ${age} a < 18 a` : `current_dose ${dose} mg/d > 200 mg/d`]));
  // Most severe first, then rule order (a stable sort keeps rule order within a rank).
  return out.sort((a, b) => RANK[a.action]! - RANK[b.action]!);
}

// The joint gap analysis at its worst: about 2,000 rules in groups of 6 declared `complete`,
// each group splitting two quantity facts between its rules and leaving gaps, so every group
// the budget admits is searched cell by cell and reports gaps.
export function completeGroupsSet(rules: number): { readonly text: string; readonly rules: number } {
  const groups = Math.max(1, Math.round(rules / 6));
  const facts = Array.from({ length: 10 }, (_, k) => `  f${k}: quantity mg/d optional`).join('\n');
  const decls = Array.from({ length: groups }, (_, g) => `  g${g} complete`).join('\n');
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    for (let j = 0; j < 6; j++) {
      out.push(`rule R-${g}-${j} "r" source "s" group g${g} when f${g % 10} >= ${10 + j * 3} mg/d and f${g % 10} < ${12 + j * 3} mg/d and f${(g + 1) % 10} > ${10 + j} mg/d then advise because "a"`);
    }
  }
  return { text: `ruleset complete_groups version "1"\nfacts {\n${facts}\n}\ngroups {\n${decls}\n}\n${out.join('\n')}\n`, rules: groups * 6 };
}

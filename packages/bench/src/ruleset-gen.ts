// Generated rule sets for the compilation benchmark: a facts block of 40 facts and `n`
// rules of varied shape (enum tests, thresholds, ratios, sets, booleans, missing checks).
export function generatedRuleSet(n: number): string {
  const parts: string[] = ['ruleset generated version "1"', '', 'facts {'];
  for (let i = 0; i < 10; i++) parts.push(`  q${i}: quantity 10*9/L baseline uln "quantity ${i}"`);
  for (let i = 0; i < 10; i++) parts.push(`  e${i}: enum { a, b, c, d } "enum ${i}"`);
  for (let i = 0; i < 10; i++) parts.push(`  b${i}: boolean "flag ${i}"`);
  for (let i = 0; i < 5; i++) parts.push(`  s${i}: set of code "codes ${i}"`);
  for (let i = 0; i < 5; i++) parts.push(`  d${i}: date "date ${i}"`);
  parts.push('}', '', 'valueset vs0 "set" { alpha rxnorm "1", beta rxnorm "2" }', '');
  const verbs = ['caution azathioprine', 'order cbc', 'advise', 'monitor cbc every 1 wk for 4 wk', 'recommend folate'];
  for (let r = 0; r < n; r++) {
    const q = `q${r % 10}`;
    const e = `e${(r * 7) % 10}`;
    const b = `b${(r * 3) % 10}`;
    const s = `s${r % 5}`;
    const d = `d${(r * 11) % 5}`;
    const t = (r % 97) / 10 + 0.5;
    const shapes = [
      `${q} < ${t} 10*9/L and ${e} in { a, b }`,
      `(${q} >= ${1 + (r % 5)} x uln or ${b}) and not ${e} = c`,
      `${s} includes vs0 and ${d} more than ${1 + (r % 30)} d ago`,
      `${q} is missing or (${q} < ${t} 10*9/L and ${q} > 0.1 10*9/L)`,
      `${b} and ${e} != d and ${q} >= 2 x baseline`,
    ];
    const verb = verbs[r % verbs.length]!;
    parts.push(`rule GEN-${r} "generated rule ${r}"`, `  source "gen"`, `  when ${shapes[r % shapes.length]}`, `  then ${verb} because "message ${r}"`, '');
  }
  return parts.join('\n');
}

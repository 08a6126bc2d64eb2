// Every quantity threshold of the azathioprine rule set, at the threshold, just below and
// just above it, in the fact's own unit and in every other accepted unit in which the
// threshold is a terminating decimal: the engine's atom must come out exactly as the
// comparison says (2500 /uL is 2.5 10*9/L, never 2.4999999999999996). Ratio thresholds
// (`alt >= 5 x baseline`, `bilirubin >= 2 x uln`) are tested at equality in two units.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFiles, collectRuleFiles, type IrAtom, type IrExpr, type IrFact, type IrProgram } from '@vigil/core';
import { instantiateEngine } from '@vigil/compiler';

const RULES = fileURLToPath(new URL('../rules/azathioprine', import.meta.url));
const NOW = '2026-06-01T00:00:00Z';

// ---------------------------------------------------------------- exact decimals
interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
function ratio(n: bigint, d: bigint): Ratio {
  const g = gcd(n, d) || 1n;
  return d < 0n ? { n: -n / g, d: -d / g } : { n: n / g, d: d / g };
}
function div(a: Ratio, b: Ratio): Ratio {
  return ratio(a.n * b.d, a.d * b.n);
}
/** An exact IR number: a decimal, or a fraction `n/d` of decimals. */
function parseDecimal(s: string): Ratio {
  const slash = s.indexOf('/');
  if (slash > 0) return div(parseDecimal(s.slice(0, slash)), parseDecimal(s.slice(slash + 1)));
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = m[3] ?? '';
  const n = BigInt(`${m[2]}${frac}`) * (m[1] ? -1n : 1n);
  return ratio(n, 10n ** BigInt(frac.length));
}
const add = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
/** The exact decimal text of `r`, or undefined when it does not terminate. */
function decimal(r: Ratio): string | undefined {
  let d = r.d;
  let digits = 0;
  while (d % 10n === 0n) (d /= 10n), digits++;
  while (d % 2n === 0n || d % 5n === 0n) {
    if (d % 2n === 0n) d /= 2n;
    else d /= 5n;
    digits++;
  }
  if (d !== 1n) return undefined;
  const scaled = (r.n * 10n ** BigInt(digits)) / r.d;
  const neg = scaled < 0n;
  const s = (neg ? -scaled : scaled).toString().padStart(digits + 1, '0');
  const text = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`.replace(/\.?0+$/, '');
  return `${neg ? '-' : ''}${text}`;
}
/** A step far smaller than the threshold's own precision, but well above double rounding. */
function nudge(value: Ratio): Ratio {
  const magnitude = value.n === 0n ? 1n : value.n < 0n ? -value.n : value.n;
  return ratio(magnitude, value.d * 10n ** 9n);
}

// ---------------------------------------------------------------- the rule set
const { files } = collectRuleFiles([RULES]);
const checked = checkFiles(files);
const ir = checked.ir as IrProgram;
const engine = instantiateEngine(ir);
const facts = new Map<string, IrFact>(ir.facts.map((f) => [f.name, f]));

function atomsOf(node: unknown, out: IrAtom[] = []): IrAtom[] {
  if (Array.isArray(node)) for (const n of node) atomsOf(n, out);
  else if (node && typeof node === 'object') {
    const e = node as IrExpr;
    if (e.kind === 'compare' && e.operandType === 'quantity') out.push(e as IrAtom);
    for (const v of Object.values(node)) atomsOf(v, out);
  }
  return out;
}
const atoms = atomsOf([ir.definitions, ir.rules]);

function holds(op: string, sign: -1 | 0 | 1): boolean {
  switch (op) {
    case '<': return sign < 0;
    case '<=': return sign <= 0;
    case '>': return sign > 0;
    case '>=': return sign >= 0;
    case '=': return sign === 0;
    default: return sign !== 0;
  }
}

function atomValue(atom: number, patient: Record<string, unknown>): number {
  const valid = engine.validateFacts(patient);
  if (!valid.ok) throw new Error(`invalid facts ${JSON.stringify(patient)}: ${JSON.stringify(valid)}`);
  const r = engine.evaluate(patient, { now: NOW, trace: true });
  return r.atoms![atom]!;
}

type Threshold = { atom: IrAtom & { kind: 'compare' }; fact: IrFact; value: Ratio };
const constants: Threshold[] = [];
const ratios: { atom: IrAtom & { kind: 'compare' }; fact: IrFact; k: Ratio; part: 'baseline' | 'uln' }[] = [];
for (const a of atoms) {
  if (a.kind !== 'compare' || a.left.kind !== 'fact' || a.left.ref.part !== 'value') continue;
  const fact = facts.get(a.left.ref.fact)!;
  if (a.right.kind === 'quantity') constants.push({ atom: a, fact, value: parseDecimal(a.right.value) });
  else if (a.right.kind === 'arith' && a.right.op === '*' && a.right.left.kind === 'quantity' && a.right.right.kind === 'fact' && a.right.right.ref.part !== 'value') {
    ratios.push({ atom: a, fact, k: parseDecimal(a.right.left.value), part: a.right.right.ref.part });
  }
}

describe('azathioprine thresholds are exact in every unit', () => {
  it('finds the rule set clean and its thresholds', () => {
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(constants.length).toBeGreaterThanOrEqual(10);
    expect(ratios.length).toBeGreaterThanOrEqual(5);
  });

  it('every constant threshold: at, just below and just above, in at least two units', () => {
    const failures: string[] = [];
    for (const { atom, fact, value } of constants) {
      let units = 0;
      for (const accepted of fact.acceptedUnits ?? []) {
        const inUnit = div(value, parseDecimal(accepted.factor));
        const step = nudge(inUnit);
        const cases: [Ratio, -1 | 0 | 1][] = [
          [inUnit, 0],
          [add(inUnit, ratio(-step.n, step.d)), -1],
          [add(inUnit, step), 1],
        ];
        const texts = cases.map(([v]) => decimal(v));
        if (texts.some((t) => t === undefined || t.startsWith('-'))) continue;
        units++;
        cases.forEach(([, sign], i) => {
          const patient = { [fact.name]: `${texts[i]} ${accepted.unit}` };
          const got = atomValue(atom.atom, patient);
          const want = holds(atom.op, sign) ? 1 : 0;
          if (got !== want) failures.push(`${atom.text} with ${fact.name} = ${texts[i]} ${accepted.unit}: got ${got}, want ${want}`);
        });
      }
      if (units < 2) failures.push(`${atom.text}: only ${units} unit(s) express the threshold exactly`);
    }
    expect(failures).toEqual([]);
  });

  it('every ratio threshold: equality is exact, with the reference in a second unit too', () => {
    const failures: string[] = [];
    for (const { atom, fact, k, part } of ratios) {
      const own = fact.type.kind === 'quantity' ? fact.type.unit : '';
      // Reference values whose product by k is a long decimal: the float product would miss equality.
      for (const ref of ['278.398', '33.3', '17.1']) {
        const refValue = parseDecimal(ref);
        const product = decimal(ratio(k.n * refValue.n, k.d * refValue.d))!;
        const other = (fact.acceptedUnits ?? []).find((u) => u.unit !== own && decimal(div(refValue, parseDecimal(u.factor))) !== undefined);
        const refs: string[] = [`${ref} ${own}`];
        if (other) refs.push(`${decimal(div(refValue, parseDecimal(other.factor)))} ${other.unit}`);
        for (const refText of refs) {
          const patient = { [fact.name]: `${product} ${own}`, [`${fact.name}_${part}`]: refText };
          const got = atomValue(atom.atom, patient);
          const want = holds(atom.op, 0) ? 1 : 0;
          if (got !== want) failures.push(`${atom.text} with ${fact.name} = ${product} ${own}, ${part} = ${refText}: got ${got}, want ${want}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

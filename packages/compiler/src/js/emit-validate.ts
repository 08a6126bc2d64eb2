// The boundary: tables describing each input key (driving `$validate` in the prelude) and
// the constructor of the normalised facts object, which has every key, always in one order
// (one hidden class), created with computed keys so a fact named `__proto__` is an own
// property and never a prototype.
import type { IrFact, IrType, Rational } from '@vigil/core';
import { roundingThresholds } from './input-exactness.js';
import type { EmitContext } from './context.js';
import { GenerateError, exactText, int, lit, nearestDouble, num, parseExact } from './escape.js';

/** Names an object literal must not read or write through the prototype chain. */
export const PROTOTYPE_NAMES = new Set([
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

function spec(type: IrType, fact: IrFact, thresholds: readonly Rational[] | null): string {
  switch (type.kind) {
    case 'boolean':
    case 'text':
    case 'code':
      return `{ k: ${lit(type.kind)} }`;
    case 'date':
      return `{ k: "date", what: "date", example: "2024-03-01" }`;
    case 'datetime':
      return `{ k: "date", what: "date-time", example: "2024-03-01T08:30:00Z" }`;
    case 'enum':
      return `{ k: "enum", values: [${type.values.map(lit).join(', ')}], set: new Set([${type.values.map(lit).join(', ')}]) }`;
    case 'quantity': {
      const units = acceptedUnits(fact, type.unit);
      const entries = units.map(([u, f]) => {
        const r = parseExact(f);
        if (f === '1') return `[${lit(u)}, null]`;
        const [fm, fe] = decimalFactor(r.n, r.d);
        return `[${lit(u)}, [${lit(r.n.toString())}, ${lit(r.d.toString())}, ${fm}, ${fe}]]`;
      });
      return `{ k: "quantity", unit: ${lit(type.unit)}, units: new Map([${entries.join(', ')}]), list: ${lit(units.map(([u]) => u).join(', '))}${rangeSpec(fact, type.unit)}, th: ${thresholdsLit(thresholds)} }`;
    }
    case 'set':
      if (type.element.kind === 'set') throw new GenerateError('sets of sets are not supported');
      return `{ k: "set", element: ${spec(type.element, fact, null)} }`;
    default:
      throw new GenerateError(`unknown fact type ${JSON.stringify((type as { kind: unknown }).kind)}`);
  }
}

/** The constants an input is compared with (`th`, see input-exactness.ts): null when it has other uses. */
function thresholdsLit(thresholds: readonly Rational[] | null): string {
  if (thresholds === null) return 'null';
  const distinct = new Map(thresholds.map((t) => [t.toExact(), t]));
  const sorted = [...distinct.values()].sort((a, b) => a.cmp(b));
  return `[${sorted.map((t) => `[${t.num}n, ${t.den}n]`).join(', ')}]`;
}

/**
 * The plausible range of a quantity fact, for `$inRange`: each bound as its nearest double
 * and its exact [num, den], and the range as text for messages.
 */
function rangeSpec(fact: IrFact, unit: string): string {
  const r = fact.range;
  if (!r) return '';
  const bound = (x: string) => {
    const q = parseExact(x);
    return `${num(nearestDouble(q))}, [${q.n}n, ${q.d}n]`;
  };
  const u = unit === '1' ? '' : ` ${unit}`;
  const text = r.high !== undefined ? `${exactText(r.low)}${u} to ${exactText(r.high)}${u}` : `at least ${exactText(r.low)}${u}`;
  const parts = [`lo: ${bound(r.low).replace(', [', ', lx: [')}`];
  if (r.high !== undefined) parts.push(`hi: ${bound(r.high).replace(', [', ', hx: [')}`);
  parts.push(`rt: ${lit(text)}`, `rd: ${r.declared}`);
  return `, ${parts.join(', ')}`;
}

/** A factor n/d as fm x 10^fe with fm a safe integer, or [0, 0] when it is not a short decimal. */
function decimalFactor(n: bigint, d: bigint): [string, string] {
  for (let kp = 0; kp <= 30; kp++) {
    const p = 10n ** BigInt(kp);
    if ((n * p) % d !== 0n) continue;
    let fm = (n * p) / d;
    let fe = -kp;
    while (fm !== 0n && fm % 10n === 0n) {
      fm /= 10n;
      fe++;
    }
    return fm > 0n && fm <= BigInt(Number.MAX_SAFE_INTEGER) ? [fm.toString(), String(fe)] : ['0', '0'];
  }
  return ['0', '0'];
}

/** The units a quantity fact accepts, own unit first, with exact factors. */
export function acceptedUnits(fact: IrFact, own: string): [string, string][] {
  const out = new Map<string, string>([[own, '1']]);
  for (const a of fact.acceptedUnits ?? []) {
    if (!out.has(a.unit)) {
      const r = parseExact(a.factor);
      if (r.n <= 0n) throw new GenerateError(`unit ${JSON.stringify(a.unit)} of ${JSON.stringify(fact.name)} has a non-positive factor`);
      out.set(a.unit, a.factor);
    }
  }
  return [...out];
}

export function emitValidation(ctx: EmitContext): string {
  const lines: string[] = [];
  lines.push(`const $KEYS = new Map([${ctx.inputs.map((k) => `[${lit(k.key)}, ${int(k.slot)}]`).join(', ')}]);`);
  lines.push(`const $IK = [${ctx.inputs.map((k) => lit(k.key)).join(', ')}];`);
  lines.push('const $SPECS = [');
  const thresholds = roundingThresholds(ctx);
  for (const k of ctx.inputs) lines.push(`  ${spec(k.fact.type, k.fact, thresholds.has(k.slot) ? thresholds.get(k.slot)! : [])},`);
  lines.push('];');
  // The facts object: one literal, every key in slot order (one shape). Quoted keys are own
  // data properties and make a fast boilerplate literal; a fact named `__proto__` needs
  // computed keys (a quoted one would set the prototype), slower but the same object.
  const computed = ctx.inputs.some((k) => k.key === '__proto__');
  const props = ctx.inputs.map((k) => `${computed ? `[${lit(k.key)}]` : lit(k.key)}: a[${int(k.slot)}]`);
  lines.push('function $make(a) {');
  lines.push(`  return { ${props.join(', ')} };`);
  lines.push('}');
  lines.push('function validateFacts(input) {');
  lines.push(`  return $validate(input, $KEYS, $SPECS, $IK, ${int(ctx.inputs.length)}, $make);`);
  lines.push('}');
  return lines.join('\n');
}

/** Statements reading every input into its slot variable `$fN`. */
export function emitLoad(ctx: EmitContext, only?: ReadonlySet<number>): string[] {
  return ctx.inputs.filter((k) => only === undefined || only.has(k.slot)).map((k) => {
    const key = lit(k.key);
    const read = PROTOTYPE_NAMES.has(k.key) ? `($hop.call(f, ${key}) ? f[${key}] : null)` : `f[${key}]`;
    return `$f${int(k.slot)} = ${read} ?? null;`;
  });
}

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
  emitFastValidation(ctx, lines);
  lines.push('function validateFacts(input) {');
  lines.push("  if (input !== null && typeof input === 'object' && !Array.isArray(input)) { const r = $validFast(input); if (r !== null) return r; }");
  lines.push(`  return $validate(input, $KEYS, $SPECS, $IK, ${int(ctx.inputs.length)}, $make);`);
  lines.push('}');
  return lines.join('\n');
}

/**
 * The validator generated for this rule set: one checker per input (`$vN`, the value or
 * `$BAD`), reading the input's own keys once into local variables and building the facts
 * object from them, without issue lists, slot arrays or spec dispatch. It only accepts: on
 * anything it does not accept (an unknown key, a value to refuse, a form outside its fast
 * paths) it returns null and `$validate`, the general validator, decides and writes every
 * message, so that accepted values and messages are those of `$validate` by construction.
 */
function emitFastValidation(ctx: EmitContext, lines: string[]): void {
  ctx.inputs.forEach((k) => {
    const type = k.fact.type;
    const s = `$SPECS[${int(k.slot)}]`;
    const body = checker(type.kind === 'set' ? type.element : type, type.kind === 'set' ? `${s}.element` : s, k.fact);
    lines.push(`function $v${int(k.slot)}(v) {\n${body.map((l) => `  ${l}`).join('\n')}\n}`);
  });
  const n = ctx.inputs.length;
  const vars = ctx.inputs.map((k) => `$s${int(k.slot)}`);
  lines.push('function $validFast(o) {');
  if (n > 0) lines.push(`  let ${vars.map((v) => `${v} = null`).join(', ')};`);
  lines.push('  let seen = 0, next = 0;');
  lines.push('  for (const key in o) {');
  lines.push('    if (!$hop.call(o, key)) continue;');
  lines.push('    if (++seen > 100000) return null;');
  // Inputs usually list their keys in declaration order, some left out: the key after the
  // last one, or the one after that, is found by comparing interned strings; others by the map.
  lines.push('    let i;');
  lines.push('    if (key === $IK[next]) i = next;');
  lines.push('    else if (key === $IK[next + 1]) i = next + 1;');
  lines.push('    else { i = $KEYS.get(key); if (i === undefined) return null; }');
  lines.push('    next = i + 1;');
  lines.push('    const v = o[key];');
  lines.push('    if (v === null || v === undefined) continue;');
  lines.push('    let x;');
  lines.push('    switch (i) {');
  for (const k of ctx.inputs) {
    const i = int(k.slot);
    if (k.fact.type.kind === 'set') {
      lines.push(`      case ${i}: { if (!Array.isArray(v) || v.length > $MAX_SET) return null; const a = []; for (let j = 0; j < v.length; j++) { const y = $v${i}(v[j]); if (y === $BAD) return null; a.push(y); } $s${i} = a; continue; }`);
    } else lines.push(`      case ${i}: x = $v${i}(v); if (x === $BAD) return null; $s${i} = x; continue;`);
  }
  lines.push('    }');
  lines.push('    return null;');
  lines.push('  }');
  const computed = ctx.inputs.some((k) => k.key === '__proto__');
  const props = ctx.inputs.map((k) => `${computed ? `[${lit(k.key)}]` : lit(k.key)}: $s${int(k.slot)}`);
  lines.push(`  return { ok: true, facts: { ${props.join(', ')} } };`);
  lines.push('}');
}

/** The statements of one value's checker (v may be anything but, for a single fact, null): the value or `$BAD`. */
function checker(type: IrType, s: string, fact: IrFact): string[] {
  switch (type.kind) {
    case 'boolean':
      return ["return typeof v === 'boolean' ? v : $BAD;"];
    case 'text':
      return ["return typeof v === 'string' && v.length <= $MAX_TEXT ? v : $BAD;"];
    case 'code':
      return ['return $code(v);'];
    case 'enum':
      return [`return typeof v === 'string' && ${s}.set.has(v) ? v : $BAD;`];
    case 'date':
    case 'datetime':
      return ["if (typeof v === 'string') { let ms = $isoFast(v); if (ms !== ms) ms = $iso(v); return Number.isFinite(ms) ? ms : $BAD; }", `return $check(v, ${s});`];
    case 'quantity': {
      const r = fact.range;
      const lo = r ? num(nearestDouble(parseExact(r.low))) : '-Infinity';
      const hi = r && r.high !== undefined ? num(nearestDouble(parseExact(r.high))) : 'Infinity';
      return [
        // A number in the fact's unit strictly inside the range is itself; the bounds and
        // everything else go the general way, which compares exactly.
        `if (typeof v === 'number') { if (v > ${lo} && v < ${hi}) return v; }`,
        `else if (typeof v === 'string') { const x = $qfast(v, ${s}.units, ${s}.unit, ${lo}, ${hi}); if (x === x) return x; }`,
        `else if (typeof v === 'object' && v !== null) { const x = $qobj(v, ${s}.units, ${s}.unit, ${lo}, ${hi}); if (x === x) return x; }`,
        `return $quantity(v, ${s});`,
      ];
    }
    default:
      throw new GenerateError(`unknown fact type ${JSON.stringify((type as { kind: unknown }).kind)}`);
  }
}

/** Statements reading every input into its slot variable `$fN`. */
export function emitLoad(ctx: EmitContext, only?: ReadonlySet<number>): string[] {
  return ctx.inputs.filter((k) => only === undefined || only.has(k.slot)).map((k) => {
    const key = lit(k.key);
    const read = PROTOTYPE_NAMES.has(k.key) ? `($hop.call(f, ${key}) ? f[${key}] : null)` : `f[${key}]`;
    return `$f${int(k.slot)} = ${read} ?? null;`;
  });
}

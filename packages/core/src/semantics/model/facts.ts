// Fact declarations: each fact's type, options and plausible range.
import type { FactDecl, FactRange, FactsBlock, TypeNode } from '../../language/ast.js';
import { Rational } from '../../units/rational.js';
import { convertExact, parseUnit, type UnitInfo } from '../../units/units.js';
import type { FactSymbol, PlausibleRange, SemType } from '../model.js';
import { symbolFor, type ModelTables } from './tables.js';
import { ERROR } from './types.js';

export function declareFacts(t: ModelTables, block: FactsBlock, uri: string): void {
  for (const fd of block.facts) {
    if (!t.claim('value', 'fact', fd.name, uri)) continue;
    t.facts.set(
      fd.name.value,
      symbolFor(fd, uri, (): FactSymbol => {
        const opts = new Set(fd.options.map((o) => o.value));
        const type = typeFromNode(fd.type);
        return {
          kind: 'fact',
          name: fd.name.value,
          decl: fd,
          uri,
          type,
          plausibleRange: plausibleRangeOf(fd, type),
          baseline: opts.has('baseline'),
          uln: opts.has('uln'),
          optional: opts.has('optional'),
        };
      }),
    );
    if (fd.type.kind === 'EnumType') {
      const seen = new Set<string>();
      for (const m of fd.type.members) {
        if (seen.has(m.value)) t.duplicates.push({ what: `value of ${fd.name.value}`, name: m.value, first: { uri, range: fd.type.members.find((x) => x.value === m.value)!.range }, second: { uri, range: m.range } });
        seen.add(m.value);
      }
    }
  }
}

function typeFromNode(node: TypeNode): SemType {
  switch (node.kind) {
    case 'PrimitiveType':
      if (node.name === 'duration') {
        const d = parseUnit('d');
        return d.ok ? { kind: 'quantity', unit: d.unit } : ERROR;
      }
      return { kind: node.name };
    case 'EnumType':
      return { kind: 'enum', values: node.members.map((m) => m.value) };
    case 'QuantityType': {
      const u = parseUnit(node.unit.text);
      return u.ok ? { kind: 'quantity', unit: u.unit } : ERROR;
    }
    case 'SetType':
      return { kind: 'set', element: typeFromNode(node.element) };
  }
}

/** The exact value of a range bound in `unit`, or why it has none. */
export function rangeBoundValue(
  bound: FactRange['low'],
  unit: UnitInfo,
): { readonly ok: true; readonly value: Rational } | { readonly ok: false; readonly reason: 'unit' | 'incommensurable'; readonly unit: string } {
  const code = bound.quantity.unit?.text ?? '1';
  const u = parseUnit(code);
  if (!u.ok) return { ok: false, reason: 'unit', unit: code };
  const magnitude = Rational.parse(bound.quantity.value);
  const v = convertExact(bound.negative ? magnitude.neg() : magnitude, u.unit, unit);
  return v ? { ok: true, value: v } : { ok: false, reason: 'incommensurable', unit: code };
}

/** The plausible range a fact declaration gives, per the rules of `FactSymbol.plausibleRange`. */
export function plausibleRangeOf(decl: FactDecl, type: SemType): PlausibleRange | undefined {
  if (type.kind !== 'quantity') return undefined;
  const r = decl.plausibleRange;
  if (!r) return { low: Rational.ZERO, high: undefined, unit: type.unit.code, declared: false };
  const low = rangeBoundValue(r.low, type.unit);
  const high = rangeBoundValue(r.high, type.unit);
  if (!low.ok || !high.ok || low.value.gt(high.value)) return undefined;
  return { low: low.value, high: high.value, unit: type.unit.code, declared: true };
}

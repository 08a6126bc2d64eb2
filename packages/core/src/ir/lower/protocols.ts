// Protocols (graded challenges) to IR: amounts exact, units as written.
import type { ProtocolDecl } from '../../language/ast.js';
import { Rational } from '../../units/rational.js';
import type { IrProtocol } from '../ir.js';
import { boundedExact, type LowerContext } from './common.js';

export function lowerProtocol(ctx: LowerContext, d: ProtocolDecl, uri: string): IrProtocol {
  const q = (x: { value: string; unit: { text: string } | undefined }) => ({ value: boundedExact(Rational.parse(x.value), 'a protocol amount'), unit: x.unit?.text ?? '1' });
  return {
    id: d.id.value,
    title: d.title?.value ?? '',
    sources: d.sources.map((s) => s.value),
    ...(d.strength ? { strength: d.strength.value } : {}),
    ...(d.drug ? { drug: d.drug.value } : {}),
    ...(d.target ? { target: { dose: q(d.target.dose), duration: q(d.target.duration) } } : {}),
    steps: d.steps.map((s) => ({ dose: q(s.dose), observe: q(s.observe) })),
    location: ctx.loc(uri, d.id.range),
  };
}

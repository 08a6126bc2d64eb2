// Value sets to IR: each member with its codes as `system:code`, the system lower-cased.
import type { IrValueSet } from '../ir.js';
import type { LowerContext } from './common.js';

export function lowerValueSets(ctx: LowerContext): IrValueSet[] {
  return [...ctx.model.valueSets.values()].map((vs) => ({
    name: vs.name,
    title: vs.decl.title?.value,
    members: vs.decl.members.map((m) => ({ name: m.name.value, codes: m.codes.map((c) => `${c.system.value.toLowerCase()}:${c.code.value}`) })),
    location: ctx.loc(vs.uri, vs.decl.name.range),
  }));
}

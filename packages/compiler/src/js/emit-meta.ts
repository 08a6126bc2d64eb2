// The module's descriptive exports: `ruleset`, `rules` (metadata) and `facts` (the input
// schema summary). Deep-frozen; shared by every call.
import type { IrProgram, IrType } from '@vigil/core';
import { bool, int, lit } from './escape.js';
import { acceptedUnits } from './emit-validate.js';

function typeLit(t: IrType): string {
  switch (t.kind) {
    case 'enum':
      return `{ kind: "enum", values: [${t.values.map(lit).join(', ')}] }`;
    case 'quantity':
      return `{ kind: "quantity", unit: ${lit(t.unit)} }`;
    case 'set':
      return `{ kind: "set", element: ${typeLit(t.element)} }`;
    default:
      return `{ kind: ${lit(t.kind)} }`;
  }
}

export function emitMeta(ir: IrProgram): string {
  const out: string[] = [];
  const version = ir.ruleset.version !== undefined ? `, version: ${lit(ir.ruleset.version)}` : '';
  const strengths = ir.ruleset.strengths ? `, strengths: [${ir.ruleset.strengths.map(lit).join(', ')}]` : '';
  out.push(`const ruleset = $deepFreeze({ name: ${lit(ir.ruleset.name)}${version}${strengths}, irVersion: ${lit(ir.irVersion)} });`);
  out.push('const rules = $deepFreeze([');
  for (const r of ir.rules) {
    const actions = r.actions.map((a) => {
      const p = [`verb: ${lit(a.verb)}`, `targets: [${a.targets.map(lit).join(', ')}]`, `permanent: ${bool(a.permanent)}`];
      if (a.message !== undefined) p.push(`message: ${lit(a.message)}`);
      if (a.dose) p.push(`dose: { unit: ${lit(a.dose.unit)}, ofStandard: ${bool(a.dose.ofStandard)} }`);
      if (a.schedule) p.push(`schedule: [${a.schedule.map((s) => `{ every: ${lit(s.every)}${s.bound ? `, bound: { kind: ${lit(s.bound.kind)}, text: ${lit(s.bound.text)} }` : ''} }`).join(', ')}]`);
      if (a.window) p.push(`window: ${lit(a.window.text)}`);
      if (a.anchor) p.push(`anchor: ${lit(a.anchor.fact)}`);
      return `{ ${p.join(', ')} }`;
    });
    const p = [`id: ${lit(r.id)}`, `title: ${lit(r.title)}`, `sources: [${r.sources.map(lit).join(', ')}]`];
    if (r.strength !== undefined) p.push(`strength: ${lit(r.strength)}`);
    p.push(`overrides: [${r.overrides.map(lit).join(', ')}]`);
    if (r.tightens?.length) p.push(`tightens: [${r.tightens.map((t) => `{ rule: ${lit(t.rule)}, action: ${int(t.action)}, how: ${lit(t.text)} }`).join(', ')}]`);
    p.push(`actions: [${actions.join(', ')}]`);
    out.push(`  { ${p.join(', ')} },`);
  }
  out.push(']);');
  out.push('const facts = $deepFreeze([');
  for (const f of ir.facts) {
    const p = [`name: ${lit(f.name)}`, `type: ${typeLit(f.type)}`, `baseline: ${bool(f.baseline)}`, `uln: ${bool(f.uln)}`];
    if (f.type.kind === 'quantity') p.push(`acceptedUnits: [${acceptedUnits(f, f.type.unit).map(([u]) => lit(u)).join(', ')}]`);
    if (f.description !== undefined) p.push(`description: ${lit(f.description)}`);
    out.push(`  { ${p.join(', ')} },`);
  }
  out.push(']);');
  return out.join('\n');
}

// Definitions to IR, and their order: a definition comes after those it refers to.
import type { DefineDecl } from '../../language/ast.js';
import type { IrDefinition, IrExpr } from '../ir.js';
import { walkIr } from '../walk.js';
import { irType, type LowerContext } from './common.js';
import { lowerCond, lowerValue } from './expressions.js';

export function lowerDefinition(ctx: LowerContext, d: DefineDecl, uri: string): IrDefinition {
  const t = ctx.model.typeOf(d.expr);
  const expr = t.kind === 'boolean' ? lowerCond(ctx, d.expr, uri) : lowerValue(ctx, d.expr, uri).expr;
  return { name: d.name.value, title: d.title?.value, type: irType(t), expr, location: ctx.loc(uri, d.name.range) };
}

/** Dependency order, stable otherwise: a definition comes after those it refers to. */
export function sortDefinitions(defs: IrDefinition[]): IrDefinition[] {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const out: IrDefinition[] = [];
  const done = new Set<string>();
  const visit = (d: IrDefinition) => {
    if (done.has(d.name)) return;
    done.add(d.name);
    for (const dep of refsIn(d.expr)) {
      const x = byName.get(dep);
      if (x) visit(x);
    }
    out.push(d);
  };
  defs.forEach(visit);
  return out;
}

export function refsIn(e: IrExpr): string[] {
  const out: string[] = [];
  walkIr(e, (x) => void (x.kind === 'ref' && out.push(x.definition)));
  return out;
}

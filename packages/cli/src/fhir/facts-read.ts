// The facts a rule set's rules read: through their conditions, the definitions those use,
// and their doses. Bindings of other facts would only make prefetch ask for more data.
import type { IrProgram } from '@vigil/core';

export function factsRead(ir: IrProgram): Set<string> {
  const definitions = new Map(ir.definitions.map((d) => [d.name, d]));
  const read = new Set<string>();
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    const ref = o.ref as { fact?: unknown } | undefined;
    if (ref && typeof ref.fact === 'string') read.add(ref.fact);
    if (o.kind === 'ref' && typeof o.definition === 'string' && !seen.has(o.definition)) {
      seen.add(o.definition);
      walk(definitions.get(o.definition)?.expr);
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'location' && typeof v === 'object') walk(v);
  };
  for (const rule of ir.rules) walk([rule.when, rule.unless, rule.actions]);
  return read;
}

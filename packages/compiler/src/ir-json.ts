// emitIrJson: the IR as stable, pretty JSON. Keys are sorted at every level (so equal IRs
// give equal bytes whatever order they were built in), `undefined` members are dropped,
// two-space indentation, one trailing newline.

function canonical(value: unknown, depth: number): unknown {
  if (depth > 10_000) throw new Error('the IR is nested too deeply');
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v, depth + 1)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = canonical(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('the IR holds a non-finite number');
  return value;
}

export function emitIrJson(ir: unknown): string {
  return `${JSON.stringify(canonical(ir, 0), null, 2)}\n`;
}

// Shared helpers for formatter tests: AST comparison modulo ranges.
import { parseDocument, type Document } from '@vigil/core';

const RANGE_KEYS = new Set(['range', 'verbRange', 'opRange', 'countRange', 'cellsRange', 'header', 'uri']);

/** The AST as plain data without positions; comments compared by their trimmed text. */
export function shape(doc: Document): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        if (RANGE_KEYS.has(k)) continue;
        out[k] = k === 'text' && typeof child === 'string' && (v as { kind?: string }).kind === 'Comment' ? child.trimEnd() : strip(child);
      }
      return out;
    }
    return v;
  };
  return strip(doc);
}

export function parseShape(text: string): unknown {
  const parsed = parseDocument(text, '/t.vigil');
  if (parsed.diagnostics.length > 0) throw new Error(`syntax errors: ${parsed.diagnostics.map((d) => d.message).join('; ')}\n${text}`);
  return shape(parsed.document);
}

import { describe, expect, it } from 'vitest';
import { emitIrJson } from './ir-json.js';
import { fact, program, rule, T } from '@vigil/core/test';

describe('emitIrJson', () => {
  const ir = program({ facts: [fact('wbc', T.quantity('10*9/L'), { description: 'a\u2028b' })], rules: [rule('R-1', {})] });

  it('is pretty JSON with two spaces and a trailing newline, and parses back to the IR', () => {
    const text = emitIrJson(ir);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"/);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(ir)));
  });

  it('is stable: key order and undefined members do not change the bytes', () => {
    const shuffled = JSON.parse(JSON.stringify(ir), (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)) as typeof ir;
    expect(emitIrJson(shuffled)).toBe(emitIrJson(ir));
    expect(emitIrJson({ ...ir, extra: undefined })).toBe(emitIrJson(ir));
    const keys = [...emitIrJson(ir).matchAll(/^ {2}"([^"]+)"/gm)].map((m) => m[1]);
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps a __proto__ key as data', () => {
    expect(emitIrJson(JSON.parse('{"__proto__": {"x": 1}, "a": 2}'))).toBe('{\n  "__proto__": {\n    "x": 1\n  },\n  "a": 2\n}\n');
  });
});

// The prelude's pure helpers, tested as the typed functions they are; and the text engines
// embed (types erased), which must be up to date and behave the same.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRELUDE, PRELUDE_REQUIRES, ISO_SOURCE, preludeHelpers, type PreludeHelpers } from './prelude.js';
import { $iso } from './prelude/iso.js';
import { $decToRat, $fmtA, $fmtKx, $fmtR, $rat, $rmul, $toNum } from './prelude/numbers.js';
import { $scaleDec } from './prelude/validate.js';

const h: PreludeHelpers = { iso: $iso, decToRat: $decToRat, rat: $rat, toNum: $toNum, fmtR: $fmtR, rmul: $rmul, fmtKx: $fmtKx, fmtA: $fmtA, scaleDec: $scaleDec };
const RUNTIME = join(import.meta.dirname, '../..');

describe('the engine text', () => {
  it('is what scripts/gen-engine-text.mjs writes from the typed modules now', () => {
    const r = spawnSync(process.execPath, [join(RUNTIME, 'scripts/gen-engine-text.mjs'), '--check'], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toContain('is up to date');
    expect(r.status).toBe(0);
  });

  it('expects from generated code exactly the names its modules declare (PRELUDE_REQUIRES)', () => {
    const declared = new Set<string>();
    for (const m of ['numbers', 'iso', 'validate', 'slow-paths']) {
      for (const d of readFileSync(join(import.meta.dirname, `prelude/${m}.ts`), 'utf8').matchAll(/^declare const (\$\w+)/gm)) declared.add(d[1]!);
    }
    expect([...declared].sort()).toEqual([...PRELUDE_REQUIRES].sort());
  });

  it('has no backtick or template substitution (it is copied into generated modules)', () => {
    expect(PRELUDE).not.toContain('`');
    expect(PRELUDE).not.toContain('${');
    expect(PRELUDE).toContain(ISO_SOURCE);
  });

  it('computes what the typed functions compute', () => {
    const t = preludeHelpers();
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (v, n, d) => {
        const r: [bigint, bigint] = [BigInt(n), BigInt(d)];
        expect(t.rat(v)).toEqual(h.rat(v));
        expect(Object.is(t.toNum(r), h.toNum(r))).toBe(true);
        expect(t.fmtR(t.rmul(r, t.rat(v)))).toBe(h.fmtR(h.rmul(r, h.rat(v))));
        expect(t.fmtA(v)).toBe(h.fmtA(v));
        expect(t.fmtKx(n, 3, r, v, String(v))).toBe(h.fmtKx(n, 3, r, v, String(v)));
        expect(Object.is(t.scaleDec(String(v), d, -3), h.scaleDec(String(v), d, -3))).toBe(true);
        expect(t.iso(new Date(Math.abs(v) % 8e15).toISOString())).toBe(h.iso(new Date(Math.abs(v) % 8e15).toISOString()));
      }),
      { numRuns: 300 },
    );
  });
});

describe('prelude', () => {

  it('parses ISO 8601 dates and date-times like Date.UTC, and rejects impossible ones', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(h.iso(iso)).toBe(d.getTime());
        expect(h.iso(iso.slice(0, 10))).toBe(Math.floor(d.getTime() / 86400000) * 86400000);
      }),
      { numRuns: 300 },
    );
    expect(h.iso('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-00-10', '2024-01-01T24:00', '2024-01-01T00:00:60', 'x', '+002024-01-01']) expect(h.iso(bad)).toBeNaN();
    expect(h.iso('2024-01-01T00:00:00-05:30')).toBe(Date.UTC(2024, 0, 1, 5, 30));
  });

  it('rounds rationals to the nearest double, ties to even', () => {
    expect(h.toNum([1n, 3n])).toBe(1 / 3);
    expect(h.toNum([25n, 10n])).toBe(2.5);
    expect(h.toNum([-1n, 10n])).toBe(-0.1);
    expect(h.toNum([2n ** 53n + 1n, 1n])).toBe(2 ** 53);
    expect(h.toNum([2n ** 53n + 3n, 1n])).toBe(2 ** 53 + 4);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (v) => {
        expect(h.toNum(h.rat(v))).toBe(v === 0 ? 0 : v);
      }),
      { numRuns: 500 },
    );
  });

  it('rounds subnormal results correctly: every tiny double, and ties between them', () => {
    const tiny = [5e-324, 1e-323, 2.2250738585072014e-308, 2.225073858507201e-308, 6.76153745940379e-309, 1e-310, 4.9406564584124654e-320];
    for (const v of tiny) {
      expect(h.toNum(h.rat(v))).toBe(v);
      expect(h.toNum(h.rat(-v))).toBe(-v);
    }
    // Exactly half of the smallest subnormal (2^-1075) ties to even: zero; a hair above rounds up.
    const unit = 2n ** 1075n;
    expect(h.toNum([1n, unit])).toBe(0);
    expect(h.toNum([1001n, 1000n * unit])).toBe(5e-324);
    // 3 and 5 halves of it: ties to even, 2 and 2 smallest subnormals.
    expect(h.toNum([3n, unit])).toBe(1e-323);
    expect(h.toNum([5n, unit])).toBe(1e-323);
    // The largest subnormal and the smallest normal, exactly.
    expect(h.toNum([2n ** 52n - 1n, 2n ** 1074n])).toBe(2.225073858507201e-308);
    expect(h.toNum([1n, 2n ** 1022n])).toBe(2.2250738585072014e-308);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -2.3e-308, max: 2.3e-308 }), (v) => {
        expect(h.toNum(h.rat(v))).toBe(v === 0 ? 0 : v);
      }),
      { numRuns: 2000 },
    );
  });

  it('formats rationals as exact decimals when they terminate', () => {
    expect(h.fmtR([200n, 1n])).toBe('200');
    expect(h.fmtR([9990n, 100n])).toBe('99.9');
    expect(h.fmtR([-1n, 8n])).toBe('-0.125');
    expect(h.fmtR([1n, 3n])).toBe('0.333333333333');
    expect(h.decToRat('1.50e2')).toEqual([150n, 1n]);
  });

  it('formats k x v from the text of v exactly as the rational product would be', () => {
    const ks: [number, number, [bigint, bigint]][] = [
      [5, 0, [5n, 1n]],
      [3, 0, [3n, 1n]],
      [25, 1, [5n, 2n]],
      [-15, 1, [-3n, 2n]],
      [125, 3, [1n, 8n]],
      [999999, 6, [999999n, 1000000n]],
    ];
    const check = (v: number) => {
      for (const [km, kp, kr] of ks) expect(h.fmtKx(km, kp, kr, v, String(v))).toBe(h.fmtR(h.rmul(kr, h.rat(v))));
    };
    for (const v of [0, -0, 1, 40, 278.398, 33.3, 0.1, 1e-7, 1.5e-10, 123456789012345, 9007199254740991, 1e21, 2.5e300, 5e-324, -2.75, 0.000001]) check(v);
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 8 }), (n, p) => check(n / 10 ** p)), { numRuns: 500 });
  });

  it('formats elapsed days with 12 significant digits', () => {
    const slow = (v: number) => String(Number(v.toPrecision(12)));
    for (const v of [3.375, 1 / 3, 2 / 3, 1e-7, 123456789012.5, 99999999999.99, 0, -0, -1.5]) expect(h.fmtA(v)).toBe(slow(v));
    fc.assert(fc.property(fc.double({ noNaN: true }), (v) => { expect(h.fmtA(v)).toBe(slow(v)); }), { numRuns: 1000 });
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (ms) => { expect(h.fmtA(ms / 86400000)).toBe(slow(ms / 86400000)); }), { numRuns: 1000 });
  });

  it('scales short decimals by short decimal factors exactly, as the BigInt path does', () => {
    const factors: [number, number][] = [[1, -3], [1, 3], [6, -2], [171, -1], [45359237, -8], [1, -15]];
    const viaBigInt = (s: string, fm: number, fe: number) => {
      const r = h.decToRat(s)!;
      const f: [bigint, bigint] = fe >= 0 ? [BigInt(fm) * 10n ** BigInt(fe), 1n] : [BigInt(fm), 10n ** BigInt(-fe)];
      return h.toNum([r[0] * f[0], r[1] * f[1]]);
    };
    const check = (s: string) => {
      for (const [fm, fe] of factors) {
        const x = h.scaleDec(s, fm, fe);
        if (!Number.isNaN(x)) expect(Object.is(x, viaBigInt(s, fm, fe))).toBe(true);
      }
    };
    for (const s of ['2100', '0.05', '-0', '+7', '5.', '.5', '1e5', '1E-5', '1e+21', '123456789012345', '1234567890123456', '0.000000001', '99.9']) check(s);
    expect(h.scaleDec('2100', 1, -3)).toBe(2.1);
    expect(h.scaleDec('1234567890123456', 1, -3)).toBeNaN();
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e200, max: 1e200 }), (v) => { check(String(v)); }), { numRuns: 1000 });
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 9 }), (n, p) => { check((n / 10 ** p).toFixed(p)); }), { numRuns: 1000 });
  });
});

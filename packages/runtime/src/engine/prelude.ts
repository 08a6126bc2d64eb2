// The helpers every generated engine carries: exact decimal arithmetic on BigInt rationals,
// the boundary validators, ISO 8601 parsing, and the slow-path walkers used only for
// explanations, missing-fact lists and coverage traces. They are typed TypeScript in
// ./prelude/ (numbers, iso, validate, slow-paths), tested as such; generated modules have no
// imports, so engines copy their text with the types erased, from ./engine-text.generated.ts
// (written by scripts/gen-engine-text.mjs, checked up to date by a test). Every name starts
// with `$` so that it cannot collide with generated code.
//
// The exact-decimal helpers of ../exact.ts (exactScale, exactCompareProduct,
// exactCompareFraction) are embedded before this text; see exactHelpersSource.
import { DECLARATIONS_TEXT, EXACT_HELPERS_TEXT, ISO_TEXT, PRELUDE_TEXT, ROUND_DOSE_TEXT } from './engine-text.generated.js';

/** ISO 8601 parsing, typed, for the compiler's own use at generation time. */
export { $iso } from './prelude/iso.js';
/** Exact decimal reading and writing, typed, for tests that compare other readers with the engines'. */
export { $decToRat, $exact, $toNum } from './prelude/numbers.js';

/** ISO 8601 parsing ($iso), as engines and zod schema modules embed it. */
export const ISO_SOURCE: string = ISO_TEXT;

/** roundDose (../dose-rounding.ts), as engines whose doses declare a display step embed it. */
export const ROUND_DOSE_SOURCE: string = ROUND_DOSE_TEXT;

/** The prelude's text, as engines embed it. */
export const PRELUDE: string = PRELUDE_TEXT;

/** The result and option types of ../types.ts that every engine.d.ts declares, as written there. */
export const ENGINE_DECLARATIONS: string = DECLARATIONS_TEXT;

/** Names the prelude expects the generated code to define. */
export const PRELUDE_REQUIRES = ['$AT', '$AD', '$DF', '$DT', '$AM', '$FV', '$IK', '$RT', '$CC', '$AV', '$AG', '$FG', '$FS'] as const;

/** The exact-decimal helpers of `../exact.ts` that engines embed, as source text (self-contained functions). */
export function exactHelpersSource(): string {
  return EXACT_HELPERS_TEXT;
}

/** The prelude's pure helpers, instantiated from the text engines embed (to test that text against the typed modules). */
export interface PreludeHelpers {
  iso(s: string): number;
  decToRat(s: string): [bigint, bigint] | null;
  rat(v: number): [bigint, bigint];
  toNum(r: readonly [bigint, bigint]): number;
  fmtR(r: readonly [bigint, bigint]): string;
  rmul(a: readonly [bigint, bigint], b: readonly [bigint, bigint]): [bigint, bigint];
  fmtKx(km: number, kp: number, kr: readonly [bigint, bigint], v: number, s: string): string;
  fmtA(v: number): string;
  scaleDec(s: string, fm: number, fe: number): number;
  /** The shortest text of a double ($fmtD), which must equal String(v). */
  fmtD?(v: number): string;
}

let cached: PreludeHelpers | undefined;

export function preludeHelpers(): PreludeHelpers {
  if (!cached) {
    const stubs = PRELUDE_REQUIRES.map((n) => `const ${n} = null;`).join('\n');
    const make = new Function(
      `"use strict";\n${stubs}\n${exactHelpersSource()}\n${PRELUDE}\nreturn { iso: $iso, decToRat: $decToRat, rat: $rat, toNum: $toNum, fmtR: $fmtR, rmul: $rmul, fmtKx: $fmtKx, fmtA: $fmtA, scaleDec: $scaleDec, fmtD: $fmtD };`,
    ) as () => PreludeHelpers;
    cached = make();
  }
  return cached;
}

// Reports number literals beyond what rule text may hold (more than 30 digits: a threshold
// below the smallest double or over 400 digits), and durations so long that the dates they
// reach lie outside the calendar engines compute with (`within 300000 a`). Refusing them
// here keeps check and compile in agreement: nothing check accepts can fail to compile.
import { codes } from '../../diagnostics/codes.js';
import { nodesOf } from '../../language/node-index.js';
import { Rational } from '../../units/rational.js';
import { conversionFactor, parseUnit } from '../../units/units.js';
import { timeDimension } from '../../units/units-helpers.js';
import { declarationRule, type CheckerRule } from '../rule.js';

/** The most digits a number in rule text has (so a nonzero one lies in [1e-30, 1e30)). */
export const MAX_NUMBER_DIGITS = 30;
/** The longest duration, in years: dates within it of any date stay inside JavaScript's calendar (±273,790 years of 1970). */
export const MAX_DURATION_YEARS = 10_000;

/** Digits that carry the value: the integer part without leading zeros, and the whole fraction. */
export function significantLength(text: string): number {
  const [whole = '', fraction = ''] = text.split('.');
  return whole.replace(/^0+/, '').length + fraction.length;
}

/** A long number shortened for a message; the full text is in the file at the reported range. */
function shown(text: string): string {
  return text.length <= 24 ? text : `${text.slice(0, 12)}…${text.slice(-6)}`;
}

const maxYears = Rational.of(BigInt(MAX_DURATION_YEARS), 1n);

export const literalLimits: CheckerRule = declarationRule({
  name: 'literal-limits',
  checkDeclaration(ctx, d, uri) {
    for (const q of nodesOf(d, 'QuantityLiteral')) {
      const digits = significantLength(q.value);
      if (digits > MAX_NUMBER_DIGITS) {
        ctx.report(codes.numberOutOfRange, { uri: uri, range: q.range }, { number: shown(q.value), digits, max: MAX_NUMBER_DIGITS });
        continue;
      }
      const unit = q.unit ? parseUnit(q.unit.text) : undefined;
      if (!unit?.ok || unit.unit.dimension !== timeDimension()) continue;
      const toYears = conversionFactor(unit.unit, 'a');
      const value = Rational.tryParse(q.value);
      if (toYears && value && value.mul(toYears).cmp(maxYears) > 0) {
        ctx.report(codes.durationOutOfRange, { uri: uri, range: q.range }, { duration: `${shown(q.value)} ${q.unit!.text}`, max: `${MAX_DURATION_YEARS.toLocaleString('en-US')} years` });
      }
    }
  },
});

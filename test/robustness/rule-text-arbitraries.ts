// Generators of rule text for the property tests and the fuzz target: tokens of the
// language (keywords, names, numbers with units, strings, punctuation) in random order.
import fc from 'fast-check';
import { KEYWORDS } from '@vigil/core/services';

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const ruleId = fc.stringMatching(/^[A-Z]{2,4}-[A-Z0-9]{1,4}(-[0-9]{1,2})?$/);
const number = fc.oneof(fc.nat({ max: 100000 }).map(String), fc.tuple(fc.nat(999), fc.nat(999)).map(([a, b]) => `${a}.${b}`));
const unit = fc.constantFrom('10*9/L', '/uL', 'U/L', 'umol/L', 'mg/d', 'mg/kg/d', '%', 'h', 'd', 'wk', 'mo', 'a', 'kg', 'kg/m2', '[iU]', "'", '{x}', 'g.L-1');
const string = fc.oneof(fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)), fc.constantFrom('"', '"unterminated', '"\\u{1F600}"', '"\\q"', '"\\u{110000}"'));
const punct = fc.constantFrom('{', '}', '(', ')', ',', ':', '.', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '//c\n', '/* c */', '/*', '\n', '\t');
export const token = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 3, arbitrary: identifier },
  { weight: 1, arbitrary: ruleId },
  { weight: 2, arbitrary: number },
  { weight: 2, arbitrary: fc.tuple(number, unit).map(([n, u]) => `${n} ${u}`) },
  { weight: 1, arbitrary: string },
  { weight: 3, arbitrary: punct },
);
export const tokenText = fc.array(token, { maxLength: 80 }).chain((tokens) =>
  fc.array(fc.constantFrom(' ', '', '\n', '  '), { minLength: tokens.length, maxLength: tokens.length }).map((seps) => tokens.map((t, i) => t + seps[i]).join('')),
);


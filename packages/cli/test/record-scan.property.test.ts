// The quick scan of a record line (counts only) against the precise scan it hands every
// doubtful line to: on random records with keys given twice (at the top and nested, escaped
// or not), long and exponent numbers and deep nesting, the same value or the same error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonLine } from '../src/batch/record.js';

const key = fc.oneof(fc.constantFrom('tpmt', 'wbc', 'value', 'unit', '__proto__', 'a\\"b', 'a\\u0062', 'ab', 'x,y', 'x:y', '{', ''), fc.string({ maxLength: 4 }).map((s) => JSON.stringify(s).slice(1, -1)));
const number = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
  fc.constantFrom('2.49999999999999999', '2.5', '1e3', '1E-3', '-0', '123456789012345', '1234567890123456', '0.1000000000000000', '12345678901234567890', '-12.5e+2'),
);
const text = fc.oneof(fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)), fc.constantFrom('"2100 /uL"', '"a\\"b"', '"\\\\"', '"}"', '"{\\"x\\": 1, \\"x\\": 2}"'));
const json: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    number,
    text,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 3 }).map((xs) => `[${xs.join(',')}]`),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((es) => `{${es.map(([k, v]) => `"${k}": ${v}`).join(', ')}}`),
  ),
})).value;
const record = fc.array(fc.tuple(key, json), { maxLength: 8 }).map((es) => `{${es.map(([k, v]) => `"${k}":${v}`).join(',')}}`);

function same(line: string): void {
  expect(JSON.stringify(parseJsonLine(7, line)), line).toBe(JSON.stringify(parseJsonLine(7, line, true)));
}

describe('the quick scan of a record line', () => {
  it('agrees with the precise scan on random records', () => {
    fc.assert(fc.property(record, same), { numRuns: 3000 });
  });

  it('agrees on the doubtful cases written out', () => {
    const deep = `{"a":${'['.repeat(70)}${']'.repeat(70)}}`;
    for (const line of ['{"tpmt":"low","tpmt":"absent"}', '{"wbc":{"value":1,"value":2}}', '{"wbc":{"value":1,"unit":"/uL"},"alt":{"value":1,"unit":"U/L"}}', '{"a\\u0062":1,"ab":2}', '{"a":{"b\\u0063":1,"bc":2}}', '{"__proto__":1,"__proto__":2}', '{"wbc":2.49999999999999999}', '{"wbc":1e400}', '{"wbc":[1,{"x":1,"x":2}]}', deep, ' {"a":1,"a":2}', '[1,2]', '{}', '{"a":[{"b":1},{"b":2}]}'])
      same(line);
  });
});

// Schedule modifiers (`tightens monitor cbc of G twice as often`): one clause per line, in the
// one spelling; a round trip to the same AST; comments inside kept. One-off windows
// (`monitor lft after 2 to 3 wk from started`) likewise.
import { describe, expect, test } from 'vitest';
import { format } from '../src/index.js';
import { parseShape } from './support.js';

function fmt(text: string): string {
  const out = format(text, '/t.vigil');
  if (out === undefined) throw new Error(`not formatted:\n${text}`);
  return out;
}

const messy = `rule I-1 "Interaction" source "s" tightens   monitor cbc   of monitoring except {M-1,M-2}
  twice  as often tightens monitor of M-3 3 times as
  often
tightens monitor lft of M-4 to every 1 to 2   wk when allograft then caution aza
`;

const canonical = `rule I-1 "Interaction"
  source "s"
  tightens monitor cbc of monitoring except { M-1, M-2 } twice as often
  tightens monitor of M-3 3 times as often
  tightens monitor lft of M-4 to every 1 to 2 wk
  when allograft
  then caution aza
`;

describe('schedule modifiers', () => {
  test('one canonical layout, the same AST, idempotent', () => {
    expect(fmt(messy)).toBe(canonical);
    expect(parseShape(fmt(messy))).toEqual(parseShape(messy));
    expect(fmt(canonical)).toBe(canonical);
  });
  test('keeps a comment inside the clause', () => {
    const input = `rule I-1 "i" source "s" tightens monitor cbc of M-1 // the interaction\n  twice as often when allograft then caution aza\n`;
    const out = fmt(input);
    expect(out).toBe('rule I-1 "i"\n  source "s"\n  tightens monitor cbc of M-1 // the interaction\n    twice as often\n  when allograft\n  then caution aza\n');
    expect(parseShape(out)).toEqual(parseShape(input));
    expect(fmt(out)).toBe(out);
  });
});

describe('one-off windows', () => {
  const messy = `rule W-1 "Window" source "s" when pregnant then monitor lft after 2   to
  3 wk then monitor cbc after 3 to 6 wk   from last_dose
`;
  const canonical = `rule W-1 "Window"
  source "s"
  when pregnant
  then monitor lft after 2 to 3 wk
  then monitor cbc after 3 to 6 wk from last_dose
`;
  test('one canonical layout, the same AST, idempotent', () => {
    expect(fmt(messy)).toBe(canonical);
    expect(parseShape(fmt(messy))).toEqual(parseShape(messy));
    expect(fmt(canonical)).toBe(canonical);
  });
});

// Every quick fix the checker offers, applied to a file in the canonical layout, removes
// its diagnostic, introduces no error, and leaves the file canonical: the same fixes the
// language server offers as code actions and `vigil check` prints as help.
import { describe, expect, it } from 'vitest';
import { checkText, type Diagnostic, type Fix } from '@vigil/core';
import { format } from '@vigil/formatter';

const URI = '/memory/fixes.vigil';
const HEADER = `ruleset t version "1"

facts {
  tpmt: enum { normal, intermediate, low, absent }
  wbc: quantity 10*9/L
  alt: quantity U/L baseline
  dose_rate: quantity mg/kg/d
}
`;

const rule = (body: string, extra = '') => `${HEADER}
rule R-1 "A rule"${extra}
  when ${body}
  then caution azathioprine because "x"
`;

function apply(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.range.start.offset - a.range.start.offset);
  let out = text;
  for (const e of edits) out = out.slice(0, e.range.start.offset) + e.newText + out.slice(e.range.end.offset);
  return out;
}

const cases: { name: string; text: string; code: string }[] = [
  { name: 'did-you-mean for a fact', text: rule('wcb < 2 10*9/L', '\n  source "s"'), code: 'VGL2001' },
  { name: 'did-you-mean for an enum value', text: rule('tpmt = lwo', '\n  source "s"'), code: 'VGL2005' },
  { name: 'a UCUM spelling for a unit', text: rule('dose_rate > 2 mcg/kg/d', '\n  source "s"'), code: 'VGL4001' },
  { name: "the fact's unit for a bare number", text: rule('wbc < 2.5', '\n  source "s"'), code: 'VGL4002' },
  { name: 'a missing source', text: rule('tpmt = low'), code: 'VGL5005' },
  { name: 'a rule for a missing fact', text: rule('tpmt = low', '\n  source "s"'), code: 'VGL5003' },
  {
    name: 'except the member that overrides back',
    text: `${HEADER}
groups {
  dosing
}

rule R-1 "A dose"
  source "s"
  group dosing
  overrides R-2
  when tpmt = normal
  then dose azathioprine 50 mg/d

rule R-2 "A contraindication"
  source "s"
  overrides dosing
  when tpmt = low
  then contraindicate azathioprine
`,
    code: 'VGL2022',
  },
  {
    name: 'did-you-mean for a group',
    text: `${HEADER}
groups {
  dosing
}

rule R-1 "A dose"
  source "s"
  group dosin
  when tpmt = normal
  then dose azathioprine 50 mg/d
`,
    code: 'VGL2021',
  },
];

describe('quick fixes', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(format(c.text, URI)).toBe(c.text);
      const diagnostics = checkText(c.text, URI).diagnostics;
      const target = diagnostics.find((d) => d.code === c.code) as Diagnostic | undefined;
      expect(target, `${c.code} in ${JSON.stringify(diagnostics.map((d) => d.message))}`).toBeDefined();
      expect(target!.fixes?.length ?? 0).toBeGreaterThan(0);
      const fixed = apply(c.text, target!.fixes![0]!);
      const after = checkText(fixed, URI).diagnostics;
      expect(after.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
      expect(after.some((d) => d.code === c.code && d.message === target!.message)).toBe(false);
      expect(format(fixed, URI)).toBe(fixed);
    });
  }
});

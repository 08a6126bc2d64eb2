// The pull-request comment: bounded in size on a large change, and precise in its notes.
import { describe, expect, it } from 'vitest';
import { diffRuleSets, MARKDOWN_LIMIT, renderMarkdown, sideFromTexts } from '../src/index.js';
import { diff, NOW } from './helpers.js';

describe('the size of the Markdown comment', () => {
  it('stays within 60,000 characters on a change of hundreds of regions, with counts and a pointer to the JSON', () => {
    const n = 450;
    const values = Array.from({ length: n }, (_, i) => `v${i}`);
    const set = (dose: number) =>
      `ruleset big version "1"\nfacts {\n  variant: enum { ${values.join(', ')} }\n}\n` +
      values.map((v, i) => `rule R-${i} "Variant ${v} needs a long and descriptive title" source "s" when variant = ${v} then dose drug_${i} ${dose} mg/d because "m"\n`).join('');
    const side = (label: string, text: string) => sideFromTexts(label, new Map([['/big/big.vigil', text]]));
    const r = diffRuleSets(side('old', set(10)), side('new', set(20)), { now: NOW });
    expect(r.space!.regions.length).toBe(n);
    const md = renderMarkdown(r);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(MARKDOWN_LIMIT).toBe(60_000);
    // The summary is complete whatever was cut.
    expect(md).toContain(`**Patients**: ${n} regions decided differently: ${n} changed, 0 gaining a decision, 0 losing one.`);
    expect(md).toMatch(/… \d+ regions not shown here: the comment would pass 60,000 characters \(see `--format json`\)\./);
    // The top ten regions come first, whole.
    const top = md.slice(md.indexOf('### Patients decided differently'), md.indexOf('<details>'));
    expect(top.split('\n').filter((l) => l.startsWith('| `')).length).toBe(10);
    // Every row shown is whole, and the <details> it sits in is closed.
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
    const untruncated = renderMarkdown(r, 10_000_000);
    expect(untruncated.length).toBeGreaterThan(MARKDOWN_LIMIT);
  });
});

describe('precise notes', () => {
  const rule = (threshold: string) => `rule R-1 "Low white cell count" source "s" when wbc < ${threshold} 10*9/L then caution azathioprine because "m"\n`;
  const overriders =
    'rule X-HIGH "Very high count" source "s" overrides R-1 when wbc > 10 10*9/L then stop azathioprine\n' +
    'rule X-TPMT "Absent TPMT" source "s" overrides R-1 when tpmt = absent then contraindicate azathioprine\n';

  it('names an overriding rule only where it can fire', () => {
    const r = diff(rule('2.5') + overriders, rule('3.0') + overriders);
    // wbc in [2.5, 3): X-HIGH (wbc > 10) cannot fire there, X-TPMT can.
    expect(r.space!.regions.map((g) => [g.description, g.unlessFires])).toEqual([['wbc in [2.5, 3) 10*9/L (other facts as any)', ['X-TPMT']]]);
    expect(renderMarkdown(r)).toContain('gains `caution azathioprine` (unless X-TPMT fires)');
  });

  it('lists an overridden rule once, with all the rules overriding it', () => {
    const r = diff(
      rule('2.5') + 'rule X-A "a" source "s" overrides R-1 when tpmt = absent then stop azathioprine\n',
      rule('2.5') + 'rule X-A "a" source "s" overrides R-1 when tpmt = absent then stop azathioprine\nrule X-B "b" source "s" overrides R-1 when tpmt in { low, absent } then contraindicate azathioprine\n',
    );
    const outcomes = r.space!.regions.flatMap((g) => g.rules.map((c) => c.after)).filter((o) => o.status === 'overridden');
    expect(outcomes).toContainEqual({ status: 'overridden', by: 'X-A, X-B' });
  });

  it('keeps punctuation as written in the word diff', async () => {
    const { renderWordDiff, wordDiff } = await import('../src/words.js');
    expect(renderWordDiff(wordDiff('"Poor metabolizer: start at 10%"', '"Intermediate metabolizer: start at 10%"'))).toBe('[-"Poor metabolizer: start at 10%"-] {+"Intermediate metabolizer: start at 10%"+}');
    expect(renderWordDiff(wordDiff('dose(x), then stop', 'dose(y), then stop'))).toBe('dose([-x-]{+y+}), then stop');
  });
});

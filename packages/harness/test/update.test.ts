import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySnapshots, runTests } from '../src/index.js';
import { caseNamed, demoTree } from './helpers.js';

const FIXTURE = `# Snapshot fixtures: the decisions are recorded by \`vigil test --update\`.
as_of: 2026-01-15   # a Thursday

cases:
  # Allopurinol with intermediate TPMT: two decisions.
  - name: allopurinol and intermediate TPMT
    extends: on_allopurinol
    facts:
      tpmt: intermediate   # reduced activity
    expect:
      snapshot: true   # recorded below on --update

  - name: shorthand snapshot
    extends: normal_patient
    facts: { tpmt: absent }
    expect: snapshot

  # Not a snapshot: left alone.
  - name: plain
    extends: normal_patient
    expect: { decisions_exactly: [] }
`;

describe('--update', () => {
  it('a snapshot with nothing recorded fails without --update', async () => {
    const dir = demoTree(FIXTURE);
    const report = await runTests({ paths: [dir] });
    const c = caseNamed(report, 'allopurinol and intermediate TPMT');
    expect(c.status).toBe('failed');
    expect(c.failures[0]).toMatchObject({ kind: 'no-snapshot' });
    expect(readFileSync(join(dir, 'demo/tests/t.cases.yaml'), 'utf8')).toBe(FIXTURE);
  });

  it('writes the actual decisions into the case, keeping the rest of the file and its comments', async () => {
    const dir = demoTree(FIXTURE);
    const path = join(dir, 'demo/tests/t.cases.yaml');
    const report = await runTests({ paths: [dir], update: true });
    expect(report.ok).toBe(true);
    expect(report.totals.updated).toBe(2);
    expect(caseNamed(report, 'shorthand snapshot').updated).toBe(true);
    const text = readFileSync(path, 'utf8');
    // every comment survives
    for (const comment of FIXTURE.match(/#.*$/gm)!) expect(text).toContain(comment);
    expect(text).toContain(`    expect:
      snapshot: # recorded below on --update
        - rule: DEMO-XO-01
          action: caution
          target: azathioprine
          message: "allopurinol raises thiopurine levels"
        - rule: DEMO-TPMT-02
          action: dose
          target: azathioprine
          dose: { low: 0.3, high: 0.7, of_standard: true }
          message: "reduced TPMT activity"

  - name: shorthand snapshot
`);
    // everything outside the two snapshots is byte for byte the same
    const outside = (t: string) => t.replace(/\n {6}snapshot:[^]*?(?=\n\n)/g, '').replace(/expect: snapshot\n/, 'expect:\n');
    expect(outside(text)).toBe(outside(FIXTURE).replace('    expect:\n      snapshot: true   # recorded below on --update', '    expect:'));
    expect(text).toContain(`    expect:
      snapshot:
        - rule: DEMO-TPMT-01
          action: contraindicate
          target: azathioprine
          message: "life-threatening pancytopenia"
`);
    expect(text).toContain("  # Not a snapshot: left alone.\n  - name: plain\n    extends: normal_patient\n    expect: { decisions_exactly: [] }\n");

    // The recorded snapshot now passes, and a second update changes nothing.
    const again = await runTests({ paths: [dir] });
    expect(again.totals).toMatchObject({ passed: 3, failed: 0, errors: 0 });
    await runTests({ paths: [dir], update: true });
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('a recorded snapshot fails when the decisions change, and --update re-records it', async () => {
    const dir = demoTree(FIXTURE);
    const path = join(dir, 'demo/tests/t.cases.yaml');
    await runTests({ paths: [dir], update: true });
    writeFileSync(path, readFileSync(path, 'utf8').replace('tpmt: intermediate   # reduced activity', 'tpmt: normal   # reduced activity'));
    const report = await runTests({ paths: [dir] });
    const c = caseNamed(report, 'allopurinol and intermediate TPMT');
    expect(c.status).toBe('failed');
    expect(c.diff).toEqual([
      { sign: ' ', text: 'DEMO-XO-01 caution azathioprine: "allopurinol raises thiopurine levels"' },
      { sign: '-', text: 'DEMO-TPMT-02 dose azathioprine 30% to 70% of standard: "reduced TPMT activity"' },
    ]);
    await runTests({ paths: [dir], update: true });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('DEMO-TPMT-02');
    expect(text).toContain('tpmt: normal   # reduced activity');
    expect((await runTests({ paths: [dir] })).ok).toBe(true);
  });

  it('an empty snapshot is written as []', () => {
    const out = applySnapshots('cases:\n  - name: a\n    expect: { snapshot: true }\n', [{ index: 0, decisions: [] }]);
    expect(out).toEqual({ ok: true, text: 'cases:\n  - name: a\n    expect:\n      snapshot: []\n' });
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchTests, type TestReport } from '../src/index.js';
import { demoTree } from './helpers.js';

function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

describe('watch mode', () => {
  it('re-runs after a fixture or a rule file changes, debounced, and stops on close', async () => {
    const dir = demoTree(`cases:
  - name: absent TPMT
    extends: normal_patient
    facts: { tpmt: absent }
    expect: { decisions: [DEMO-TPMT-01] }
`);
    const reports: { report: TestReport; trigger: readonly string[] }[] = [];
    const watcher = watchTests({ paths: [dir], debounceMs: 50, onReport: (report, trigger) => reports.push({ report, trigger }) });
    try {
      await watcher.ready;
      expect(reports).toHaveLength(1);
      expect(reports[0]!.report.totals.passed).toBe(1);
      expect(watcher.watched()).toContain(join(dir, 'demo', 'tests'));

      // A fixture change: the case now fails.
      const fixture = join(dir, 'demo/tests/t.cases.yaml');
      writeFileSync(fixture, readFileSync(fixture, 'utf8').replace('tpmt: absent', 'tpmt: normal'));
      await waitFor(() => reports.length >= 2, 5000);
      await new Promise((r) => setTimeout(r, 200)); // several events for one save give one run
      expect(reports).toHaveLength(2);
      expect(reports[1]!.trigger).toContain(fixture);
      expect(reports[1]!.report.totals.failed).toBe(1);

      // A rule change: the rule now fires for normal TPMT too.
      const rules = join(dir, 'demo/demo.vigil');
      writeFileSync(rules, readFileSync(rules, 'utf8').replace('when tpmt in { low, absent }', 'when tpmt in { normal, low, absent }'));
      await waitFor(() => reports.length >= 3, 5000);
      expect(reports[2]!.report.totals.passed).toBe(1);
    } finally {
      watcher.close();
    }
    const runs = watcher.runs;
    writeFileSync(join(dir, 'demo/tests/t.cases.yaml'), 'cases: []\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(watcher.runs).toBe(runs);
    expect(watcher.watched()).toEqual([]);
  });
});

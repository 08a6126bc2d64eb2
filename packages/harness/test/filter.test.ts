import { describe, expect, it } from 'vitest';
import { HarnessUsageError, renderText, runTests } from '../src/index.js';
import { allCases, DEMO } from './helpers.js';

describe('--filter', () => {
  it('a substring of the case name, any case', async () => {
    const report = await runTests({ paths: [DEMO], filter: 'TPMT' });
    expect(allCases(report).map((c) => c.name)).toEqual(['absent TPMT contraindicates azathioprine', 'intermediate TPMT reduces the dose', 'missing TPMT asks for the test']);
    expect(report.totals.filteredOut).toBe(7);
  });

  it('a rule id named in the expectations', async () => {
    const report = await runTests({ paths: [DEMO], filter: 'DEMO-MON-01' });
    expect(allCases(report).map((c) => c.name)).toEqual(['blood count more than 12 weeks ago is overdue', 'blood count 11 weeks ago is not overdue']);
  });

  it('a /regex/', async () => {
    const report = await runTests({ paths: [DEMO], filter: '/^(normal|white)/' });
    expect(allCases(report).map((c) => c.name)).toEqual(['normal patient gets no decisions', 'white cell count in another unit']);
  });

  it('nothing matching is said so', async () => {
    const report = await runTests({ paths: [DEMO], filter: 'no such case' });
    expect(report.totals.cases).toBe(0);
    expect(renderText(report, { cwd: DEMO })).toContain('No case matches the filter.');
  });

  it('a bad regex or a missing path is a usage error', async () => {
    await expect(runTests({ paths: [DEMO], filter: '/(/' })).rejects.toBeInstanceOf(HarnessUsageError);
    await expect(runTests({ paths: ['/no/such/dir'] })).rejects.toThrow("cannot read '/no/such/dir'");
  });
});

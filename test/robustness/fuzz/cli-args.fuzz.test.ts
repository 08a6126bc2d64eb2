// Bounded fuzz target for the command line: argument lists drawn from the commands, their
// options and hostile values (impossible dates, special files, huge numbers, control
// characters, missing values), run in-process through `main` as the executable runs them,
// then a few through the built CLI. The contract: exit code 0, 1 or 2; no "internal error",
// no stack trace; each run within a time and heap limit. `lsp`, `serve` and `--watch` wait
// for input by design and are left out.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { main } from '@vigil/cli';
import { ensureBuilt, vigil } from '../corpus/support.js';
import { expectCliContract, ruleDir, withinLimits } from './support.js';

const RUNS = Number(process.env['VIGIL_FUZZ_RUNS'] ?? 150);
const dir = ruleDir();
mkdirSync(join(dir, 'tests'), { recursive: true });
writeFileSync(join(dir, 'tests/a.cases.yaml'), 'as_of: 2026-01-15\ncases:\n  - name: absent\n    facts: { tpmt: absent }\n    expect: { decisions: [{ rule: F-1 }] }\n');
writeFileSync(join(dir, 'p.json'), '{"tpmt":"absent","wbc":"2100 /uL"}');
writeFileSync(join(dir, 'p.yaml'), 'tpmt: low\n');
writeFileSync(join(dir, 'p.ndjson'), '{"tpmt":"absent"}\n{"tpmt":"normal"}\n');
writeFileSync(join(dir, 'p.csv'), 'tpmt,wbc\nabsent,3 10*9/L\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Paths outside the fuzz directory ('..', '/') would walk whatever lies there: left out.
const special = ['/dev/zero', '/dev/null', '/dev/full', '.', 'nope.json', 'rules.vigil', 'p.json', 'p.yaml', 'p.ndjson', 'p.csv', 'tests', 'out/x.ndjson', 'p.ndjson/x'].filter((p) => !p.startsWith('/dev/') || existsSync(p));
const value = fc.oneof(
  fc.constantFrom(...special),
  fc.constantFrom('2026-02-30', '2026-13-01', '2026-03-01', '2026-03-01T25:00', '0000-01-01', '9999-12-31T23:59:59Z', 'soon', '', '-', '--', '-1', '0', '1e999', '99999999999999999999', 'NaN', '5', '64', '65', 'js', 'ir', 'package', 'json', 'sarif', 'junit', 'csv', 'ndjson', '/[/', '\u001b[31m', '\u0000', 'a\nb'),
  fc.string({ maxLength: 8 }),
);
const option = fc.constantFrom('--now', '--facts', '--out', '-o', '--format', '--target', '--expr', '--jobs', '-n', '--seed', '--missing', '--reporter', '--filter', '--min-coverage', '--suggest', '--git', '--fhir', '--bindings', '--patient');
const flag = fc.constantFrom('--json', '--strict', '--quiet', '--fail-fast', '--no-explain', '--coverage', '--update', '--check', '--fail-on-change', '--help', '-v', '--unknown');
const command = fc.constantFrom('check', 'compile', 'eval', 'run', 'gen-facts', 'test', 'fmt', 'diff', 'help', 'nope', '');
const argv = fc
  .tuple(command, fc.array(fc.oneof({ weight: 3, arbitrary: fc.tuple(option, value) }, { weight: 2, arbitrary: fc.tuple(flag) }, { weight: 2, arbitrary: fc.tuple(value) }), { maxLength: 5 }))
  .map(([c, rest]) => [c, ...(c === 'help' || c === 'nope' || c === '' ? [] : ['rules.vigil']), ...rest.flat()].filter((a, i) => i > 0 || a !== ''));

describe('command-line arguments', () => {
  it('in-process: exit 0, 1 or 2 and never an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        // Nothing may be written outside the fuzz directory, and no run may wait for stdin.
        const safe = args.filter((a) => a !== '-');
        // VIGIL_FUZZ_LOG=FILE appends each argument list first: the last line names a run that crashed the worker.
        if (process.env['VIGIL_FUZZ_LOG']) (await import('node:fs')).appendFileSync(process.env['VIGIL_FUZZ_LOG'], JSON.stringify(safe) + '\n');
        let stderr = '';
        const code = await withinLimits(
          () =>
            main(safe, {
              stdout: { write: () => true },
              stderr: { write: (s: string) => (stderr += s) },
              cwd: dir,
              isTTY: false,
              env: { NO_COLOR: '1' },
            }),
          () => JSON.stringify(safe),
        );
        expectCliContract({ code, stderr }, JSON.stringify(safe));
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  describe('through the built CLI', () => {
    beforeAll(ensureBuilt, 120_000);
    it('a few argument lists keep the contract as a process', () => {
      for (const args of fc.sample(argv, { numRuns: 4, seed: 7 })) {
        const r = vigil(args, { cwd: dir, timeoutMs: 20_000 });
        expectCliContract(r, JSON.stringify(args));
      }
    }, 120_000);
  });
});

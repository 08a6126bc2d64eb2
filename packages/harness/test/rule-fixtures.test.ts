// The repository's rule-set fixtures (rules/<set>/tests/**/*.cases.yaml) run with the rest
// of the Vitest suite, so `pnpm test` fails when a rule set stops doing what its cases say.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NO_COLORS, renderText, runTests } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const RULES = join(ROOT, 'rules');
const sets = existsSync(RULES) ? readdirSync(RULES).filter((name) => existsSync(join(RULES, name, 'tests'))) : [];

describe('rule-set fixtures', () => {
  it.each(sets.length > 0 ? sets : ['(none)'])('rules/%s: every case passes', async (set) => {
    if (set === '(none)') return;
    const report = await runTests({ paths: [join(RULES, set, 'tests')], cwd: ROOT });
    // On failure the message is the text report: each diff and trace, file and line.
    expect(report.ok, renderText(report, { cwd: ROOT, colors: NO_COLORS, listPassed: false })).toBe(true);
  });
});

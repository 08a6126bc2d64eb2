// The CI recipe: scripts/diff-pr.mjs on a pull request built in a temporary git repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'vigil-pr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', NO_COLOR: '1' };
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env }).toString();
const rules = (range: string) => `ruleset pgx version "1.0.0"
facts {
  tpmt: enum { normal, intermediate, poor }
}
rule PGX-02 "Intermediate TPMT" source "cpic" strength strong
  when tpmt = intermediate
  then dose azathioprine ${range} of standard
`;

function pr(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts/diff-pr.mjs'), '--base', 'main', '--out', 'comment.md', '--now', '2026-03-01T00:00:00Z', ...args], { cwd: dir, encoding: 'utf8', env });
}

describe('scripts/diff-pr.mjs', () => {
  it('writes the comment and fails until the reviewer acknowledges each change by id', () => {
    git('init', '-q', '-b', 'main');
    mkdirSync(join(dir, 'rules/pgx'), { recursive: true });
    writeFileSync(join(dir, 'rules/pgx/pgx.vigil'), rules('30% to 70%'));
    git('add', '.');
    git('commit', '-q', '-m', 'PGx table');
    git('checkout', '-q', '-b', 'widen');
    writeFileSync(join(dir, 'rules/pgx/pgx.vigil'), rules('30% to 80%'));
    git('commit', '-q', '-am', 'Widen the intermediate range');
    writeFileSync(join(dir, 'ACCEPTED.md'), 'Reviewed changes:\n');

    const first = pr('--accept', 'ACCEPTED.md', 'rules');
    expect(first.status, first.stderr).toBe(1);
    const comment = readFileSync(join(dir, 'comment.md'), 'utf8');
    expect(comment).toBe(first.stdout);
    expect(comment).toContain('changes from `dose azathioprine 30% to 70% of standard` to `dose azathioprine 30% to 80% of standard`');
    const id = /\*\*Sign-off\*\*: 1 change is not acknowledged in `ACCEPTED.md`[^\n]*\n\n- `([0-9a-f]{10})`/.exec(comment)?.[1];
    expect(id).toBeDefined();
    // The sign-off sits right below the summary, before the declarations.
    expect(comment.indexOf('**Sign-off**')).toBeLessThan(comment.indexOf('### Declarations'));

    writeFileSync(join(dir, 'ACCEPTED.md'), `Reviewed changes:\n- ${id}: the 2018 guideline widens the range\n`);
    const second = pr('--accept', 'ACCEPTED.md', 'rules');
    expect(second.status, second.stderr).toBe(0);
    expect(readFileSync(join(dir, 'comment.md'), 'utf8')).toContain('**Sign-off**: every change is acknowledged in `ACCEPTED.md`.');

    // Without an accept file it is a plain gate on behaviour changes; a bad base is a usage error.
    expect(pr('rules').status).toBe(1);
    expect(pr('--base', 'no-such-branch', 'rules').status).toBe(2);
  });
});

#!/usr/bin/env node
// The reviewer's diff of a pull request, for any CI: compares the rules at the merge base
// of the pull request with its working tree (`vigil diff --git`), writes the Markdown
// comment to a file (and stdout), optionally hands the file to a command that posts it,
// and fails unless every change is acknowledged in the --accept file. No network: posting
// is the given command's business (e.g. `gh pr comment 12 --body-file`).
//
//   node scripts/diff-pr.mjs [--base REV] [--accept FILE] [--out FILE] [--post CMD] [paths…]
//
// Exit codes: 0 every change acknowledged (or none), 1 a change not acknowledged or a rule
// set with errors, 2 usage error (bad arguments, unknown revision, unreadable file).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: node scripts/diff-pr.mjs [--base REV] [--accept FILE] [--out FILE] [--post CMD] [paths…]';

function fail(message) {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = { base: process.env.VIGIL_DIFF_BASE ?? 'origin/main', out: 'vigil-diff.md', accept: undefined, post: undefined, now: undefined };
const paths = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => (i + 1 < args.length ? args[++i] : fail(`${a} needs a value`));
  if (a === '--base') opts.base = value();
  else if (a === '--accept') opts.accept = value();
  else if (a === '--out') opts.out = value();
  else if (a === '--post') opts.post = value();
  else if (a === '--now') opts.now = value();
  else if (a === '--help' || a === '-h') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else if (a.startsWith('-')) fail(`unknown option ${a}`);
  else paths.push(a);
}

// The pull request's own changes: from where it branched off the base, as forges show them.
const mb = spawnSync('git', ['merge-base', opts.base, 'HEAD'], { encoding: 'utf8' });
if (mb.status !== 0) fail(`cannot find the merge base of '${opts.base}' and HEAD: ${(mb.stderr || '').trim().split('\n')[0]}`);
const base = mb.stdout.trim();

let cli = process.env.VIGIL_CLI ?? join(ROOT, 'packages/cli/dist/vigil.mjs');
if (!existsSync(cli)) {
  const { build } = await import('./build.mjs');
  await build();
  cli = join(ROOT, 'packages/cli/dist/vigil.mjs');
}

const diffArgs = [cli, 'diff', '--git', base, ...(paths.length > 0 ? paths : ['.']), '--format', 'markdown'];
if (opts.accept !== undefined) diffArgs.push('--accept', opts.accept);
else diffArgs.push('--fail-on-change');
if (opts.now !== undefined) diffArgs.push('--now', opts.now);
const r = spawnSync(process.execPath, diffArgs, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
if (r.status === 2 || r.status === null) {
  process.stderr.write(r.stderr || 'error: vigil diff did not run\n');
  process.exit(2);
}
writeFileSync(resolve(opts.out), r.stdout);
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
if (opts.post !== undefined) {
  const p = spawnSync(`${opts.post} ${JSON.stringify(resolve(opts.out))}`, { shell: true, stdio: 'inherit' });
  if (p.status !== 0) process.stderr.write(`warning: the post command exited with ${p.status}\n`);
}
process.exit(r.status);

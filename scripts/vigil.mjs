#!/usr/bin/env node
// `pnpm vigil …`: rebuilds the CLI bundle when it is missing or older than its sources
// (a cheap mtime check), then runs it with the given arguments and forwards its exit code.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, ROOT } from './build.mjs';

const BUNDLE = join(ROOT, 'packages/cli/dist/vigil.mjs');

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Newest modification time of the sources that go into the bundle. */
function newestSource() {
  let newest = Math.max(mtime(join(ROOT, 'scripts/build.mjs')), mtime(join(ROOT, 'pnpm-lock.yaml')));
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
      } else if (/\.(ts|json)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) {
        newest = Math.max(newest, mtime(p));
      }
    }
  };
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    newest = Math.max(newest, mtime(join(ROOT, 'packages', pkg, 'package.json')));
    walk(join(ROOT, 'packages', pkg, 'src'));
  }
  return newest;
}

const built = mtime(BUNDLE);
if (built < 0 || built < newestSource()) {
  try {
    // Build output goes to stderr so that `pnpm vigil check --format json` keeps stdout clean.
    await build({ cliOnly: true, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    process.stderr.write(`vigil: the build failed: ${error?.message ?? error}\n`);
    process.exit(3);
  }
}

const child = spawn(process.execPath, [BUNDLE, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exitCode = code ?? 3;
});

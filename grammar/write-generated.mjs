// Writes a generated file of grammar/, or with --check only compares it: exit 1 when the
// committed file differs from what its generator writes now.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `grammar/<name>` (or checks it, with --check); `summary` follows "wrote grammar/<name>". */
export function writeGenerated(dir, name, text, generator, summary) {
  const target = join(dir, name);
  if (process.argv.includes('--check')) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`grammar/${name} is out of date: run node ${generator}\n`);
      process.exit(1);
    }
    process.stdout.write(`grammar/${name} is up to date\n`);
    return;
  }
  writeFileSync(target, text);
  process.stdout.write(`wrote grammar/${name} (${summary})\n`);
}

#!/usr/bin/env node
// `node scripts/update-docs.mjs`: rebuilds the CLI, runs every documented command example
// (```console blocks with `$ vigil …` lines) and writes what each prints now under it.
// Review the diff before committing: a changed output is a changed behaviour.
import { build } from './build.mjs';
import { docFiles, updateAll } from './doc-examples.mjs';

await build({ cliOnly: true, log: (line) => process.stderr.write(`${line}\n`) });
const changed = updateAll();
process.stdout.write(changed.length === 0 ? `All examples in ${docFiles().length} documents are current.\n` : `Updated: ${changed.join(', ')}\n`);

#!/usr/bin/env node
// `pnpm bench [--quick] [--only evaluate|compile|run|sql]`: builds the CLI bundle and the
// benchmark bundle (esbuild), then runs the benchmarks. Figures go to stdout as tables.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { build, ROOT } from './build.mjs';

await build({ log: (line) => process.stderr.write(`${line}\n`) });
const outfile = join(ROOT, 'packages/bench/dist/bench.mjs');
await esbuild({
  absWorkingDir: ROOT,
  entryPoints: [join(ROOT, 'packages/bench/src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // The peer engines and tinybench load from packages/bench/node_modules at run time.
  external: ['json-rules-engine', 'json-logic-js', '@gorules/zen-engine', 'tinybench', 'zod', '@duckdb/node-api', 'pg'],
  banner: { js: "import { createRequire as __benchRequire } from 'node:module';\nconst require = __benchRequire(import.meta.url);" },
});
const result = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', outfile, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, VIGIL_ROOT: ROOT } });
process.exitCode = result.status ?? 1;

#!/usr/bin/env node
// The package's `vigil` command. It is committed, so that installing the workspace can
// link it before anything is built; it runs the bundle `pnpm build` writes.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/vigil.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('vigil: the command line is not built yet (packages/cli/dist/vigil.mjs); run `npx -y pnpm@10.34.8 build` first\n');
  process.exit(2);
}
await import(bundle.href);

#!/usr/bin/env node
// Bundles the executables with esbuild: one self-contained ESM file per entry, for Node 20.
//
//   node scripts/build.mjs          the CLI, then the editor tooling (language server,
//                                   VS Code extension) through scripts/build-lsp.mjs
//   node scripts/build.mjs --cli    the CLI only
//
// Output is deterministic (same sources, same bytes) and written atomically (a temporary
// file renamed into place), so concurrent builds never leave a half-written bundle.
import { build as esbuild } from 'esbuild';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The bundles built here. `optional` entries are built only when their source exists.
 * The language server (packages/lsp/dist/server.mjs) and the VS Code extension have their
 * own script, scripts/build-lsp.mjs, which `build` runs after these (see EDITOR_BUILD).
 */
export const ENTRIES = [
  { name: 'vigil CLI', entry: 'packages/cli/src/main.ts', outfile: 'packages/cli/dist/vigil.mjs', executable: true, optional: false },
];

/** The editor tooling's build: a module exporting `buildLsp({ log })`. */
export const EDITOR_BUILD = 'scripts/build-lsp.mjs';

// Bundled CommonJS packages (@lhncbc/ucum-lhc, picocolors, commander) call `require`;
// an ES module has none, so give the bundle one that resolves from the bundle's own path.
const REQUIRE_SHIM = [
  "import { createRequire as __vigilCreateRequire } from 'node:module';",
  'const require = __vigilCreateRequire(import.meta.url);',
].join('\n');

/** Builds one entry; returns the output path and its size. */
async function buildEntry(entry) {
  const outfile = join(ROOT, entry.outfile);
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry.entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
    banner: { js: `${entry.executable ? '#!/usr/bin/env node\n' : ''}${REQUIRE_SHIM}` },
  });
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning.text}\n`);
  const file = result.outputFiles.find((f) => f.path === outfile) ?? result.outputFiles[0];
  mkdirSync(dirname(outfile), { recursive: true });
  const temp = `${outfile}.${process.pid}.tmp`;
  writeFileSync(temp, file.contents, { mode: entry.executable ? 0o755 : 0o644 });
  renameSync(temp, outfile);
  return { outfile, bytes: file.contents.length };
}

/**
 * Builds every entry, then (unless `cliOnly`) the editor tooling; `log` receives one line
 * per bundle. Resolves to the paths written.
 */
export async function build({ log = (line) => process.stdout.write(`${line}\n`), cliOnly = false } = {}) {
  const built = [];
  for (const entry of ENTRIES) {
    if (entry.optional && !existsSync(join(ROOT, entry.entry))) continue;
    const { outfile, bytes } = await buildEntry(entry);
    log(`built ${relative(ROOT, outfile)} (${(bytes / 1024).toFixed(0)} kB)`);
    built.push(outfile);
  }
  const editor = join(ROOT, EDITOR_BUILD);
  if (!cliOnly && existsSync(editor)) {
    const { buildLsp } = await import(pathToFileURL(editor).href);
    built.push(...(await buildLsp({ log })));
  }
  return built;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  build({ cliOnly: process.argv.includes('--cli') }).catch((error) => {
    // esbuild already describes build errors (file, line, text) in its message.
    process.stderr.write(`build failed: ${error?.message ?? error}\n`);
    process.exitCode = 1;
  });
}

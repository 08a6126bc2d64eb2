#!/usr/bin/env node
// Bundles the editor tooling with esbuild:
//   packages/lsp/dist/server.mjs   the language server (ESM, Node 20, stdio), standalone
//   extension/dist/extension.cjs   the VS Code extension (CommonJS, `vscode` external)
//   extension/dist/server.mjs      a copy of the server, shipped inside the .vsix
//   extension/syntaxes/…           the TextMate grammar from grammar/
//
//   node scripts/build-lsp.mjs
//
// Outputs are written atomically (temporary file, then rename), like scripts/build.mjs.
import { build as esbuild } from 'esbuild';
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const REQUIRE_SHIM = [
  "import { createRequire as __vigilCreateRequire } from 'node:module';",
  'const require = __vigilCreateRequire(import.meta.url);',
].join('\n');

function writeAtomic(outfile, contents, mode = 0o644) {
  mkdirSync(dirname(outfile), { recursive: true });
  const temp = `${outfile}.${process.pid}.tmp`;
  writeFileSync(temp, contents, { mode });
  renameSync(temp, outfile);
}

async function bundle({ entry, outfile, format, external = [], banner }) {
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    outfile: join(ROOT, outfile),
    bundle: true,
    platform: 'node',
    format,
    target: 'node20',
    external,
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
    ...(banner ? { banner: { js: banner } } : {}),
  });
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning.text}\n`);
  const file = result.outputFiles[0];
  writeAtomic(join(ROOT, outfile), file.contents);
  return file.contents.length;
}

export async function buildLsp({ log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const server = 'packages/lsp/dist/server.mjs';
  const bytes = await bundle({ entry: 'packages/lsp/src/server.ts', outfile: server, format: 'esm', banner: REQUIRE_SHIM });
  log(`built ${server} (${(bytes / 1024).toFixed(0)} kB)`);
  const ext = 'extension/dist/extension.cjs';
  const extBytes = await bundle({ entry: 'extension/src/extension.ts', outfile: ext, format: 'cjs', external: ['vscode'] });
  log(`built ${ext} (${(extBytes / 1024).toFixed(0)} kB)`);
  mkdirSync(join(ROOT, 'extension/dist'), { recursive: true });
  copyFileSync(join(ROOT, server), join(ROOT, 'extension/dist/server.mjs'));
  mkdirSync(join(ROOT, 'extension/syntaxes'), { recursive: true });
  copyFileSync(join(ROOT, 'grammar/vigil.tmLanguage.json'), join(ROOT, 'extension/syntaxes/vigil.tmLanguage.json'));
  log(`copied the server and the grammar into ${relative(ROOT, join(ROOT, 'extension'))}/`);
  return [join(ROOT, server), join(ROOT, ext)];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildLsp().catch((error) => {
    process.stderr.write(`build failed: ${error?.message ?? error}\n`);
    process.exitCode = 1;
  });
}

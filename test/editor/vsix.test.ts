// `pnpm package` builds an installable .vsix with @vscode/vsce: the archive must hold the
// manifest, the extension and server bundles, the grammar, snippets and language
// configuration, and none of the sources.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const EXTENSION = join(ROOT, 'extension');

/** The entries of a zip archive (central directory), with a reader for each. */
function readZip(buf: Buffer): Map<string, () => Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return method === 0 ? Buffer.from(data) : inflateRawSync(data);
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let dir: string;
let entries: Map<string, () => Buffer>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-vsix-'));
  const out = join(dir, 'vigil.vsix');
  const bundle = spawnSync(process.execPath, [join(ROOT, 'scripts/build-lsp.mjs')], { cwd: EXTENSION, encoding: 'utf8' });
  expect(bundle.status, bundle.stderr).toBe(0);
  const vsce = join(EXTENSION, 'node_modules/@vscode/vsce/vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out], {
    cwd: EXTENSION,
    encoding: 'utf8',
  });
  expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  entries = readZip(readFileSync(out));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the .vsix', () => {
  test('holds the manifest, bundles, grammar, snippets and configuration', () => {
    for (const name of [
      'extension.vsixmanifest',
      'extension/package.json',
      'extension/dist/extension.cjs',
      'extension/dist/server.mjs',
      'extension/syntaxes/vigil.tmLanguage.json',
      'extension/snippets/vigil.json',
      'extension/language-configuration.json',
    ]) {
      expect(entries.has(name), name).toBe(true);
    }
  });

  test('keeps sources and dependencies out', () => {
    const names = [...entries.keys()];
    expect(names.filter((n) => n.endsWith('.ts') || n.includes('node_modules/') || n.endsWith('.vsix'))).toEqual([]);
  });

  test('ships the grammar and the server that the repository builds', () => {
    expect(entries.get('extension/syntaxes/vigil.tmLanguage.json')!().toString('utf8')).toBe(readFileSync(join(ROOT, 'grammar/vigil.tmLanguage.json'), 'utf8'));
    expect(entries.get('extension/dist/server.mjs')!().equals(readFileSync(join(ROOT, 'packages/lsp/dist/server.mjs')))).toBe(true);
    const manifest = JSON.parse(entries.get('extension/package.json')!().toString('utf8')) as { main: string; contributes: { languages: { id: string }[] } };
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(manifest.contributes.languages.map((l) => l.id)).toEqual(['vigil']);
  });
});

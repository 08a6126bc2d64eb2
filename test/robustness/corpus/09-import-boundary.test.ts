// Item 9: `import` resolves only to `.vigil` files inside the rule set's folders (the
// paths named on the command line); a refused import's message shows the path, never the
// file's content, in the CLI and in the language server alike.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LspClient } from '../../lsp/client.js';
import { contractProblems, tempDir, TPMT_RULES, vigil } from './vigil-process.js';

const SECRET = 'ci-token-4f1d9a77e2';
const IMPORTS = ['/proc/self/environ', '../../../../../../../../etc/passwd', '../outside/secret.vigil', 'notes.txt', '/dev/zero'];

function ruleSet(): { dir: string; main: string; text: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'rules'));
  mkdirSync(join(dir, 'outside'));
  // A .vigil file outside the folder: a syntax error there would print its line in a code frame.
  writeFileSync(join(dir, 'outside', 'secret.vigil'), `token = "${SECRET}"\n`);
  writeFileSync(join(dir, 'rules', 'notes.txt'), `${SECRET}\n`);
  const [head, ...rest] = TPMT_RULES.split('\n');
  const text = [head, ...IMPORTS.map((p) => `import "${p}"`), ...rest].join('\n');
  const main = join(dir, 'rules', 'main.vigil');
  writeFileSync(main, text);
  return { dir, main, text };
}

describe('09 import boundary', () => {
  it('check refuses every import outside the folder, naming the path, leaking nothing', () => {
    const { dir } = ruleSet();
    const r = vigil(['check', 'rules'], dir, 20_000, { VIGIL_CORPUS_SECRET: SECRET });
    // The secret also sits in the environment, as a CI token would.
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    for (const p of IMPORTS) expect(out).toContain(`Import '${p}' is refused`);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain('root:x:0:0');
    expect(out).not.toMatch(/PATH=|HOME=/);
  });

  it('eval and compile refuse the rule set the same way', () => {
    const { dir } = ruleSet();
    writeFileSync(join(dir, 'p.json'), '{"tpmt":"absent"}');
    for (const args of [['eval', 'rules', '--facts', 'p.json', '--now', '2026-01-01T00:00:00Z'], ['compile', 'rules', '--target', 'js', '--out', 'out']]) {
      const r = vigil(args, dir, 20_000, { VIGIL_CORPUS_SECRET: SECRET });
      expect(contractProblems(r)).toEqual([]);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain("Import '/proc/self/environ' is refused");
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
  });

  it('a folder named on the command line is a root too', () => {
    const { dir } = ruleSet();
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    writeFileSync(join(shared, 'more.vigil'), 'rule A-3 "More" source "s" when tpmt = normal then caution azathioprine\n');
    writeFileSync(join(dir, 'rules', 'main.vigil'), TPMT_RULES.replace('\n', '\nimport "../shared/more.vigil"\n'));
    expect(vigil(['check', 'rules'], dir).stdout).toContain("Import '../shared/more.vigil' is refused");
    const r = vigil(['check', 'rules', 'shared'], dir);
    expect(r.stdout + r.stderr).not.toContain('refused');
    expect(r.code).toBe(0);
  });

  it('the language server publishes the same refusals and no content', async () => {
    const { dir, main, text } = ruleSet();
    process.env['VIGIL_CORPUS_SECRET'] = SECRET;
    const { client } = await LspClient.start(join(dir, 'rules'));
    try {
      const uri = pathToFileURL(main).href;
      await client.open(uri, text);
      const p = await client.waitFor((x) => x.uri === uri && x.diagnostics.some((d) => d.code === 'VGL2011'), 20_000);
      const messages = p.diagnostics.map((d) => d.message);
      for (const path of IMPORTS) expect(messages.some((m) => m.includes(`Import '${path}' is refused`)), path).toBe(true);
      const everything = JSON.stringify(client.published) + client.logs.join('\n') + client.stderr.join('');
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toContain('root:x:0:0');
    } finally {
      delete process.env['VIGIL_CORPUS_SECRET'];
      await client.shutdown();
    }
  }, 60_000);
});

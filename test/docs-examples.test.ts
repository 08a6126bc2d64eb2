// Every documented command prints what its documentation says: each ```console block with
// `$ vigil …` lines in the READMEs and packages/*/docs is run and compared. When an output
// changes on purpose, `node scripts/update-docs.mjs` rewrites the examples (CONTRIBUTING.md).
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module shared with scripts/update-docs.mjs, without types.
import * as docs from '../scripts/doc-examples.mjs';

interface Block {
  start: number;
  end: number;
  indent: string;
  commands: { line: string; expected: string[] }[];
}
const d = docs as {
  ROOT: string;
  docFiles(root?: string): string[];
  findExamples(text: string): Block[];
  runBlock(block: Block, root?: string): string[][];
  rewrite(text: string, blocks: Block[], outputs: string[][][]): string;
  parseCommand(line: string): unknown;
  checkAll(root?: string): { file: string; block: Block; actual: string[][] }[];
};

describe('documented command examples', () => {
  const results = d.checkAll();

  it('the docs the examples must cover have some', () => {
    const files = new Set(results.map((r) => r.file));
    for (const f of ['packages/cli/docs/cli.md', 'packages/compiler/docs/engine.md', 'packages/harness/docs/fixtures.md']) expect(files, f).toContain(f);
  });

  for (const r of results) {
    it(`${r.file}:${r.block.start} ${r.block.commands.map((c) => `$ ${c.line}`).join('; ')}`, () => {
      r.block.commands.forEach((c, i) => {
        expect(r.actual[i]!.join('\n'), `${r.file}:${r.block.start}: '$ ${c.line}' prints something else now; if that is intended, run node scripts/update-docs.mjs`).toBe(
          c.expected.join('\n'),
        );
      });
    });
  }
});

describe('the examples machinery', () => {
  it('finds console blocks with vigil commands, with each command and its output', () => {
    const text = ['# x', '```console', '$ vigil --version | head -n 1', '0.1.0', '$ rm rules/a', '```', '```', '$ vigil not-a-console-block', '```'].join('\n');
    const blocks = d.findExamples(text);
    expect(blocks).toEqual([
      {
        start: 2,
        end: 5,
        indent: '',
        commands: [
          { line: 'vigil --version | head -n 1', expected: ['0.1.0'] },
          { line: 'rm rules/a', expected: [] },
        ],
      },
    ]);
    expect(d.rewrite(text, blocks, [[['9.9.9'], []]])).toBe(text.replace('0.1.0', '9.9.9'));
    // An example shown inside another block (how to write one) is not run.
    expect(d.findExamples(['````markdown', '```console', '$ vigil x', '…', '```', '````'].join('\n'))).toEqual([]);
  });

  it('parses quotes and filters, and refuses what it cannot run', () => {
    expect(d.parseCommand(`vigil eval --expr "wbc < 2.5 10*9/L | x" 'a b' | tail -n 2 | grep ok`)).toEqual({
      kind: 'vigil',
      args: ['eval', '--expr', 'wbc < 2.5 10*9/L | x', 'a b'],
      filters: [
        { kind: 'tail', n: 2 },
        { kind: 'grep', text: 'ok' },
      ],
    });
    expect(() => d.parseCommand('vigil check | sort')).toThrow(/unsupported filter/);
    expect(() => d.parseCommand('curl x')).toThrow(/unsupported command/);
  });

  it('fails when a documented output drifts, and the update makes it pass', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-docs-drift-'));
    try {
      mkdirSync(join(root, 'packages', 'cli', 'dist'), { recursive: true });
      mkdirSync(join(root, 'packages', 'cli', 'docs'), { recursive: true });
      // A stand-in CLI whose output is the drifted figure.
      writeFileSync(join(root, 'packages/cli/dist/vigil.mjs'), "console.log('compiled 107 rules from ' + process.argv[2]);\n");
      const doc = ['```console', '$ vigil rules/x', 'compiled 105 rules from rules/x', '```', ''].join('\n');
      writeFileSync(join(root, 'packages/cli/docs/cli.md'), doc);
      const blocks = d.findExamples(doc);
      const actual = blocks.map((b) => d.runBlock(b, root));
      expect(actual).toEqual([[['compiled 107 rules from rules/x']]]);
      expect(actual[0]![0]).not.toEqual(blocks[0]!.commands[0]!.expected);
      const updated = d.rewrite(doc, blocks, actual);
      expect(updated).toBe(doc.replace('105', '107'));
      expect(d.findExamples(updated)[0]!.commands[0]!.expected).toEqual(actual[0]![0]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

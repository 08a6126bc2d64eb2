import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectRuleFiles } from '../pipeline.js';
import { ruleSetAt, ruleSetOf, ruleSetsIn } from './workspace.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ws-'));
  dirs.push(dir);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const TWO_SETS = {
  'rules/aza/azathioprine.vigil': '// Azathioprine\nruleset azathioprine version "1"\nimport "facts.vigil"\n',
  'rules/aza/facts.vigil': 'facts { tpmt: enum { normal, low } }\n',
  'rules/aza/more/toxicity.vigil': 'rule T-1 "x" source "s" when tpmt = low then stop azathioprine\n',
  'rules/aza/tests/a.cases.yaml': 'cases: []\n',
  'rules/pgx/main.vigil': 'ruleset pgx version "1"\n',
  'rules/pgx/tests/p.cases.yaml': 'cases: []\n',
  'rules/.hidden/x.vigil': 'ruleset hidden version "1"\n',
  'rules/README.md': '# not a rule file',
};

describe('ruleSetsIn', () => {
  it('finds each set below a folder, subfolders included, with its fixtures', () => {
    const root = tree(TWO_SETS);
    const scan = ruleSetsIn(['rules'], root);
    expect(scan.missing).toEqual([]);
    expect(scan.diagnostics).toEqual([]);
    expect(scan.roots).toEqual([join(root, 'rules')]);
    expect(scan.sets).toEqual([
      {
        name: 'azathioprine',
        header: join(root, 'rules/aza/azathioprine.vigil'),
        root: join(root, 'rules/aza'),
        rules: ['azathioprine.vigil', 'facts.vigil', 'more/toxicity.vigil'].map((f) => join(root, 'rules/aza', f)),
        fixtures: [join(root, 'rules/aza/tests/a.cases.yaml')],
      },
      { name: 'pgx', header: join(root, 'rules/pgx/main.vigil'), root: join(root, 'rules/pgx'), rules: [join(root, 'rules/pgx/main.vigil')], fixtures: [join(root, 'rules/pgx/tests/p.cases.yaml')] },
    ]);
  });

  it('keeps files below no header together as one set, as every command always has', () => {
    const root = tree({ 'a.vigil': 'facts { wbc: quantity 10*9/L }\n', 'sub/b.vigil': 'rule R "x" source "s" when wbc < 2 10*9/L then advise because "m"\n', 'set/main.vigil': 'ruleset s version "1"\n' });
    const scan = ruleSetsIn(['.'], root);
    expect(scan.sets.map((s) => [s.name, s.root, s.rules])).toEqual([
      ['s', join(root, 'set'), [join(root, 'set/main.vigil')]],
      [undefined, root, [join(root, 'a.vigil'), join(root, 'sub/b.vigil')]],
    ]);
  });

  it('takes a file named outright whatever its name, and lists paths that do not exist', () => {
    const root = tree({ 'notes.txt': 'rule', 'x/a.vigil': 'facts {}\n' });
    const scan = ruleSetsIn(['notes.txt', 'x', 'gone'], root);
    expect(scan.missing).toEqual(['gone']);
    expect(scan.sets.map((s) => s.rules)).toEqual([[join(root, 'x/a.vigil'), join(root, 'notes.txt')]]);
  });

  it('reports one ruleset name declared by two folders (VGL2013), at the later header', () => {
    const root = tree({ 'a/main.vigil': 'ruleset same version "1"\n', 'b/main.vigil': '// The paediatric set.\nruleset same version "2"\n' });
    const scan = ruleSetsIn(['.'], root);
    expect(scan.diagnostics[0]!.range).toMatchObject({ start: { line: 1, character: 0, offset: 23 }, end: { line: 1, character: 12, offset: 35 } });
    expect(scan.diagnostics.map((d) => [d.code, d.uri, d.message])).toEqual([
      ['VGL2013', join(root, 'b/main.vigil'), `ruleset same is declared by two folders: '${join(root, 'a/main.vigil')}' and '${join(root, 'b/main.vigil')}'; give one of them another name.`],
    ]);
  });

  it('is the walk collectRuleFiles lists, all sets together in path order', () => {
    const root = tree(TWO_SETS);
    expect(collectRuleFiles(['rules'], root).files).toEqual(
      ['aza/azathioprine.vigil', 'aza/facts.vigil', 'aza/more/toxicity.vigil', 'pgx/main.vigil'].map((f) => join(root, 'rules', f)),
    );
  });
});

describe('ruleSetOf', () => {
  it('gives a file in a subfolder the whole set of the nearest header above it, as ruleSetsIn does', () => {
    const root = tree(TWO_SETS);
    const set = ruleSetOf(join(root, 'rules/aza/more/toxicity.vigil'));
    expect(set).toEqual(ruleSetsIn(['rules'], root).sets[0]);
    expect(ruleSetOf(join(root, 'rules/pgx/main.vigil')).name).toBe('pgx');
  });

  it('counts open documents: an unsaved file, and a header typed into one', () => {
    const root = tree({ 'set/main.vigil': 'facts {}\n', 'set/sub/r.vigil': 'rule R "x" source "s" when true then advise because "m"\n' });
    const unsaved = join(root, 'set/new.vigil');
    const overlay = new Map([[join(root, 'set/main.vigil'), 'ruleset typed version "1"\n'], [unsaved, 'facts {}\n']]);
    const set = ruleSetOf(join(root, 'set/sub/r.vigil'), { overlay });
    expect(set.name).toBe('typed');
    expect(set.rules).toEqual([join(root, 'set/main.vigil'), unsaved, join(root, 'set/sub/r.vigil')]);
  });

  it('without a header above, is the file’s own folder (the folder’s tree with loose: tree), and stops at the given folders', () => {
    const root = tree({ 'ruleset.vigil': 'ruleset outer version "1"\n', 'ws/a.vigil': 'facts {}\n', 'ws/sub/b.vigil': 'facts {}\n' });
    expect(ruleSetOf(join(root, 'ws/a.vigil')).name).toBe('outer');
    const stopAt = [join(root, 'ws')];
    expect(ruleSetOf(join(root, 'ws/a.vigil'), { stopAt })).toMatchObject({ name: undefined, root: join(root, 'ws'), rules: [join(root, 'ws/a.vigil')] });
    expect(ruleSetAt(join(root, 'ws'), { stopAt })).toMatchObject({ name: undefined, root: join(root, 'ws'), rules: [join(root, 'ws/a.vigil'), join(root, 'ws/sub/b.vigil')] });
  });

  it('never makes the whole temporary folder one rule set', () => {
    // A temporary folder of the test's own, holding a loose rule set of its own, so that
    // what other programs leave in the machine's /tmp cannot change the answer.
    const own = mkdtempSync(join(tmpdir(), 'vigil-tmp-'));
    dirs.push(own);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = own;
    try {
      writeFileSync(join(own, 'stray.vigil'), 'ruleset stray version "1"\n');
      const root = tree({ 'loose.vigil': 'facts {}\n' });
      const set = ruleSetAt(tmpdir());
      expect(set.root).toBe(own);
      expect(set.rules).toEqual([join(own, 'stray.vigil')]);
      expect(set.rules).not.toContain(join(root, 'loose.vigil'));
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('keeps a dangling link named x.vigil, so that checking it says why', () => {
    const root = tree({ 'set/main.vigil': 'ruleset s version "1"\n' });
    symlinkSync(join(root, 'nowhere.vigil'), join(root, 'set/gone.vigil'));
    expect(ruleSetOf(join(root, 'set/main.vigil')).rules).toEqual([join(root, 'set/main.vigil'), join(root, 'set/gone.vigil')]);
  });
});

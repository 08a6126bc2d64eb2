import { describe, expect, it } from 'vitest';
import { discoverRuleSets, rulesetHeader } from './ruleset-discovery.js';

const files: Record<string, string> = {
  '/repo/rules/aza/azathioprine.vigil': '// Azathioprine\n/* header */ ruleset azathioprine version "1.0.0"\nimport "facts.vigil"\n',
  '/repo/rules/aza/facts.vigil': 'facts { tpmt: enum { normal, low } }\n',
  '/repo/rules/aza/tests/a.cases.yaml': 'cases: []\n',
  '/repo/rules/aza/tests/shared.facts.yaml': 'base: {}\n',
  '/repo/rules/mtx/main.vigil': 'ruleset methotrexate\n',
  '/repo/rules/mtx/sub/more.vigil': 'rule R-1 "x" source "s" when true then stop methotrexate\n',
  '/repo/rules/mtx/paeds/main.vigil': 'ruleset methotrexate_paeds\n',
  '/repo/rules/mtx/paeds/tests/p.cases.yaml': 'cases: []\n',
  '/repo/rules/loose.vigil': 'rule R-9 "y" source "s" when true then stop x\n',
  '/repo/rules/README.md': '# not a rule file',
};
const read = (p: string) => files[p]!;

describe('rule set discovery', () => {
  it('finds each set by its header, with the folder tree below it, nested sets apart', () => {
    const d = discoverRuleSets(Object.keys(files), read);
    expect(d.problems).toEqual([]);
    expect(d.sets).toEqual([
      {
        name: 'azathioprine',
        header: '/repo/rules/aza/azathioprine.vigil',
        root: '/repo/rules/aza',
        rules: ['/repo/rules/aza/azathioprine.vigil', '/repo/rules/aza/facts.vigil'],
        fixtures: ['/repo/rules/aza/tests/a.cases.yaml', '/repo/rules/aza/tests/shared.facts.yaml'],
      },
      { name: 'methotrexate', header: '/repo/rules/mtx/main.vigil', root: '/repo/rules/mtx', rules: ['/repo/rules/mtx/main.vigil', '/repo/rules/mtx/sub/more.vigil'], fixtures: [] },
      { name: 'methotrexate_paeds', header: '/repo/rules/mtx/paeds/main.vigil', root: '/repo/rules/mtx/paeds', rules: ['/repo/rules/mtx/paeds/main.vigil'], fixtures: ['/repo/rules/mtx/paeds/tests/p.cases.yaml'] },
    ]);
    expect(d.unassigned).toEqual(['/repo/rules/loose.vigil']);
  });

  it('keeps two headers of one folder in one set (the checker refuses it) and reports one name in two folders', () => {
    const d = discoverRuleSets(['/r/a/x.vigil', '/r/a/y.vigil', '/r/b/z.vigil'], (p) => (p.endsWith('y.vigil') ? 'ruleset other\n' : 'ruleset same\n'));
    expect(d.sets.map((s) => [s.name, s.rules])).toEqual([
      ['same', ['/r/a/x.vigil', '/r/a/y.vigil']],
      ['same', ['/r/b/z.vigil']],
    ]);
    expect(d.problems).toEqual([
      { file: '/r/b/z.vigil', name: 'same', first: '/r/a/x.vigil', message: "ruleset same is declared by two folders: '/r/a/x.vigil' and '/r/b/z.vigil'" },
    ]);
  });

  it('reads the header after comments only', () => {
    expect(rulesetHeader('  // c\n/* d */\nruleset pgx version "2"')).toBe('pgx');
    expect(rulesetHeader('\uFEFFruleset bom')).toBe('bom');
    expect(rulesetHeader('rule R-1 "ruleset x"')).toBeUndefined();
    expect(rulesetHeader('import "a.vigil"\nruleset late')).toBeUndefined();
  });
});

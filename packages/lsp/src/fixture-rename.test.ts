import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureFiles, renameFactInFixture, renameRuleInFixture, type FixtureEdit } from './fixture-rename.js';

const apply = (text: string, edits: FixtureEdit[]) => [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);

const CASES = `# R-1 and alt in a comment stay
shared:
  base: { alt: "20 U/L", alt_uln: "40 U/L", extends: other }
cases:
  - name: R-1 fires when alt is high   # the name stays
    facts:
      alt: "500 U/L"
      'alt_baseline': "20 U/L"
      alternative: 3
    expect:
      decisions: [{ rule: R-1, message: "R-1 alt" }, "R-1", R-10]
      not: [R-1]
      not_evaluable:
        - rule: 'R-1'
          missing: [alt_uln, other]
      overridden: [{ rule: R-2, by: R-1 }]
`;

describe('renaming in fixtures', () => {
  it('renames a rule id where expectations name it, and nowhere else', () => {
    const out = apply(CASES, renameRuleInFixture(CASES, 'R-1', 'R-ONE'));
    expect(out).toContain('# R-1 and alt in a comment stay');
    expect(out).toContain('name: R-1 fires when alt is high');
    expect(out).toContain('decisions: [{ rule: R-ONE, message: "R-1 alt" }, "R-ONE", R-10]');
    expect(out).toContain('not: [R-ONE]');
    expect(out).toContain("- rule: 'R-ONE'");
    expect(out).toContain('by: R-ONE');
  });

  it('renames a fact in facts mappings, with its _baseline and _uln keys, and under missing', () => {
    const out = apply(CASES, renameFactInFixture(CASES, 'alt', 'alanine', false));
    expect(out).toContain('base: { alanine: "20 U/L", alanine_uln: "40 U/L", extends: other }');
    expect(out).toContain('      alanine: "500 U/L"');
    expect(out).toContain("'alanine_baseline'");
    expect(out).toContain('alternative: 3');
    expect(out).toContain('missing: [alanine_uln, other]');
    expect(out).toContain('# R-1 and alt in a comment stay');
  });

  it('renames the keys of a shared facts file', () => {
    const facts = 'normal:\n  alt: "20 U/L"\n  tpmt: normal\nother:\n  extends: normal\n  alt: null\n';
    expect(apply(facts, renameFactInFixture(facts, 'alt', 'alanine', true))).toBe(facts.replace(/\balt:/g, 'alanine:'));
  });
});

describe('fixtureFiles', () => {
  it("gives a rule in a subfolder its rule set's fixtures, nested sets apart", () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-rename-'));
    try {
      const files: Record<string, string> = {
        'set/main.vigil': 'ruleset s version "1"\n',
        'set/more/x.vigil': 'facts {}\n',
        'set/tests/a.cases.yaml': 'cases: []\n',
        'set/tests/deep/shared.facts.yaml': 'base: {}\n',
        'set/other/main.vigil': 'ruleset other version "1"\n',
        'set/other/tests/b.cases.yaml': 'cases: []\n',
      };
      for (const [p, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), text);
      }
      expect(fixtureFiles(join(dir, 'set/more'))).toEqual([join(dir, 'set/tests/a.cases.yaml'), join(dir, 'set/tests/deep/shared.facts.yaml')]);
      expect(fixtureFiles(join(dir, 'set/other'))).toEqual([join(dir, 'set/other/tests/b.cases.yaml')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

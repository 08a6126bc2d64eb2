// Every entry of the clinical catalogue must be encoded in the azathioprine rule set as a
// rule or protocol whose id is the catalogue id, citing (by full file name) the seed
// documents the catalogue names for it.
//
// The catalogue lives outside the repository (../shared/design/clinical-catalogue.md);
// when it is not there, the checked-in copy test/fixtures/catalogue-ids.txt is used.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cataloguePath = path.resolve(repoRoot, '../shared/design/clinical-catalogue.md');
const fixturePath = path.resolve(repoRoot, 'test/fixtures/catalogue-ids.txt');
const rulesDir = path.resolve(repoRoot, 'rules/azathioprine');

const ID = /AZA-[A-Z]+-\d+/g;
const SEED_FILE = /^(\d{3})_[0-9a-f]{16}\.txt$/;

export interface CatalogueEntry {
  readonly id: string;
  /** Three-digit seed numbers named in the entry's seed column, e.g. ['001', '002']. */
  readonly seeds: readonly string[];
}

/** Entries from the catalogue's markdown tables; ids mentioned anywhere else are kept too (without seeds). */
export function entriesFromCatalogue(markdown: string): CatalogueEntry[] {
  const entries = new Map<string, string[]>();
  for (const line of markdown.split(/\r?\n/)) {
    const cells = line.split('|').map((c) => c.trim());
    const first = cells[1] ?? '';
    if (line.trimStart().startsWith('|') && /^AZA-[A-Z]+-\d+$/.test(first)) {
      const seeds = [...new Set((cells[3] ?? '').match(/\b\d{3}\b/g) ?? [])];
      entries.set(first, seeds);
    }
  }
  for (const id of markdown.match(ID) ?? []) if (!entries.has(id)) entries.set(id, []);
  return [...entries].map(([id, seeds]) => ({ id, seeds }));
}

/** Entries from the fixture: one `ID<TAB>001,002` line each; `#` starts a comment. */
export function entriesFromFixture(text: string): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [id, seeds = ''] = line.split(/\s+/);
    if (id && /^AZA-[A-Z]+-\d+$/.test(id)) entries.push({ id, seeds: seeds.split(',').filter(Boolean) });
  }
  return entries;
}

export interface Declared {
  readonly id: string;
  readonly kind: 'rule' | 'protocol';
  readonly sources: readonly string[];
  readonly file: string;
}

/** Rules and protocols declared in Vigil texts, with their `source` strings. Comments are ignored. */
export function declaredRules(files: ReadonlyMap<string, string>): Declared[] {
  const out: Declared[] = [];
  for (const [file, raw] of files) {
    const text = raw.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/\/\/[^\n]*/g, '');
    const head = /^[ \t]*(rule|protocol)[ \t]+([A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)+)\s/gm;
    const starts = [...text.matchAll(head)];
    starts.forEach((m) => {
      const begin = m.index ?? 0;
      const rest = text.slice(begin + m[0].length);
      const nextTop = rest.search(/^[ \t]*(?:rule|protocol|define|valueset|facts|import|ruleset)\b/m);
      const end = begin + m[0].length + (nextTop < 0 ? rest.length : nextTop);
      const body = text.slice(begin, end);
      const sources: string[] = [];
      for (const clause of body.matchAll(/\bsource\s+("[^"]*"(?:\s*,\s*"[^"]*")*)/g))
        for (const s of clause[1]!.matchAll(/"([^"]*)"/g)) sources.push(s[1]!);
      out.push({ id: m[2]!, kind: m[1] as 'rule' | 'protocol', sources, file });
    });
  }
  return out;
}

/** Problems with the encoding of the catalogue: missing ids, and seeds an entry does not cite. */
export function catalogueProblems(entries: readonly CatalogueEntry[], declared: readonly Declared[]): string[] {
  const problems: string[] = [];
  for (const { id, seeds } of entries) {
    const main = declared.filter((d) => d.id === id);
    if (main.length === 0) {
      problems.push(`${id}: no 'rule ${id}' or 'protocol ${id}' in the rule set`);
      continue;
    }
    // The entry's own rule and its lettered companions (AZA-PRE-05-B …) together cite its seeds.
    const family = declared.filter((d) => d.id === id || d.id.startsWith(`${id}-`));
    const cited = new Set(family.flatMap((d) => d.sources).map((s) => SEED_FILE.exec(s)?.[1]).filter((s): s is string => !!s));
    for (const seed of seeds) if (!cited.has(seed)) problems.push(`${id}: does not cite seed ${seed} by its full file name`);
    for (const d of main) if (!d.sources.some((s) => SEED_FILE.test(s))) problems.push(`${id}: cites no seed file by full file name`);
  }
  return problems;
}

function loadEntries(): { entries: CatalogueEntry[]; from: string } {
  if (existsSync(cataloguePath)) return { entries: entriesFromCatalogue(readFileSync(cataloguePath, 'utf8')), from: cataloguePath };
  return { entries: entriesFromFixture(readFileSync(fixturePath, 'utf8')), from: fixturePath };
}

function loadRuleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(rulesDir).filter((n) => n.endsWith('.vigil')).sort())
    files.set(name, readFileSync(path.join(rulesDir, name), 'utf8'));
  return files;
}

describe('clinical catalogue coverage', () => {
  const { entries, from } = loadEntries();
  const declared = declaredRules(loadRuleFiles());

  it(`reads the catalogue ids (${path.basename(from)})`, () => {
    expect(entries.length).toBeGreaterThanOrEqual(50);
    expect(entries.map((e) => e.id)).toContain('AZA-PRE-01');
    expect(entries.map((e) => e.id)).toContain('AZA-DES-05');
  });

  it.each(entries.map((e) => [e.id, e] as const))('%s is encoded as a rule or protocol citing its seeds', (_id, entry) => {
    expect(catalogueProblems([entry], declared)).toEqual([]);
  });

  it('rule and protocol ids are unique', () => {
    const seen = new Map<string, string>();
    const dups: string[] = [];
    for (const d of declared) {
      if (seen.has(d.id)) dups.push(`${d.id} (${seen.get(d.id)} and ${d.file})`);
      else seen.set(d.id, d.file);
    }
    expect(dups).toEqual([]);
  });
});

describe('the coverage check itself', () => {
  const vigil = new Map([
    [
      'x.vigil',
      [
        '// rule AZA-PRE-09 "commented out" source "002_905f97d69bf3a083.txt"',
        'rule AZA-PRE-05-B "secondary"',
        '  source "003_409dd90a7487159d.txt"',
        '  when a then advise because "x"',
        'rule AZA-PRE-02 "absent TPMT"',
        '  source "002_905f97d69bf3a083.txt", "001_840ad575cbf20e48.txt"',
        '  when tpmt in { low, absent } then contraindicate azathioprine because "x"',
        'protocol AZA-DES-03 "p" source "000_85b849aa698f90d7.txt" target 1 mg over 1 min step 1 mg observe 1 min',
      ].join('\n'),
    ],
  ]);
  const declared = declaredRules(vigil);

  it('finds rules and protocols with their sources, ignoring comments', () => {
    expect(declared.map((d) => d.id)).toEqual(['AZA-PRE-05-B', 'AZA-PRE-02', 'AZA-DES-03']);
    expect(declared[1]!.sources).toEqual(['002_905f97d69bf3a083.txt', '001_840ad575cbf20e48.txt']);
  });

  it('reports an id that only a secondary rule or a comment carries', () => {
    expect(catalogueProblems([{ id: 'AZA-PRE-05', seeds: [] }], declared)).toHaveLength(1);
    expect(catalogueProblems([{ id: 'AZA-PRE-09', seeds: [] }], declared)).toHaveLength(1);
  });

  it('reports a seed the entry does not cite, and accepts one cited by a companion rule', () => {
    expect(catalogueProblems([{ id: 'AZA-PRE-02', seeds: ['002', '004'] }], declared)).toEqual([
      'AZA-PRE-02: does not cite seed 004 by its full file name',
    ]);
    expect(catalogueProblems([{ id: 'AZA-DES-03', seeds: ['000'] }], declared)).toEqual([]);
  });

  it('parses catalogue tables and the fixture format alike', () => {
    const md = '| id | statement | seed | forces |\n|---|---|---|---|\n| AZA-X-01 | text 30 mg | 001, 002 | y |\nsee AZA-Y-02\n';
    expect(entriesFromCatalogue(md)).toEqual([
      { id: 'AZA-X-01', seeds: ['001', '002'] },
      { id: 'AZA-Y-02', seeds: [] },
    ]);
    expect(entriesFromFixture('# c\nAZA-X-01\t001,002\nAZA-Y-02\n')).toEqual([
      { id: 'AZA-X-01', seeds: ['001', '002'] },
      { id: 'AZA-Y-02', seeds: [] },
    ]);
  });
});

// Two versions of a small rule set, diffed in memory or written to two folders (`@vigil/diff/test`).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffRuleSets, sideFromTexts, type DiffResult } from '../src/index.js';

export const NOW = new Date('2026-03-01T00:00:00Z');

export const FACTS = `ruleset t version "1"
facts {
  tpmt: enum { normal, intermediate, low, absent }
  wbc: quantity 10*9/L
  pregnant: boolean
  medications: set of code
}
valueset xo "Xanthine oxidase inhibitors" { allopurinol rxnorm "519", febuxostat rxnorm "73689" }
`;

export function side(label: string, rules: string, fixtures: Record<string, string> = {}) {
  return sideFromTexts(label, new Map([['/rules/main.vigil', FACTS + rules]]), new Map(Object.entries(fixtures).map(([k, v]) => [`/rules/${k}`, v])));
}

export function diff(before: string, after: string, fixtures: Record<string, string> = {}): DiffResult {
  const a = side('old', before, fixtures);
  const b = side('new', after, fixtures);
  for (const s of [a, b]) if (!s.check.ir) throw new Error(s.check.diagnostics.map((d) => d.message).join('; '));
  return diffRuleSets(a, b, { now: NOW });
}

/** The regions as `description: change [witness]` lines. */
export function regionLines(r: DiffResult): string[] {
  return (r.space?.regions ?? []).map((g) => `${g.description}: ${g.change} [${g.witness.text}]`);
}

/** A temporary folder holding `old/main.vigil` and `new/main.vigil`: FACTS followed by each text. */
export function twoVersions(before: string, after: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-diff-'));
  for (const [name, text] of [['old', before], ['new', after]] as const) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'main.vigil'), FACTS + text);
  }
  return dir;
}

// A valid rule set at scale, made from the real azathioprine rules: the facts and value sets
// once, then the rule files repeated with every rule id, define name and protocol id made
// unique per copy (references renamed with them), so that it checks with no errors and pays
// for every analysis a real rule set pays for (a generated file that hits the diagnostic cap
// skips some of them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files read once (facts and value sets); the others are repeated. */
const SHARED = ['facts.vigil', 'medications.vigil', 'diagnoses.vigil'];
/** The root file, whose `groups` block each copy repeats. */
const ROOT_FILE = 'azathioprine.vigil';
const REPEATED = [
  'pretreatment.vigil',
  'dosing.vigil',
  'monitoring.vigil',
  'toxicity.vigil',
  'reintroduction.vigil',
  'interactions.vigil',
  'withdrawal.vigil',
  'indications.vigil',
  'desensitisation.vigil',
];

export interface RealisticSet {
  /** The whole set in one file. */
  readonly text: string;
  /**
   * The same rules as files of at most `maxChars` characters in folder `dir` (a rule file
   * may not exceed 2 MiB): the first holds the header, imports of the others and the shared
   * declarations, each other file whole copies.
   */
  files(dir: string, maxChars?: number): Map<string, string>;
  readonly rules: number;
  readonly copies: number;
}

/** An action's verb and its list of targets. */
const TARGETS = /(\bthen\s+(?:contraindicate|stop|dose|recommend|caution|order|monitor|advise\s+against)\s+)([a-z_]\w*(?:\s*,\s*[a-z_]\w*)*)/g;

/** A drug's standard dose (`define standard azathioprine …`), which relative doses of that drug resolve against. */
const STANDARD = /^(define\s+standard\s+)([a-z_]\w*)/gm;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One file of about `rules` rules (whole copies of the azathioprine rules, 107 a copy
 * with protocols counted as rules), from the rule set in `dir`.
 */
export function realisticRuleSet(dir: string, rules: number): RealisticSet {
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const shared = SHARED.map((f) => read(f).replace(/^\s*(ruleset|import)\b.*$/gm, '')).join('\n');
  // Full-line comments are left out: the copies stand for other drugs' rules, not prose.
  // The rule groups (declared in the root file) are repeated too, renamed per copy like the
  // targets, so that a copy's `overrides azathioprine_use` reaches its own rules only.
  const groupsBlock = /^groups\s*\{[^}]*\}/m.exec(read(ROOT_FILE))?.[0] ?? '';
  const groupNames = [...groupsBlock.matchAll(/^\s+([a-z_]\w*)\s+(?:complete\s+)?"/gm)].map((m) => m[1]!);
  const body = [...REPEATED.map(read), groupsBlock].join('\n').replace(/^\s*\/\/.*\n/gm, '');
  const ids = [...new Set([...body.matchAll(/^(?:rule|protocol)\s+([A-Za-z][\w]*(?:-[\w]+)+)/gm)].map((m) => m[1]!))];
  // `define standard DRUG` declares a drug's standard dose, not a name: its drug is renamed with the targets.
  const defines = [...new Set([...body.matchAll(/^define\s+(?!standard\s+[a-z_])([a-z_][\w]*)/gm)].map((m) => m[1]!))];
  const perCopy = ids.length;
  const copies = Math.max(1, Math.round(rules / perCopy));
  // Longest first, so that AZA-PRE-05 does not rename a prefix of AZA-PRE-05-B.
  const idPattern = new RegExp(`(?<![\\w-])(${ids.sort((a, b) => b.length - a.length).map(escape).join('|')})(?![\\w-])`, 'g');
  const groupPattern = groupNames.length ? new RegExp(`(?<![\\w"])(${groupNames.map(escape).join('|')})(?![\\w"])`, 'g') : undefined;
  const definePattern = defines.length ? new RegExp(`\\b(${defines.map(escape).join('|')})\\b`, 'g') : undefined;
  const header = 'ruleset realistic version "1"';
  const parts = [header, '', shared];
  const copyTexts: string[] = [];
  for (let c = 0; c < copies; c++) {
    let copy = body.replace(idPattern, (id) => `${id}-C${c}`);
    if (definePattern) copy = copy.replace(definePattern, (name) => `${name}_c${c}`);
    if (groupPattern) copy = copy.replace(groupPattern, (name) => `${name}_c${c}`);
    // Each copy acts on its own targets (as another drug's rules would), so copies do not
    // clash with one another on `azathioprine`.
    copy = copy.replace(TARGETS, (_m, verb: string, list: string) => verb + list.replace(/[a-z_]\w*/g, (t) => `${t}_c${c}`));
    copy = copy.replace(STANDARD, (_m, head: string, drug: string) => `${head}${drug}_c${c}`);
    parts.push(`// copy ${c}`, copy);
    copyTexts.push(`// copy ${c}\n${copy}`);
  }
  const files = (dir: string, maxChars = 1024 * 1024): Map<string, string> => {
    const chunks: string[] = [];
    let chunk = '';
    for (const copy of copyTexts) {
      if (chunk && chunk.length + copy.length + 1 > maxChars) chunks.push(chunk), (chunk = '');
      chunk += (chunk ? '\n' : '') + copy;
    }
    if (chunk) chunks.push(chunk);
    const names = chunks.map((_, i) => `part-${i}.vigil`);
    const out = new Map<string, string>([[`${dir}/realistic.vigil`, [header, '', ...names.map((n) => `import "${n}"`), '', shared].join('\n')]]);
    chunks.forEach((c, i) => out.set(`${dir}/${names[i]}`, c));
    return out;
  };
  return { text: parts.join('\n'), rules: copies * perCopy, copies, files };
}

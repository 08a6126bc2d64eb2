// Layer 2: behaviour on the fixtures. Every case of both versions' `*.cases.yaml` files
// runs through both compiled engines; a case whose decisions differ is listed with the
// decisions gained and lost. Fixture files are read here in a minimal way (the facts
// and the evaluation time of each case; expectations are the harness's business): a
// file is a list of cases or a mapping with `cases:`, each case a mapping with `name`
// (or `id`, `description`), `facts` and optionally `now` (a file-level `now` applies to
// every case).
import { parse as parseYaml } from 'yaml';
import type { Engine } from '@vigil/compiler';
import type { Decision, EvaluationResult } from '@vigil/runtime';
import { evaluateSafely } from './space.js';

export interface FixtureCase {
  /** `file.cases.yaml#name`. */
  readonly id: string;
  readonly file: string;
  readonly name: string;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly now?: string;
}

export interface FixtureChange {
  readonly case: string;
  readonly file: string;
  readonly gained: readonly string[];
  readonly lost: readonly string[];
  /** Errors: facts one version does not accept. */
  readonly before?: string;
  readonly after?: string;
}

export interface FixtureReport {
  readonly cases: number;
  readonly changed: readonly FixtureChange[];
  /** Files or cases that could not be read. */
  readonly problems: readonly string[];
  readonly loader: 'minimal';
}

export function loadFixtureCases(files: ReadonlyMap<string, string>, display: (path: string) => string): { cases: FixtureCase[]; problems: string[] } {
  const cases: FixtureCase[] = [];
  const problems: string[] = [];
  for (const [path, text] of files) {
    const file = display(path);
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (error) {
      problems.push(`${file}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
      continue;
    }
    const fileNow = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as { now?: unknown }).now : undefined;
    const list = Array.isArray(doc) ? doc : doc && typeof doc === 'object' ? (doc as { cases?: unknown }).cases : undefined;
    if (!Array.isArray(list)) {
      problems.push(`${file}: no list of cases`);
      continue;
    }
    list.forEach((c: unknown, i) => {
      if (!c || typeof c !== 'object') {
        problems.push(`${file}: case ${i + 1} is not a mapping`);
        return;
      }
      const o = c as Record<string, unknown>;
      const name = String(o.name ?? o.id ?? o.description ?? `case ${i + 1}`);
      const facts = o.facts && typeof o.facts === 'object' && !Array.isArray(o.facts) ? (o.facts as Record<string, unknown>) : {};
      const now = o.now ?? fileNow;
      cases.push({ id: `${file}#${name}`, file, name, facts, ...(now !== undefined ? { now: now instanceof Date ? now.toISOString() : String(now) } : {}) });
    });
  }
  return { cases, problems };
}

function decisionText(d: Decision): string {
  const verb = d.action === 'advise-against' ? 'advise against' : d.action;
  const targets = d.targets.length === 0 ? '' : d.targets.length === 1 ? ` ${d.targets[0]}` : ` { ${d.targets.join(', ')} }`;
  let text = `${verb}${targets}${d.permanent ? ' permanently' : ''}`;
  if (d.dose) {
    const f = (n: number) => (d.dose!.ofStandard ? `${+(n * 100).toPrecision(12)}%` : `${+n.toPrecision(12)}${d.dose!.unit && d.dose!.unit !== '1' ? ` ${d.dose!.unit}` : ''}`);
    text += ` ${f(d.dose.low)}${d.dose.high !== undefined ? ` to ${f(d.dose.high)}` : ''}${d.dose.ofStandard ? ' of standard' : ''}`;
  }
  if (d.schedule) text += ' ' + d.schedule.map((p) => `every ${p.every}${p.bound ? ` ${p.bound.kind} ${p.bound.text}` : ''}`).join(', then ');
  if (d.action === 'advise' && d.message) text += ` "${d.message}"`;
  return `${text} (${d.rule})`;
}

function outcomeItems(r: EvaluationResult): string[] {
  return [
    ...r.decisions.map(decisionText),
    ...r.notEvaluable.map((n) => `${n.rule} not evaluable (missing ${n.missing.join(', ')})`),
    ...r.overridden.map((o) => `${o.rule} overridden by ${o.by}`),
  ];
}

export function fixtureDiff(cases: readonly FixtureCase[], engines: { old: Engine; new: Engine }, defaultNow: Date, problems: readonly string[] = []): FixtureReport {
  const changed: FixtureChange[] = [];
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const now = c.now ? new Date(c.now) : defaultNow;
    const a = evaluateSafely(engines.old, c.facts, now);
    const b = evaluateSafely(engines.new, c.facts, now);
    if ('error' in a || 'error' in b) {
      const ea = 'error' in a ? a.error : undefined;
      const eb = 'error' in b ? b.error : undefined;
      if (ea === eb) continue;
      const x = 'error' in a ? [] : outcomeItems(a);
      const y = 'error' in b ? [] : outcomeItems(b);
      changed.push({ case: c.name, file: c.file, gained: y.filter((i) => !x.includes(i)), lost: x.filter((i) => !y.includes(i)), ...(ea ? { before: ea } : {}), ...(eb ? { after: eb } : {}) });
      continue;
    }
    const x = outcomeItems(a);
    const y = outcomeItems(b);
    const gained = y.filter((i) => !x.includes(i));
    const lost = x.filter((i) => !y.includes(i));
    if (gained.length > 0 || lost.length > 0) changed.push({ case: c.name, file: c.file, gained, lost });
  }
  return { cases: seen.size, changed, problems: [...problems], loader: 'minimal' };
}

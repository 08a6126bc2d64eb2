// Layer 2: behaviour on the fixtures. Every case of both versions' `*.cases.yaml` files
// runs through both compiled engines; a case whose decisions differ is listed with the
// decisions gained and lost. Until the harness exports its loader, fixtures are read
// here in a minimal way: only what a case's patient is made of (`as_of` of the file or
// the case, `extends` of shared sets from the file's `shared:` and from `*.facts.yaml`
// files in its directory and those above it, `facts` with `null` removing a fact, and
// relative dates such as `3 days ago`); expectations are the harness's business.
import { parse as parseYaml } from 'yaml';
import type { Engine } from '@vigil/compiler';
import type { Decision, EvaluationResult } from '@vigil/runtime';
import { evaluateSafely, restrictFacts } from './space.js';

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
  /** `decisions`: the decisions differ (or a version does not accept the facts); `evaluability`: only which rules are not evaluable or overridden. */
  readonly kind: 'decisions' | 'evaluability';
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

const isFactsFile = (p: string) => /\.facts\.ya?ml$/.test(p);

type Values = Record<string, unknown>;

function asMap(v: unknown): Values | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Values) : undefined;
}

function namesOf(v: unknown): string[] {
  return typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/**
 * The cases of every `*.cases.yaml` among `files` (which may also hold `*.facts.yaml`
 * shared sets), with their patients' facts resolved.
 */
export function loadFixtureCases(files: ReadonlyMap<string, string>, display: (path: string) => string): { cases: FixtureCase[]; problems: string[] } {
  const cases: FixtureCase[] = [];
  const problems: string[] = [];
  const docs = new Map<string, unknown>();
  for (const [path, text] of files) {
    try {
      docs.set(path, parseYaml(text));
    } catch (error) {
      problems.push(`${display(path)}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  }
  const factsFiles = [...docs].filter(([p]) => isFactsFile(p));
  for (const [path, doc] of docs) {
    if (isFactsFile(path)) continue;
    const file = display(path);
    const top = asMap(doc);
    const fileNow = top?.as_of ?? top?.now;
    const list = Array.isArray(doc) ? doc : top?.cases;
    if (!Array.isArray(list)) {
      problems.push(`${file}: no list of cases`);
      continue;
    }
    // Shared sets, nearest first: the file's own, then facts files from its directory upwards.
    const scopes: Values[] = [];
    if (asMap(top?.shared)) scopes.push(asMap(top?.shared)!);
    for (let dir = dirOf(path); ; dir = dirOf(dir)) {
      for (const [fp, fd] of factsFiles) if (dirOf(fp) === dir && asMap(fd)) scopes.push(asMap(fd)!);
      if (dir === '/' || dir.endsWith('/tests')) break;
    }
    const lookup = (name: string): Values | undefined => {
      for (const s of scopes) if (asMap(s[name])) return asMap(s[name]);
      return undefined;
    };
    const apply = (into: Values, names: readonly string[], depth: number, label: string): void => {
      for (const name of names) {
        const set = lookup(name);
        if (!set || depth > 20) {
          problems.push(`${file}: ${label}: unknown shared facts '${name}'`);
          continue;
        }
        apply(into, namesOf(set.extends), depth + 1, label);
        for (const [k, v] of Object.entries(set)) if (k !== 'extends') into[k] = v;
      }
    };
    list.forEach((c: unknown, i) => {
      const o = asMap(c);
      if (!o) {
        problems.push(`${file}: case ${i + 1} is not a mapping`);
        return;
      }
      const name = String(o.name ?? o.id ?? o.description ?? `case ${i + 1}`);
      const facts: Values = {};
      apply(facts, namesOf(o.extends), 0, `case '${name}'`);
      for (const [k, v] of Object.entries(asMap(o.facts) ?? {})) facts[k] = v;
      for (const [k, v] of Object.entries(facts)) if (v === null) delete facts[k];
      const now = o.as_of ?? o.now ?? fileNow;
      cases.push({ id: `${file}#${name}`, file, name, facts, ...(now !== undefined ? { now: now instanceof Date ? now.toISOString() : String(now) } : {}) });
    });
  }
  return { cases, problems };
}

const UNIT_DAYS: Readonly<Record<string, number>> = { min: 1 / 1440, minute: 1 / 1440, minutes: 1 / 1440, h: 1 / 24, hour: 1 / 24, hours: 1 / 24, d: 1, day: 1, days: 1, wk: 7, week: 7, weeks: 7 };
const MONTHS: Readonly<Record<string, number>> = { mo: 1, month: 1, months: 1, y: 12, yr: 12, year: 12, years: 12 };

/** `3 days ago`, `in 2 weeks`, `today` relative to `asOf`, as ISO text; other values unchanged. */
function resolveDates(facts: Readonly<Values>, asOf: Date, kinds: ReadonlyMap<string, string>): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(facts)) {
    const kind = kinds.get(k);
    if (typeof v !== 'string' || (kind !== 'date' && kind !== 'datetime')) {
      out[k] = v instanceof Date ? v.toISOString() : v;
      continue;
    }
    const t = v.trim().toLowerCase();
    let date: Date | undefined;
    const named: Record<string, number> = { today: 0, now: 0, yesterday: -1, tomorrow: 1 };
    const m = /^(?:(\d+(?:\.\d+)?)\s*([a-z]+)\s+ago|in\s+(\d+(?:\.\d+)?)\s*([a-z]+))$/.exec(t);
    if (t in named) date = new Date(asOf.getTime() + named[t]! * 86_400_000);
    else if (m) {
      const amount = Number(m[1] ?? m[3]) * (m[1] !== undefined ? -1 : 1);
      const word = (m[2] ?? m[4])!;
      if (UNIT_DAYS[word] !== undefined) date = new Date(asOf.getTime() + amount * UNIT_DAYS[word]! * 86_400_000);
      else if (MONTHS[word] !== undefined) {
        const months = amount * MONTHS[word]!;
        const target = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() + months, 1, asOf.getUTCHours(), asOf.getUTCMinutes(), asOf.getUTCSeconds()));
        const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
        target.setUTCDate(Math.min(asOf.getUTCDate(), last));
        date = target;
      }
    }
    out[k] = date ? (kind === 'date' ? date.toISOString().slice(0, 10) : date.toISOString()) : v;
  }
  return out;
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

function outcomeItems(r: EvaluationResult): { decisions: string[]; other: string[] } {
  // A rule overridden by several rules is one item naming all of them.
  const by = new Map<string, string[]>();
  for (const o of r.overridden) by.set(o.rule, [...new Set([...(by.get(o.rule) ?? []), o.by])]);
  return {
    decisions: r.decisions.map(decisionText),
    other: [...r.notEvaluable.map((n) => `${n.rule} not evaluable (missing ${n.missing.join(', ')})`), ...[...by].map(([rule, list]) => `${rule} overridden by ${list.sort().join(', ')}`)],
  };
}

/**
 * Runs every case through both versions. `known` are the facts-file keys each version
 * declares: a fact one version does not know is left out of the patient it is given.
 */
export function fixtureDiff(
  cases: readonly FixtureCase[],
  engines: { old: Engine; new: Engine },
  defaultNow: Date,
  problems: readonly string[] = [],
  known?: { readonly old: ReadonlySet<string>; readonly new: ReadonlySet<string> },
): FixtureReport {
  const changed: FixtureChange[] = [];
  const seen = new Set<string>();
  const kinds = new Map<string, string>([...engines.old.facts, ...engines.new.facts].map((f) => [f.name, f.type.kind]));
  for (const c of cases) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const parsed = c.now ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(c.now) ? `${c.now}T00:00:00Z` : c.now) : defaultNow;
    const now = Number.isNaN(parsed.getTime()) ? defaultNow : parsed;
    const facts = resolveDates(c.facts, now, kinds);
    const a = evaluateSafely(engines.old, known ? restrictFacts(facts, known.old) : facts, now);
    const b = evaluateSafely(engines.new, known ? restrictFacts(facts, known.new) : facts, now);
    if ('error' in a || 'error' in b) {
      const ea = 'error' in a ? a.error : undefined;
      const eb = 'error' in b ? b.error : undefined;
      if (ea === eb) continue;
      const x = 'error' in a ? [] : [...outcomeItems(a).decisions, ...outcomeItems(a).other];
      const y = 'error' in b ? [] : [...outcomeItems(b).decisions, ...outcomeItems(b).other];
      changed.push({ case: c.name, file: c.file, kind: 'decisions', gained: y.filter((i) => !x.includes(i)), lost: x.filter((i) => !y.includes(i)), ...(ea ? { before: ea } : {}), ...(eb ? { after: eb } : {}) });
      continue;
    }
    const x = outcomeItems(a);
    const y = outcomeItems(b);
    const decisionsDiffer = y.decisions.some((i) => !x.decisions.includes(i)) || x.decisions.some((i) => !y.decisions.includes(i));
    const xs = [...x.decisions, ...x.other];
    const ys = [...y.decisions, ...y.other];
    const gained = ys.filter((i) => !xs.includes(i));
    const lost = xs.filter((i) => !ys.includes(i));
    if (gained.length > 0 || lost.length > 0) changed.push({ case: c.name, file: c.file, kind: decisionsDiffer ? 'decisions' : 'evaluability', gained, lost });
  }
  return { cases: seen.size, changed, problems: [...problems], loader: 'minimal' };
}

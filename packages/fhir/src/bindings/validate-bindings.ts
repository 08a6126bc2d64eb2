// validateBindings: the parsed bindings file (plain data from YAML or JSON) checked against
// the rule set's facts. Every problem is an issue with the path of the field at fault
// (`facts.wbc.observation.within`), which the command line turns into file and line.
import { BUILTIN_SYSTEMS, HOOKS, type BoundCode, type Bindings, type FactBinding, type Hook, type ValueMapping, type Window } from './model.js';

/** What the bindings need to know about a fact: the engine's `facts` entries fit. */
export interface FactInfo {
  readonly name: string;
  readonly type:
    | { readonly kind: string; readonly values?: readonly string[]; readonly unit?: string; readonly element?: { readonly kind: string } };
  readonly uln: boolean;
  readonly acceptedUnits?: readonly string[];
}

export interface BindingIssue {
  readonly path: string;
  readonly message: string;
}

export type BindingsResult = { readonly ok: true; readonly bindings: Bindings } | { readonly ok: false; readonly issues: readonly BindingIssue[] };

const KINDS = ['observation', 'observation-date', 'patient', 'medications', 'conditions', 'condition', 'draft-order'] as const;
const TOP_KEYS = ['version', 'hooks', 'systems', 'facts'];

// UCUM definitions: mo is a mean Julian month, a a Julian year.
const WINDOW_UNITS: Readonly<Record<string, number>> = { min: 60_000, h: 3_600_000, d: 86_400_000, wk: 604_800_000, mo: 2_629_800_000, a: 31_557_600_000 };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);


function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

const didYouMean = (word: string, candidates: readonly string[]) => {
  const c = closest(word, candidates);
  return c !== undefined ? `; did you mean "${c}"?` : `; expected one of: ${candidates.join(', ')}`;
};

export function validateBindings(data: unknown, facts: readonly FactInfo[]): BindingsResult {
  const issues: BindingIssue[] = [];
  const issue = (path: string, message: string) => void issues.push({ path, message });
  if (!isObject(data)) {
    issue('', `a bindings file holds a mapping (version, hooks, systems, facts), not ${Array.isArray(data) ? 'a list' : data === null ? 'nothing' : `a ${typeof data}`}`);
    return { ok: false, issues };
  }
  for (const key of Object.keys(data)) if (!TOP_KEYS.includes(key)) issue(key, `unknown key "${key}"${didYouMean(key, TOP_KEYS)}`);
  if (data.version !== 1) issue('version', `version must be 1 (the only bindings format), got ${JSON.stringify(data.version ?? null)}`);

  const hooks: Hook[] = [];
  if (data.hooks === undefined) hooks.push(...HOOKS);
  else if (!Array.isArray(data.hooks) || data.hooks.length === 0) issue('hooks', `hooks is a list of CDS Hooks (${HOOKS.join(', ')})`);
  else
    data.hooks.forEach((h, i) => {
      if (typeof h === 'string' && (HOOKS as readonly string[]).includes(h)) {
        if (hooks.includes(h as Hook)) issue(`hooks[${i}]`, `hook "${h}" is listed twice`);
        else hooks.push(h as Hook);
      } else issue(`hooks[${i}]`, `${JSON.stringify(h)} is not a supported hook${typeof h === 'string' ? didYouMean(h, HOOKS) : `; expected one of: ${HOOKS.join(', ')}`}`);
    });

  const systems: Record<string, string[]> = Object.fromEntries(Object.entries(BUILTIN_SYSTEMS).map(([k, v]) => [k, [...v]]));
  if (data.systems !== undefined) {
    if (!isObject(data.systems)) issue('systems', 'systems maps a short name to a FHIR code system URI, e.g. pgx: "urn:oid:2.16.840.1.113883.6.1"');
    else
      for (const [name, uri] of Object.entries(data.systems)) {
        const path = `systems.${name}`;
        if (!/^[a-z][a-z0-9_-]*$/.test(name)) issue(path, `system name "${name}" must be lower-case letters, digits, "_" or "-"`);
        else if (name in BUILTIN_SYSTEMS) issue(path, `"${name}" is a built-in system (${BUILTIN_SYSTEMS[name]!.join(', ')}); choose another name`);
        else if (typeof uri !== 'string' || !/^(https?:\/\/|urn:)\S+$/.test(uri)) issue(path, `the system URI must be an http(s) URL or a urn:, got ${JSON.stringify(uri)}`);
        else systems[name] = [uri];
      }
  }

  const byName = new Map(facts.map((f) => [f.name, f]));
  const bound: Record<string, FactBinding> = {};
  if (!isObject(data.facts)) issue('facts', 'facts maps fact names of the rule set to their FHIR binding');
  else
    for (const [name, spec] of Object.entries(data.facts)) {
      const path = `facts.${name}`;
      const fact = byName.get(name);
      if (!fact) {
        issue(path, `the rule set has no fact "${name}"${didYouMean(name, [...byName.keys()])}`);
        continue;
      }
      const binding = bindFact(fact, spec, path, systems, issue);
      if (binding) bound[name] = binding;
    }

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, bindings: { version: 1, hooks, systems, facts: bound } };
}

type Report = (path: string, message: string) => void;

function describeType(fact: FactInfo): string {
  const t = fact.type;
  if (t.kind === 'quantity') return `quantity ${t.unit ?? ''}`.trim();
  if (t.kind === 'set') return `set of ${t.element?.kind ?? '?'}`;
  return t.kind;
}

function bindFact(fact: FactInfo, spec: unknown, path: string, systems: Record<string, string[]>, issue: Report): FactBinding | undefined {
  if (!isObject(spec) || Object.keys(spec).length !== 1) {
    issue(path, `a fact binding has exactly one of: ${KINDS.join(', ')}`);
    return undefined;
  }
  const [kind, body] = Object.entries(spec)[0]!;
  const at = `${path}.${kind}`;
  const type = fact.type.kind;
  const wrongType = (wanted: string) => issue(at, `"${kind}" binds a ${wanted} fact; ${fact.name} is ${describeType(fact)}`);
  switch (kind) {
    case 'observation': {
      if (!['quantity', 'enum', 'boolean'].includes(type)) return wrongType('quantity, enum or boolean'), undefined;
      const o = fields(body, at, ['codes', 'within', 'uln', 'values'], ['codes'], issue);
      if (!o) return undefined;
      const codes = codeList(o.codes, `${at}.codes`, systems, issue);
      const within = o.within === undefined ? undefined : window(o.within, `${at}.within`, issue);
      let uln: 'reference-range' | undefined;
      if (o.uln !== undefined) {
        if (o.uln !== 'reference-range') issue(`${at}.uln`, `uln can only be "reference-range" (the Observation's referenceRange.high), got ${JSON.stringify(o.uln)}`);
        else if (!fact.uln) issue(`${at}.uln`, `${fact.name} has no uln part: declare it "${fact.name}: quantity … uln" in the rule set`);
        else uln = 'reference-range';
      }
      let values: ValueMapping[] | undefined;
      if (type === 'enum' || (type === 'boolean' && o.values !== undefined)) {
        if (o.values === undefined) issue(at, `an enum fact needs "values": which FHIR codes or texts mean ${fact.type.values?.join(', ')}`);
        else values = valueMappings(fact, o.values, `${at}.values`, systems, issue);
      } else if (o.values !== undefined) issue(`${at}.values`, `values map coded results to enum or boolean facts; ${fact.name} is ${describeType(fact)}`);
      if (!codes) return undefined;
      return { kind: 'observation', codes, ...(within ? { within } : {}), ...(uln ? { uln } : {}), ...(values ? { values } : {}) };
    }
    case 'observation-date': {
      if (type !== 'date' && type !== 'datetime') return wrongType('date or datetime'), undefined;
      const o = fields(body, at, ['codes', 'within'], ['codes'], issue);
      if (!o) return undefined;
      const codes = codeList(o.codes, `${at}.codes`, systems, issue);
      const within = o.within === undefined ? undefined : window(o.within, `${at}.within`, issue);
      return codes ? { kind: 'observation-date', codes, ...(within ? { within } : {}) } : undefined;
    }
    case 'patient': {
      if (body !== 'age') return issue(at, `patient binds "age" (from Patient.birthDate), got ${JSON.stringify(body)}`), undefined;
      if (type !== 'quantity' || !fact.acceptedUnits?.includes('a')) return wrongType('quantity in a (years)'), undefined;
      return { kind: 'patient-age' };
    }
    case 'medications':
    case 'conditions': {
      if (type !== 'set' || fact.type.element?.kind !== 'code') return wrongType('set of code'), undefined;
      if (!Array.isArray(body) || body.length === 0) return issue(at, `${kind} lists the code systems to read, e.g. [rxnorm]`), undefined;
      const names: string[] = [];
      body.forEach((s, i) => {
        if (typeof s === 'string' && s in systems) names.push(s);
        else issue(`${at}[${i}]`, `unknown code system ${JSON.stringify(s)}${typeof s === 'string' ? didYouMean(s, Object.keys(systems)) : ''}`);
      });
      return names.length === body.length ? { kind, systems: names } : undefined;
    }
    case 'condition':
    case 'draft-order': {
      if (type !== 'boolean') return wrongType('boolean'), undefined;
      const o = fields(body, at, ['codes', 'otherwise'], ['codes', 'otherwise'], issue);
      if (!o) return undefined;
      const codes = codeList(o.codes, `${at}.codes`, systems, issue);
      // Absence of a record proves nothing by default: the file must say what it means.
      if (o.otherwise !== 'false' && o.otherwise !== false && o.otherwise !== 'missing') {
        issue(`${at}.otherwise`, `otherwise is false or missing (what no matching ${kind === 'condition' ? 'Condition' : 'draft order'} means), got ${JSON.stringify(o.otherwise)}`);
        return undefined;
      }
      const otherwise = o.otherwise === 'missing' ? 'missing' : 'false';
      return codes ? { kind, codes, otherwise } : undefined;
    }
    default:
      issue(`${path}.${kind}`, `unknown binding "${kind}"${didYouMean(kind, KINDS)}`);
      return undefined;
  }
}

function fields(body: unknown, at: string, allowed: readonly string[], required: readonly string[], issue: Report): Record<string, unknown> | undefined {
  if (!isObject(body)) return issue(at, `expected a mapping with ${allowed.join(', ')}`), undefined;
  let ok = true;
  for (const key of Object.keys(body))
    if (!allowed.includes(key)) {
      issue(`${at}.${key}`, `unknown key "${key}"${didYouMean(key, allowed)}`);
      ok = false;
    }
  for (const key of required)
    if (body[key] === undefined) {
      issue(at, `${key} is required`);
      ok = false;
    }
  return ok ? body : undefined;
}

function parseCode(text: unknown, path: string, systems: Record<string, string[]>, issue: Report): BoundCode | undefined {
  const m = typeof text === 'string' ? /^([a-z][a-z0-9_-]*):(\S+)$/.exec(text) : null;
  if (!m) return issue(path, `expected a code written system:code (e.g. loinc:6690-2), got ${JSON.stringify(text)}`), undefined;
  const uris = systems[m[1]!];
  if (!uris) return issue(path, `unknown code system "${m[1]}"${didYouMean(m[1]!, Object.keys(systems))} (add it under "systems")`), undefined;
  return { system: m[1]!, uris, code: m[2]! };
}

function codeList(value: unknown, path: string, systems: Record<string, string[]>, issue: Report): BoundCode[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) return issue(path, 'expected one or more codes, e.g. [loinc:6690-2]'), undefined;
  const codes = list.map((c, i) => parseCode(c, Array.isArray(value) ? `${path}[${i}]` : path, systems, issue));
  return codes.every((c) => c !== undefined) ? (codes as BoundCode[]) : undefined;
}

function window(value: unknown, path: string, issue: Report): Window | undefined {
  const m = typeof value === 'string' ? /^(\d{1,6})\s*(min|h|d|wk|mo|a)$/.exec(value.trim()) : null;
  if (!m || Number(m[1]) === 0) return issue(path, `expected a look-back window such as "30 d" (a whole number > 0 of min, h, d, wk, mo or a), got ${JSON.stringify(value)}`), undefined;
  return { text: `${Number(m[1])} ${m[2]}`, ms: Number(m[1]) * WINDOW_UNITS[m[2]!]! };
}

function valueMappings(fact: FactInfo, value: unknown, path: string, systems: Record<string, string[]>, issue: Report): ValueMapping[] | undefined {
  const members: readonly string[] = fact.type.kind === 'boolean' ? ['true', 'false'] : (fact.type.values ?? []);
  if (!isObject(value)) return issue(path, `values maps each of ${members.join(', ')} to FHIR codes or texts`), undefined;
  const out: ValueMapping[] = [];
  const seen = new Map<string, string>();
  let ok = true;
  for (const [member, list] of Object.entries(value)) {
    const at = `${path}.${member}`;
    if (!members.includes(member)) {
      issue(at, `"${member}" is not a value of ${fact.name}${didYouMean(member, members)}`);
      ok = false;
      continue;
    }
    const items = Array.isArray(list) ? list : [list];
    const codes: BoundCode[] = [];
    const texts: string[] = [];
    items.forEach((item, i) => {
      const itemPath = Array.isArray(list) ? `${at}[${i}]` : at;
      if (typeof item === 'string' && /^[a-z][a-z0-9_-]*:\S+$/.test(item) && item.split(':')[0]! in systems) {
        const c = parseCode(item, itemPath, systems, issue);
        if (c) codes.push(c);
      } else if (isObject(item) && typeof item.text === 'string' && Object.keys(item).length === 1) texts.push(item.text.trim().toLowerCase());
      else if (typeof item === 'string' && item.trim() !== '') texts.push(item.trim().toLowerCase());
      else {
        issue(itemPath, `expected a code (system:code) or a text, got ${JSON.stringify(item)}`);
        ok = false;
        return;
      }
      // One FHIR value must never mean two fact values.
      const key = typeof item === 'string' ? item.trim().toLowerCase() : String((item as { text: string }).text).trim().toLowerCase();
      const other = seen.get(key);
      if (other !== undefined && other !== member) {
        issue(itemPath, `${JSON.stringify(item)} already means ${other}`);
        ok = false;
      }
      seen.set(key, member);
    });
    out.push({ value: fact.type.kind === 'boolean' ? member === 'true' : member, codes, texts });
  }
  if (out.length === 0) return issue(path, `values maps each of ${members.join(', ')} to FHIR codes or texts`), undefined;
  return ok ? out : undefined;
}


// The diff as terminal text (coloured only when asked), as Markdown for a pull-request
// comment, and as JSON (schema in docs/diff.md).
import pc from 'picocolors';
import type { DiffResult } from './diff.js';
import type { FixtureChange } from './fixtures.js';
import type { FolderDiffResult } from './folders.js';
import { isDecisionChange, type BehaviourRegion } from './space.js';
import type { StructuralChange } from './structural.js';
import type { FactSchemaChange } from './verdict.js';
import { renderWordDiff } from './words.js';

export type DiffFormat = 'text' | 'markdown' | 'json';

type Colors = ReturnType<typeof pc.createColors>;

const SIGN: Record<StructuralChange['change'], string> = { added: '+', removed: '-', renamed: '>', changed: '~' };
const KIND: Record<StructuralChange['kind'], string> = { rule: 'rule', definition: 'definition', fact: 'fact', valueset: 'value set', group: 'group', protocol: 'protocol' };

function headline(c: StructuralChange): string {
  const what = `${KIND[c.kind]} ${c.id}`;
  switch (c.change) {
    case 'added':
      return `${what} added`;
    case 'removed':
      return `${what} removed`;
    case 'renamed':
      return `${KIND[c.kind]} ${c.from} renamed to ${c.id}`;
    case 'changed':
      return `${what} changed: ${c.parts.map((p) => p.part).join(', ')}${c.sameMeaning ? ' (same meaning)' : ''}`;
  }
}

/** `; unless AZA-PRE-02 fires` or, for many, how many rules would hide the change. */
function unlessText(r: { readonly unlessFires: readonly string[]; readonly rules: readonly { readonly rule: string }[] }): string {
  if (r.unlessFires.length === 0) return '';
  if (r.unlessFires.length <= 3) return ` (unless ${r.unlessFires.join(' or ')} fires)`;
  return ` (unless one of the ${r.unlessFires.length} rules that override ${r.rules.map((x) => x.rule).join(' or ')} fires)`;
}

export function renderJson(result: DiffResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

export function renderText(result: DiffResult, colors: Colors = pc.createColors(false)): string {
  const c = colors;
  const out: string[] = [];
  out.push(c.bold(`vigil diff ${result.before} → ${result.after}`), '');
  if (result.errors.length === 0) out.push(...summaryLines(result).map((l) => l.trimEnd().replace(/\*\*/g, '')), '');
  for (const e of result.errors) out.push(c.red(`error (${e.side}): ${e.file}:${e.line}: ${e.message}`));
  if (result.errors.length > 0) out.push('Behaviour was not compared: a side has errors.', '');
  const struct = (title: string, list: readonly StructuralChange[]) => {
    out.push(c.bold(`${title} (${list.length})`));
    if (list.length === 0) out.push('  none');
    for (const ch of list) {
      const colour = ch.change === 'added' ? c.green : ch.change === 'removed' ? c.red : c.yellow;
      out.push(`  ${colour(SIGN[ch.change])} ${headline(ch)}`);
      for (const p of ch.parts) out.push(`      ${p.part}: ${renderWordDiff(p.words, { del: (s) => c.red(`[-${s}-]`), ins: (s) => c.green(`{+${s}+}`) })}`);
    }
    out.push('');
  };
  struct('Declarations', result.structural);
  struct('Evidence and wording only', result.evidence);
  if (result.fixtures) {
    const f = result.fixtures;
    out.push(c.bold(`Fixture cases (${f.changed.length} of ${f.cases} changed)`));
    if (f.cases === 0) out.push('  no fixture cases found (*.cases.yaml)');
    for (const ch of f.changed) {
      out.push(`  ${ch.file}#${ch.case}`);
      if (ch.before) out.push(c.red(`      before: not accepted: ${ch.before}`));
      if (ch.after) out.push(c.red(`      after: not accepted: ${ch.after}`));
      for (const g of ch.gained) out.push(c.green(`      + ${g}`));
      for (const l of ch.lost) out.push(c.red(`      - ${l}`));
    }
    for (const p of f.problems) out.push(c.yellow(`  note: ${p}`));
    out.push('');
  }
  if (result.space) {
    const s = result.space;
    const decided = s.regions.filter((r) => isDecisionChange(r.kind));
    const other = s.regions.filter((r) => !isDecisionChange(r.kind));
    const region = (r: BehaviourRegion) => {
      out.push(`  • ${r.description}: ${c.yellow(r.change)}${unlessText(r)}`);
      out.push(c.dim(`      witness: ${r.witness.text}   [${r.id}]`));
    };
    out.push(c.bold(`Patients decided differently (${decided.length} region${decided.length === 1 ? '' : 's'})`));
    decided.forEach(region);
    if (other.length > 0) {
      out.push(c.bold(`Same decisions, only evaluability changed (${other.length} region${other.length === 1 ? '' : 's'})`));
      other.forEach(region);
    }
    out.push(`  ${s.summary}`);
    if (s.changedRules.length > 0) out.push(c.dim(`  rules that changed meaning: ${s.changedRules.join(', ')}${s.affectedRules.length > 0 ? `; also compared: ${s.affectedRules.join(', ')}` : ''}`));
    for (const n of s.notes) out.push(c.dim(`  note: ${n}`));
    out.push('');
  }
  out.push(result.behaviourChanged ? c.bold(c.yellow('Behaviour changes.')) : result.space?.provedNoChange ? c.green('No patient is decided differently.') : 'No behaviour change found in what was explored.');
  return out.join('\n') + '\n';
}

function md(s: string): string {
  return s.replace(/([\\`*_[\]<>|~#])/g, '\\$1');
}

/** Text that may hold `code` spans (a change sentence): escaped outside them, kept inside. */
function mdCode(s: string): string {
  return s
    .split(/(`[^`]*`)/)
    .map((p, i) => (i % 2 === 1 ? p.replace(/\|/g, '\\|') : md(p)))
    .join('');
}

function mdWords(ch: StructuralChange['parts'][number]): string {
  return ch.words.map((w, i) => `${i > 0 && w.space !== false ? ' ' : ''}${w.op === '=' ? md(w.text) : w.op === '-' ? `~~${md(w.text)}~~` : `**${md(w.text)}**`}`).join('');
}

/** Longest comment the common forges take is 65,536 characters; stay well below. */
export const MARKDOWN_LIMIT = 60_000;
/** Decision-change regions shown before the `<details>` fold. */
export const TOP_REGIONS = 10;
/** No table cell longer than this (a witness of many facts, a long condition). */
const CELL_LIMIT = 1_500;

const cell = (s: string) => (s.length > CELL_LIMIT ? `${s.slice(0, CELL_LIMIT - 1)}…` : s);

/** Lines of a Markdown document; `rows` blocks are cut, with a count, when the whole would pass the limit. */
type Block = string | { readonly head: readonly string[]; readonly rows: readonly string[]; readonly tail: readonly string[]; readonly more: (n: number) => string; readonly first?: boolean };

function assemble(blocks: readonly Block[], limit: number): string {
  const fixed = blocks.reduce((n, b) => n + (typeof b === 'string' ? b.length + 1 : 0), 0);
  const tables = blocks.filter((b): b is Exclude<Block, string> => typeof b !== 'string');
  // Each table keeps its head, tail and a possible "more" line out of the budget first.
  let budget = limit - fixed - tables.reduce((n, t) => n + t.head.join('\n').length + t.tail.join('\n').length + t.more(99999).length + 8, 0);
  // Rows are given out to the `first` tables (the top regions), then in document order.
  const shownOf = new Map<Exclude<Block, string>, number>();
  for (const b of [...tables.filter((t) => t.first), ...tables.filter((t) => !t.first)]) {
    let shown = 0;
    for (const r of b.rows) {
      if (r.length + 1 > budget) break;
      budget -= r.length + 1;
      shown++;
    }
    shownOf.set(b, shown);
  }
  const out: string[] = [];
  for (const b of blocks) {
    if (typeof b === 'string') {
      out.push(b);
      continue;
    }
    const shown = shownOf.get(b)!;
    if (shown === 0 && b.rows.length > 0) {
      out.push(b.more(b.rows.length), '');
      continue;
    }
    out.push(...b.head, ...b.rows.slice(0, shown));
    if (shown < b.rows.length) out.push('', b.more(b.rows.length - shown));
    out.push(...b.tail);
  }
  return out.join('\n');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The first paragraph: what changes for patients, declarations, fixtures, and the semver verdict. */
export function summaryLines(result: DiffResult): string[] {
  const s = result.summary;
  const out: string[] = [];
  if (result.errors.length > 0) return ['**Behaviour was not compared: a side has errors.**'];
  const space = result.space;
  const decisions = s.regionsChanging + s.regionsGaining + s.regionsLosing;
  if (space) {
    if (decisions > 0) out.push(`**Patients**: ${plural(decisions, 'region')} decided differently: ${s.regionsChanging} changed, ${s.regionsGaining} gaining a decision, ${s.regionsLosing} losing one.`);
    else if (space.provedNoChange) out.push('**Patients**: no patient is decided differently.');
    else if (s.regionsChanged === 0) out.push(`**Patients**: no change found in the explored space (${space.summary}).`);
    else out.push('**Patients**: no decision changes.');
    const extra: string[] = [];
    if (s.regionsEvaluabilityOnly > 0) extra.push(`${plural(s.regionsEvaluabilityOnly, 'region')} with the same decisions where only evaluability changed (which rules fire or which facts they need)`);
    if (s.regionsUndescribable > 0) extra.push(`${plural(s.regionsUndescribable, 'region')} of patients only one version can describe`);
    if (extra.length > 0) out[out.length - 1] += ` Also ${extra.join('; ')}.`;
  }
  const f = result.fixtures;
  if (f) out.push(`**Fixture cases**: ${s.fixtureCasesChanged} of ${f.cases} decide differently${s.fixtureCasesEvaluabilityOnly > 0 ? `; ${s.fixtureCasesEvaluabilityOnly} differ only in evaluability` : ''}.`);
  out.push(`**Declarations**: ${s.declarationsChanged} changed${result.factSchema.length > 0 ? ` (${plural(result.factSchema.length, 'fact')} added, removed or retyped)` : ''}; ${s.evidenceOnly} evidence or wording only.`);
  const v = result.semver;
  let sv = `**Semver for engine consumers**: ${v.level === 'none' ? 'no release needed' : `**${v.level}**`} (${v.reason}).`;
  if (v.declared?.before !== undefined || v.declared?.after !== undefined) {
    sv += ` Declared version ${v.declared.before ?? '—'} → ${v.declared.after ?? '—'}${v.declaredSufficient === false ? `: **not enough for a ${v.level} change**` : v.declaredSufficient ? ': enough' : ''}.`;
  }
  out.push(sv);
  return out.map((l) => `${l}  `).map((l, i, a) => (i === a.length - 1 ? l.trimEnd() : l));
}

function regionRow(r: BehaviourRegion): string {
  const unless = unlessText(r);
  return `| \`${r.id}\` | ${cell(md(r.description))} | ${cell(mdCode(r.change) + md(unless))} | \`${cell(r.witness.text).replace(/\|/g, '\\|')}\` |`;
}

export function renderMarkdown(result: DiffResult, limit = MARKDOWN_LIMIT): string {
  const blocks: Block[] = [];
  const push = (...lines: string[]) => blocks.push(...lines);
  push(`## Vigil diff: \`${result.before}\` → \`${result.after}\``, '');
  push(...summaryLines(result), '');
  if (result.errors.length > 0) {
    for (const e of result.errors) push(`- ${e.side}: \`${e.file}:${e.line}\` ${md(e.message)}`);
    push('');
  }
  // Declarations right after the summary: facts first, then the rest.
  push('### Declarations', '');
  if (result.factSchema.length > 0) {
    const onlyNote = (c: FactSchemaChange) => (c.change === 'added' ? ' — not known to the old version: compared as missing for it' : c.change === 'removed' ? ' — not known to the new version: compared as missing for it' : '');
    push('**Facts** (the engine\'s input):', '');
    for (const c of result.factSchema) push(`- ${c.change === 'added' ? '➕' : c.change === 'removed' ? '➖' : '✏️'} fact \`${c.fact}\` ${c.change}: ${c.change === 'retyped' ? `${md(c.before!)} → ${md(c.after!)}` : md((c.after ?? c.before)!)}${onlyNote(c)}`);
    push('');
  }
  const decls = result.structural.filter((c) => !(c.kind === 'fact' && result.factSchema.some((f) => f.fact === c.id)));
  const declRows = decls.map((ch) => [`- ${SIGN[ch.change] === '~' ? '✏️' : SIGN[ch.change] === '+' ? '➕' : SIGN[ch.change] === '-' ? '➖' : '🔀'} ${md(headline(ch))}`, ...ch.parts.map((p) => `  - ${p.part}: ${cell(mdWords(p))}`)].join('\n'));
  if (declRows.length === 0 && result.factSchema.length === 0) push('None.', '');
  else if (declRows.length > 0) blocks.push({ head: [], rows: declRows, tail: [''], more: (n) => `… and ${plural(n, 'more declaration')} (see \`--format json\`).` });
  const s = result.space;
  if (s) {
    push('### Patients decided differently', '');
    const decided = s.regions.filter((r) => isDecisionChange(r.kind));
    const other = s.regions.filter((r) => !isDecisionChange(r.kind));
    const head = ['| id | patients | change | witness |', '|---|---|---|---|'];
    if (decided.length === 0) push(s.provedNoChange ? 'No patient is decided differently.' : 'No region of patients is decided differently.', '');
    else {
      const top = decided.slice(0, TOP_REGIONS);
      const rest = decided.slice(TOP_REGIONS);
      blocks.push({ head, rows: top.map(regionRow), tail: [''], more: (n) => `… and ${plural(n, 'more region')} (see \`--format json\`).`, first: true });
      if (rest.length > 0) {
        push('<details>', `<summary>${plural(rest.length, 'more region')} decided differently</summary>`, '');
        blocks.push({ head, rows: rest.map(regionRow), tail: [''], more: (n) => `… ${plural(n, 'region')} not shown here: the comment would pass ${limit.toLocaleString('en-US')} characters (see \`--format json\`).` });
        push('</details>', '');
      }
    }
    if (other.length > 0) {
      const evaluability = other.filter((r) => r.kind === 'evaluability').length;
      const undescribable = other.length - evaluability;
      const what = [evaluability > 0 ? `${plural(evaluability, 'region')} with the same decisions where only evaluability changed (which rules fire or which facts they need)` : '', undescribable > 0 ? `${plural(undescribable, 'region')} of patients only one version can describe` : ''].filter((x) => x !== '').join('; ');
      push('<details>', `<summary>${what}</summary>`, '');
      blocks.push({
        head: ['| id | patients | what changed | witness |', '|---|---|---|---|'],
        rows: other.map(regionRow),
        tail: [''],
        more: (n) => `… ${plural(n, 'region')} not shown here: the comment would pass ${limit.toLocaleString('en-US')} characters (see \`--format json\`).`,
      });
      push('</details>', '');
    }
    push(`_${md(s.summary)}._`);
    if (s.changedRules.length > 0) push('', `Rules that changed meaning: ${s.changedRules.map((r) => `\`${r}\``).join(', ')}.`);
    for (const n of s.notes) push('', `Note: ${md(n)}.`);
    push('');
  }
  const f = result.fixtures;
  if (f) {
    push('### Fixture cases', '');
    const decisions = f.changed.filter((c) => c.kind === 'decisions');
    const evaluability = f.changed.filter((c) => c.kind === 'evaluability');
    const row = (ch: FixtureChange) => {
      const gained = [...(ch.after ? [`not accepted: ${ch.after}`] : []), ...ch.gained].map(md).join('<br>') || '—';
      const lost = [...(ch.before ? [`not accepted: ${ch.before}`] : []), ...ch.lost].map(md).join('<br>') || '—';
      return `| \`${md(ch.file)}#${md(ch.case)}\` | ${cell(gained)} | ${cell(lost)} |`;
    };
    const head = ['| case | gained | lost |', '|---|---|---|'];
    if (f.cases === 0) push('No fixture cases found (`*.cases.yaml`).');
    else if (decisions.length === 0) push(`All ${f.cases} cases decide as before.`);
    else {
      push(`${decisions.length} of ${f.cases} cases decide differently.`, '');
      blocks.push({ head, rows: decisions.map(row), tail: [], more: (n) => `… and ${plural(n, 'more case')} (see \`--format json\`).` });
    }
    if (evaluability.length > 0) {
      push('', '<details>', `<summary>${plural(evaluability.length, 'case')} where only evaluability changed</summary>`, '');
      blocks.push({ head, rows: evaluability.map(row), tail: [], more: (n) => `… and ${plural(n, 'more case')} (see \`--format json\`).` });
      push('', '</details>');
    }
    for (const p of f.problems) push('', `Note: ${md(p)}`);
    push('');
  }
  push('### Evidence and wording only', '');
  if (result.evidence.length === 0) push('None.', '');
  else
    blocks.push({
      head: [],
      rows: result.evidence.map((ch) => [`- ✏️ ${md(headline(ch))}`, ...ch.parts.map((p) => `  - ${p.part}: ${cell(mdWords(p))}`)].join('\n')),
      tail: [''],
      more: (n) => `… and ${plural(n, 'more declaration')} (see \`--format json\`).`,
    });
  return assemble(blocks, limit);
}

export function renderDiff(result: DiffResult, format: DiffFormat, colors?: Colors): string {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'markdown':
      return renderMarkdown(result);
    default:
      return renderText(result, colors);
  }
}

/** Counts of one set's comparison, for the table of a folder of rule sets. */
function setCounts(r: DiffResult): { patients: string; cases: string; semver: string } {
  const s = r.summary;
  if (r.errors.length > 0) return { patients: 'not compared: errors', cases: '—', semver: '—' };
  const decided = s.regionsChanging + s.regionsGaining + s.regionsLosing;
  return {
    patients: `${decided} region${decided === 1 ? '' : 's'}${s.regionsEvaluabilityOnly > 0 ? ` (+${s.regionsEvaluabilityOnly} evaluability only)` : ''}`,
    cases: r.fixtures ? `${s.fixtureCasesChanged} of ${r.fixtures.cases}` : '—',
    semver: r.semver.level,
  };
}

const changedAtAll = (r: DiffResult) => r.behaviourChanged || r.errors.length > 0 || r.structural.length > 0 || r.evidence.length > 0;

export function renderFoldersMarkdown(result: FolderDiffResult, limit = MARKDOWN_LIMIT): string {
  const head: string[] = [`## Vigil diff: \`${result.before}\` → \`${result.after}\``, ''];
  head.push('| rule set | change | patients decided differently | fixture cases decided differently | semver |', '|---|---|---|---|---|');
  for (const s of result.sets) {
    if (s.change !== 'compared') head.push(`| \`${s.name}\` | ${s.change === 'added' ? '➕ added' : '➖ removed'} (\`${md(s.header)}\`) | — | — | — |`);
    else {
      const c = setCounts(s.result!);
      head.push(`| \`${s.name}\` | ${changedAtAll(s.result!) ? 'changed' : 'unchanged'} | ${c.patients} | ${c.cases} | ${c.semver} |`);
    }
  }
  head.push('');
  if (result.unassigned.length > 0) head.push(`Not compared, below no \`ruleset\` header: ${result.unassigned.map((p) => `\`${md(p)}\``).join(', ')}.`, '');
  const shown = result.sets.filter((s) => s.change === 'compared' && changedAtAll(s.result!));
  const budget = Math.floor((limit - head.join('\n').length - 200) / Math.max(1, shown.length));
  const parts = shown.map((s) =>
    renderMarkdown(s.result!, budget)
      .replace(/^### /gm, '#### ')
      .replace(/^## Vigil diff: .*$/m, `### Rule set \`${s.name}\``),
  );
  return [...head, ...parts].join('\n');
}

export function renderFoldersText(result: FolderDiffResult, colors: Colors = pc.createColors(false)): string {
  const out: string[] = [colors.bold(`vigil diff ${result.before} → ${result.after}`), ''];
  for (const s of result.sets) {
    if (s.change !== 'compared') out.push(`${s.change === 'added' ? colors.green('+') : colors.red('-')} rule set ${s.name} ${s.change} (${s.header})`);
    else {
      const c = setCounts(s.result!);
      out.push(`${changedAtAll(s.result!) ? colors.yellow('~') : ' '} rule set ${s.name}: ${changedAtAll(s.result!) ? `patients decided differently: ${c.patients}; fixture cases: ${c.cases}; semver: ${c.semver}` : 'unchanged'}`);
    }
  }
  if (result.unassigned.length > 0) out.push(`not compared, below no ruleset header: ${result.unassigned.join(', ')}`);
  out.push('');
  for (const s of result.sets) if (s.change === 'compared' && changedAtAll(s.result!)) out.push(colors.bold(`── rule set ${s.name} ──`), renderText(s.result!, colors));
  return out.join('\n');
}

export function renderFolders(result: FolderDiffResult, format: DiffFormat, colors?: Colors): string {
  switch (format) {
    case 'json':
      return JSON.stringify(result, null, 2) + '\n';
    case 'markdown':
      return renderFoldersMarkdown(result);
    default:
      return renderFoldersText(result, colors);
  }
}

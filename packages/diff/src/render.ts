// The diff as terminal text (coloured only when asked), as Markdown for a pull-request
// comment, and as JSON (schema in docs/diff.md).
import pc from 'picocolors';
import type { DiffResult } from './diff.js';
import type { StructuralChange } from './structural.js';
import { renderWordDiff } from './words.js';

export type DiffFormat = 'text' | 'markdown' | 'json';

type Colors = ReturnType<typeof pc.createColors>;

const SIGN: Record<StructuralChange['change'], string> = { added: '+', removed: '-', renamed: '>', changed: '~' };
const KIND: Record<StructuralChange['kind'], string> = { rule: 'rule', definition: 'definition', fact: 'fact', valueset: 'value set', protocol: 'protocol' };

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
  return ` (unless one of the ${r.unlessFires.length} rules that override ${r.rules.map((x) => x.rule).join(', ')} fires)`;
}

export function renderJson(result: DiffResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}

export function renderText(result: DiffResult, colors: Colors = pc.createColors(false)): string {
  const c = colors;
  const out: string[] = [];
  out.push(c.bold(`vigil diff ${result.before} → ${result.after}`), '');
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
    out.push(c.bold(`Input space (${s.regions.length} region${s.regions.length === 1 ? '' : 's'} changed)`));
    for (const r of s.regions) {
      out.push(`  • ${r.description}: ${c.yellow(r.change)}`);
      out.push(c.dim(`      witness: ${r.witness.text}${unlessText(r)}`));
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

function mdWords(ch: StructuralChange['parts'][number]): string {
  return ch.words.map((w) => (w.op === '=' ? md(w.text) : w.op === '-' ? `~~${md(w.text)}~~` : `**${md(w.text)}**`)).join(' ');
}

export function renderMarkdown(result: DiffResult): string {
  const out: string[] = [];
  out.push(`## Vigil diff: \`${result.before}\` → \`${result.after}\``, '');
  const s = result.space;
  const f = result.fixtures;
  if (result.errors.length > 0) {
    out.push('**Behaviour was not compared: a side has errors.**', '');
    for (const e of result.errors) out.push(`- ${e.side}: \`${e.file}:${e.line}\` ${md(e.message)}`);
    out.push('');
  } else if (result.behaviourChanged) {
    out.push(`**Behaviour changes**: ${s?.regions.length ?? 0} region(s) of patients, ${f?.changed.length ?? 0} fixture case(s).`, '');
  } else if (s?.provedNoChange) {
    out.push('**No behaviour change**: no patient is decided differently.', '');
  } else {
    out.push('**No behaviour change found** in the explored space (see the limits below).', '');
  }
  if (s) {
    out.push('### Patients decided differently', '');
    if (s.regions.length > 0) {
      out.push('| patients | change | witness |', '|---|---|---|');
      for (const r of s.regions) {
        const unless = md(unlessText(r));
        out.push(`| ${md(r.description)} | ${md(r.change)}${unless} | \`${r.witness.text.replace(/\|/g, '\\|')}\` |`);
      }
      out.push('');
    }
    out.push(`_${md(s.summary)}._`);
    if (s.changedRules.length > 0) out.push('', `Rules that changed meaning: ${s.changedRules.map((r) => `\`${r}\``).join(', ')}.`);
    for (const n of s.notes) out.push('', `Note: ${md(n)}.`);
    out.push('');
  }
  if (f) {
    out.push('### Fixture cases', '');
    if (f.cases === 0) out.push('No fixture cases found (`*.cases.yaml`).');
    else if (f.changed.length === 0) out.push(`All ${f.cases} cases decide as before.`);
    else {
      out.push(`${f.changed.length} of ${f.cases} cases decide differently.`, '', '| case | gained | lost |', '|---|---|---|');
      for (const ch of f.changed) {
        const gained = [...(ch.after ? [`not accepted: ${ch.after}`] : []), ...ch.gained].map(md).join('<br>') || '—';
        const lost = [...(ch.before ? [`not accepted: ${ch.before}`] : []), ...ch.lost].map(md).join('<br>') || '—';
        out.push(`| \`${ch.file}#${ch.case}\` | ${gained} | ${lost} |`);
      }
    }
    for (const p of f.problems) out.push('', `Note: ${md(p)}`);
    out.push('');
  }
  const list = (title: string, changes: readonly StructuralChange[]) => {
    out.push(`### ${title}`, '');
    if (changes.length === 0) out.push('None.');
    for (const ch of changes) {
      out.push(`- ${SIGN[ch.change] === '~' ? '✏️' : SIGN[ch.change] === '+' ? '➕' : SIGN[ch.change] === '-' ? '➖' : '🔀'} ${md(headline(ch))}`);
      for (const p of ch.parts) out.push(`  - ${p.part}: ${mdWords(p)}`);
    }
    out.push('');
  };
  list('Declarations', result.structural);
  list('Evidence and wording only', result.evidence);
  return out.join('\n');
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

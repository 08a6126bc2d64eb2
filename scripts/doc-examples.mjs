// The documented command examples: every ```console block in the docs whose lines start
// with `$ vigil …` is run, and what each command prints must be the output written under
// it. test/docs-examples.test.ts checks them; `node scripts/update-docs.mjs` rewrites the
// outputs from what the commands print now. Described in CONTRIBUTING.md.
//
// A block runs in a fresh temporary folder holding a copy of the repository's `rules/`, so
// commands may write files (`--out`, `--suggest`) and paths print as in the repository.
// Each `$` line is one command; the lines under it, up to the next `$` line, its output
// (stdout, then stderr). Supported commands:
//   $ vigil ARGS…                      the CLI bundle (packages/cli/dist/vigil.mjs)
//   $ vigil ARGS… | head -n N          its first N lines (also `tail -n N`, `grep TEXT`; pipes chain)
//   $ rm PATH                          remove a file of the copy (no output)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const VIGIL = join(ROOT, 'packages/cli/dist/vigil.mjs');

/** The documentation files that may hold examples: the READMEs and every packages/<pkg>/docs page. */
export function docFiles(root = ROOT) {
  const out = ['README.md', 'CONTRIBUTING.md'];
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    out.push(`packages/${pkg}/README.md`);
    const docs = join(root, 'packages', pkg, 'docs');
    if (existsSync(docs)) for (const f of readdirSync(docs).sort()) if (f.endsWith('.md')) out.push(`packages/${pkg}/docs/${f}`);
  }
  for (const set of existsSync(join(root, 'rules')) ? readdirSync(join(root, 'rules')).sort() : []) out.push(`rules/${set}/README.md`);
  return out.filter((f) => existsSync(join(root, f)));
}

/** Splits a command line like a shell: words, 'single' and "double" quotes, backslash escapes in double quotes. */
export function splitWords(line) {
  const words = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'" || ch === '"') {
      const close = line.indexOf(ch, i + 1);
      if (close < 0) throw new Error(`unclosed ${ch} in: ${line}`);
      let text = line.slice(i + 1, close);
      if (ch === '"') text = text.replace(/\\(["\\$`])/g, '$1');
      cur += text;
      inWord = true;
      i = close;
    } else if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/** `vigil a b | head -n 3 | grep x` as the command and its filters; throws on what it does not support. */
export function parseCommand(line) {
  const segments = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '|') {
      segments.push(line.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(line.slice(start));
  const [head, ...pipes] = segments.map((s) => splitWords(s.trim()));
  const filters = pipes.map((p) => {
    if ((p[0] === 'head' || p[0] === 'tail') && p[1] === '-n' && /^\d+$/.test(p[2] ?? '') && p.length === 3) return { kind: p[0], n: Number(p[2]) };
    if (p[0] === 'grep' && p.length === 2) return { kind: 'grep', text: p[1] };
    throw new Error(`unsupported filter '${p.join(' ')}' (head -n N, tail -n N, grep TEXT)`);
  });
  if (head[0] === 'vigil') return { kind: 'vigil', args: head.slice(1), filters };
  if (head[0] === 'rm' && head.length === 2 && filters.length === 0) return { kind: 'rm', path: head[1] };
  throw new Error(`unsupported command '${head.join(' ')}' (vigil …, rm FILE)`);
}

/**
 * The examples of one document: each ```console block that has a `$ vigil` line, with its
 * commands and the output written under each. Lines are 0-based indexes into the text's lines.
 */
export function findExamples(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*([^`\s]*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const [, fence, ticks, info] = open;
    // The block ends at a fence of at least as many backticks; blocks inside it (an example
    // of an example, in a ````markdown block) are not examples.
    let end = i + 1;
    while (end < lines.length && !(lines[end].trim().startsWith(ticks) && /^`+$/.test(lines[end].trim()))) end++;
    if (info === 'console') {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(fence) ? l.slice(fence.length) : l));
      const commands = [];
      for (const l of body) {
        if (l.startsWith('$ ')) commands.push({ line: l.slice(2), expected: [] });
        else if (commands.length > 0) commands[commands.length - 1].expected.push(l);
      }
      if (commands.some((c) => c.line.startsWith('vigil '))) blocks.push({ start: i + 1, end, indent: fence, commands });
    }
    i = end;
  }
  return blocks;
}

function applyFilters(text, filters) {
  let lines = text.replace(/\n$/, '').split('\n');
  if (text === '') lines = [];
  for (const f of filters) {
    if (f.kind === 'head') lines = lines.slice(0, f.n);
    else if (f.kind === 'tail') lines = f.n === 0 ? [] : lines.slice(-f.n);
    else lines = lines.filter((l) => l.includes(f.text));
  }
  return lines;
}

/** Runs one block's commands in a fresh copy of `rules/`; returns, per command, the lines it printed. */
export function runBlock(block, root = ROOT) {
  const cli = join(root, 'packages/cli/dist/vigil.mjs');
  if (!existsSync(cli)) throw new Error(`${cli} is not built: run \`npx -y pnpm@10.34.8 build\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-docs-'));
  try {
    if (existsSync(join(root, 'rules'))) cpSync(join(root, 'rules'), join(dir, 'rules'), { recursive: true });
    return block.commands.map((c) => {
      const cmd = parseCommand(c.line);
      if (cmd.kind === 'rm') {
        const target = resolve(dir, cmd.path);
        if (!target.startsWith(dir + sep)) throw new Error(`rm ${cmd.path}: outside the example's folder`);
        rmSync(target);
        return [];
      }
      const env = { ...process.env, NO_COLOR: '1', TZ: 'UTC' };
      delete env.FORCE_COLOR;
      const r = spawnSync(process.execPath, [cli, ...cmd.args], { cwd: dir, encoding: 'utf8', env, timeout: 120_000 });
      if (r.error) throw r.error;
      // Absolute paths of the temporary folder would differ from run to run.
      const printed = (r.stdout + r.stderr).split(dir + sep).join('').split(dir).join('.');
      return applyFilters(printed, cmd.filters);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The document with every example's outputs replaced by `outputs` (per block, per command). */
export function rewrite(text, blocks, outputs) {
  const lines = text.split('\n');
  for (let b = blocks.length - 1; b >= 0; b--) {
    const block = blocks[b];
    const body = [];
    block.commands.forEach((c, i) => {
      body.push(`$ ${c.line}`, ...outputs[b][i]);
    });
    lines.splice(block.start, block.end - block.start, ...body.map((l) => (l === '' ? '' : block.indent + l)));
  }
  return lines.join('\n');
}

/** Every example of every document: file, block, and whether its output is current. */
export function checkAll(root = ROOT) {
  const results = [];
  for (const file of docFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const blocks = findExamples(text);
    for (const block of blocks) {
      const actual = runBlock(block, root);
      results.push({ file, block, actual, text });
    }
  }
  return results;
}

/** Rewrites the documents whose examples print something else now; returns the files changed. */
export function updateAll(root = ROOT) {
  const changed = [];
  for (const file of docFiles(root)) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    const blocks = findExamples(text);
    if (blocks.length === 0) continue;
    const updated = rewrite(text, blocks, blocks.map((b) => runBlock(b, root)));
    if (updated !== text) {
      writeFileSync(path, updated);
      changed.push(relative(root, path));
    }
  }
  return changed;
}

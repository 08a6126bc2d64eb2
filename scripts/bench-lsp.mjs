#!/usr/bin/env node
// Language-server latency at scale (not a test): a valid rule set of about 2,000 rules made
// from the real azathioprine rules (packages/bench/src/realistic-set.ts: the rule files
// repeated with unique ids, 0 errors, 0 warnings) is opened in the server over stdio; then
// edits of one threshold are timed from didChange to the matching publishDiagnostics,
// completion and hover from send to answer (idle and while a check runs), and the features
// that serve the last good result (semantic tokens, inlay hints, code actions) are counted
// idle and while a check runs. The server's peak RSS is read from /proc.
//
//   node scripts/bench-lsp.mjs [--rules 2000] [--edits 30] [--completions 30]
//                              [--server bundle|cli] [--server-js PATH] [--synthetic]
//
// --server cli runs `vigil lsp` (packages/cli/dist/vigil.mjs) instead of the bundled server;
// --server-js runs another build of the server (bundle or CLI), e.g. an older commit's, for a
// before/after comparison under the same load;
// --synthetic uses the older generated file of one rule shape (for comparison only: it is
// not what a rule set looks like).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { buildLsp } from './build-lsp.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'packages/lsp/package.json'));
const rpc = require('vscode-jsonrpc/node');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RULES = Number(arg('rules', 2000));
const EDITS = Number(arg('edits', 30));
const COMPLETIONS = Number(arg('completions', 30));
const SERVER = arg('server', 'bundle');
const SERVER_JS = arg('server-js', undefined);
const SYNTHETIC = process.argv.includes('--synthetic');

function serverCommand() {
  if (SERVER_JS) return SERVER === 'cli' ? [SERVER_JS, 'lsp'] : [SERVER_JS, '--stdio'];
  return SERVER === 'cli' ? [join(ROOT, 'packages/cli/dist/vigil.mjs'), 'lsp'] : [join(ROOT, 'packages/lsp/dist/server.mjs'), '--stdio'];
}

/** `n` numbers of the shape of `original` (`2.0`), all different from it and from each other. */
function thresholds(original, n) {
  const dot = original.indexOf('.');
  const digits = original.length - (dot < 0 ? 0 : 1);
  const out = [];
  for (let k = 10 ** (digits - 1); out.length < n && k < 10 ** digits; k++) {
    const v = dot < 0 ? String(k) : `${String(k).slice(0, dot)}.${String(k).slice(dot)}`;
    if (v !== original) out.push(v);
  }
  return out;
}

/** The realistic generator, bundled from its TypeScript source. */
async function realistic(n) {
  const out = await esbuild({ entryPoints: [join(ROOT, 'packages/bench/src/realistic-set.ts')], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent' });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return mod.realisticRuleSet(join(ROOT, 'rules/azathioprine'), n).text;
}

function generate(n) {
  const lines = [
    'ruleset bench version "1"',
    '',
    'facts {',
    '  tpmt: enum { normal, intermediate, low, absent } "TPMT"',
    '  wbc: quantity 10*9/L "White cells"',
    '  platelets: quantity 10*9/L "Platelets"',
    '  alt: quantity U/L baseline uln "ALT"',
    '  meds: set of code "Medications"',
    '  age: quantity a "Age"',
    '}',
    '',
    'valueset xo "XO" { allopurinol rxnorm "519", febuxostat rxnorm "73689" }',
    '',
  ];
  const actions = ['contraindicate azathioprine', 'caution azathioprine', 'order cbc', 'recommend review', 'monitor cbc every 1 wk'];
  for (let i = 0; i < n; i++) {
    const t = (1 + (i % 40) / 10).toFixed(1);
    lines.push(
      `rule B-${i} "Generated rule ${i}"`,
      '  source "bench.txt"',
      '  strength moderate',
      `  when wbc < ${t} 10*9/L and age >= ${18 + (i % 60)} a and tpmt in { ${['low', 'absent', 'intermediate'][i % 3]} }`,
      `  then ${actions[i % actions.length]} because "generated ${i}"`,
      '',
    );
  }
  return lines.join('\n');
}

/** Peak and current resident set of a process (Linux), in MB. */
function rss(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (ms) => `${ms.toFixed(1)} ms`;

async function main() {
  await buildLsp({ log: () => undefined });
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-lsp-'));
  const file = join(dir, 'bench.vigil');
  let text = SYNTHETIC ? generate(RULES) : await realistic(RULES);
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const proc = spawn(process.execPath, serverCommand(), { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const waiters = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    if (p.uri !== uri) return;
    const w = waiters.get(p.version);
    if (w) {
      waiters.delete(p.version);
      w(p);
    }
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
  await conn.sendNotification('initialized', {});
  const published = (version) => new Promise((resolve) => waiters.set(version, resolve));

  const lineCount = text.split('\n').length;
  const ruleCount = (text.match(/^(rule|protocol) /gm) ?? []).length;
  process.stdout.write(`server: ${SERVER_JS ?? (SERVER === 'cli' ? 'vigil lsp' : 'packages/lsp/dist/server.mjs')}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  process.stdout.write(`${SYNTHETIC ? 'synthetic' : 'realistic'} rule set: ${ruleCount} rules, ${lineCount} lines, ${(text.length / 1024).toFixed(0)} kB\n`);

  let version = 1;
  let t0 = performance.now();
  const first = published(version);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vigil', version, text } });
  const firstDiags = await first;
  const openMs = performance.now() - t0;
  process.stdout.write(`didOpen → publishDiagnostics: ${fmt(openMs)} (${firstDiags.diagnostics.length} diagnostics)\n`);

  // Edits: change one threshold in a rule near the middle, one edit at a time.
  const changeMs = [];
  const target = SYNTHETIC ? text.indexOf(`rule B-${Math.floor(RULES / 2)} `) : Math.floor(text.length / 2);
  const whenAt = text.indexOf('wbc < ', target) + 'wbc < '.length;
  const before = text.slice(0, whenAt);
  const line = before.split('\n').length - 1;
  const character = whenAt - before.lastIndexOf('\n') - 1;
  // A new value each time (a text checked before would find its logic results remembered).
  const original = /^\d+(?:\.\d+)?/.exec(text.slice(whenAt))[0];
  const values = thresholds(original, EDITS + 5);
  const end = { line, character: character + original.length };
  for (let i = 0; i < EDITS; i++) {
    version++;
    const p = published(version);
    t0 = performance.now();
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end }, text: values[i] }],
    });
    await p;
    changeMs.push(performance.now() - t0);
    text = text.slice(0, whenAt) + values[i] + text.slice(whenAt + original.length);
  }

  // Features idle, then while a check runs: they serve the last good result, never less.
  const range = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
  const features = async () => {
    const tokens = await conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    const hints = await conn.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
    const actions = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
    return { tokens: tokens.data.length / 5, hints: hints.length, actions: actions.length };
  };
  const idle = await features();
  const during = [];
  const hoverDuringMs = [];
  for (let i = 0; i < 5; i++) {
    version++;
    const next = published(version);
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end }, text: values[EDITS + i] }],
    });
    await new Promise((r) => setTimeout(r, 60));
    t0 = performance.now();
    await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: character - 5 } });
    hoverDuringMs.push(performance.now() - t0);
    during.push(await features());
    await next;
  }
  // Completion: in a new clause at the end of the file (expression context) and after `=`.
  const completionMs = [];
  let items = 0;
  const lastLine = text.split('\n').length - 1;
  version++;
  const tail = `rule B-X "x"\n  source "s"\n  when tpmt = `;
  const p = published(version);
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: lastLine, character: 0 }, end: { line: lastLine, character: 0 } }, text: tail }] });
  await p;
  for (let i = 0; i < COMPLETIONS; i++) {
    t0 = performance.now();
    const r = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: lastLine + 2, character: '  when tpmt = '.length } });
    completionMs.push(performance.now() - t0);
    items = (Array.isArray(r) ? r : r.items).length;
  }
  // Completion while a check of the whole file is running (sent right after an edit).
  const duringCheckMs = [];
  for (let i = 0; i < 10; i++) {
    version++;
    const next = published(version);
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: String(i % 10) }],
    });
    await new Promise((r) => setTimeout(r, 80)); // past the debounce: the check has started
    t0 = performance.now();
    await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: lastLine + 2, character: '  when tpmt = '.length } });
    duringCheckMs.push(performance.now() - t0);
    await next;
  }
  // Hover on a fact, for reference.
  const hoverMs = [];
  for (let i = 0; i < 10; i++) {
    t0 = performance.now();
    await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: character - 5 } });
    hoverMs.push(performance.now() - t0);
  }

  process.stdout.write(`didChange → publishDiagnostics (${EDITS} edits, debounce included): median ${fmt(pct(changeMs, 50))}, p95 ${fmt(pct(changeMs, 95))}, max ${fmt(Math.max(...changeMs))}\n`);
  process.stdout.write(`completion (${COMPLETIONS} requests, ${items} items): median ${fmt(pct(completionMs, 50))}, p95 ${fmt(pct(completionMs, 95))}\n`);
  process.stdout.write(`completion during a check (10 requests): median ${fmt(pct(duringCheckMs, 50))}, p95 ${fmt(pct(duringCheckMs, 95))}\n`);
  process.stdout.write(`hover (10 requests): median ${fmt(pct(hoverMs, 50))}, p95 ${fmt(pct(hoverMs, 95))}\n`);
  process.stdout.write(`hover during a check (5 requests): median ${fmt(pct(hoverDuringMs, 50))}, p95 ${fmt(pct(hoverDuringMs, 95))}\n`);
  const worst = (k) => Math.min(...during.map((d) => d[k]));
  process.stdout.write(`features idle: ${idle.tokens} semantic tokens, ${idle.hints} inlay hints, ${idle.actions} code actions; during a check (fewest of 5): ${worst('tokens')}, ${worst('hints')}, ${worst('actions')}\n`);
  const mem = rss(proc.pid);
  if (mem) process.stdout.write(`server RSS: peak ${mem.peak.toFixed(0)} MB, now ${mem.now.toFixed(0)} MB (main thread and check worker)\n`);
  process.stdout.write(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

  await conn.sendRequest('shutdown', null);
  await conn.sendNotification('exit', null);
  await new Promise((r) => proc.on('exit', r));
  conn.dispose();
  rmSync(dir, { recursive: true, force: true });
  await ruleSet();
}

/** A real rule set (rules/azathioprine): one edit at a time in one of its files. */
async function ruleSet() {
  const dir = join(ROOT, 'rules/azathioprine');
  const file = join(dir, 'pretreatment.vigil');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const uri = pathToFileURL(file).href;
  const proc = spawn(process.execPath, serverCommand(), { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const waiters = new Map();
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const w = p.uri === uri && waiters.get(p.version);
    if (w) {
      waiters.delete(p.version);
      w(p);
    }
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('client/registerCapability', () => null);
  conn.listen();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
  await conn.sendNotification('initialized', {});
  const published = (v) => new Promise((r) => waiters.set(v, r));
  let t0 = performance.now();
  let p = published(1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'vigil', version: 1, text } });
  await p;
  const openMs = performance.now() - t0;
  const changeMs = [];
  const completionMs = [];
  for (let v = 2; v < 2 + EDITS; v++) {
    p = published(v);
    t0 = performance.now();
    const insert = v % 2 === 0;
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: insert ? 0 : 1 } }, text: insert ? ' ' : '' }],
    });
    await p;
    changeMs.push(performance.now() - t0);
    t0 = performance.now();
    await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 7 } });
    completionMs.push(performance.now() - t0);
  }
  const files = readdirSync(dir).filter((f) => f.endsWith('.vigil')).length;
  process.stdout.write(`\nrules/azathioprine (${files} files): didOpen → publishDiagnostics ${fmt(openMs)}\n`);
  process.stdout.write(`didChange → publishDiagnostics (${EDITS} edits, debounce included): median ${fmt(pct(changeMs, 50))}, p95 ${fmt(pct(changeMs, 95))}\n`);
  process.stdout.write(`completion: median ${fmt(pct(completionMs, 50))}, p95 ${fmt(pct(completionMs, 95))}\n`);
  await conn.sendRequest('shutdown', null);
  await conn.sendNotification('exit', null);
  await new Promise((r) => proc.on('exit', r));
  conn.dispose();
}

main().catch((error) => {
  process.stderr.write(`bench-lsp failed: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});

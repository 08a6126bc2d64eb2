// `pnpm bench [--quick] [--only evaluate|compile|run|serve|frontend|readers]`: the Vigil benchmarks.
//   (a) evaluation: the Vigil-compiled evaluator against hand-written TypeScript,
//       json-rules-engine, json-logic-js and @gorules/zen-engine on the same rule subset;
//   (b) compilation of generated rule sets of 100, 1,000 and 10,000 rules;
//   (c) `vigil run` over an NDJSON file of generated patients;
//   (d) the CDS Hooks service (`vigil serve`) under load on loopback;
//   (e) the front end at scale on valid rule sets made from the real rules: compiling 2,000
//       and 10,000 rules, and re-checking after an edit (frontend.ts);
//   (f) the batch input readers on hostile shapes, at growing sizes (linear cost).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { checkFiles, checkText, collectRuleFiles, parseDocument } from '@vigil/core';
import type { IrProgram } from '@vigil/core';
import { generateEngine, instantiateEngine } from '@vigil/compiler';
import type { Decision } from '@vigil/runtime';
import { patientGenerator, planFacts } from '@vigil/cli/batch';
import { evaluateHandwritten } from './handwritten.js';
import { JRE_RULES, JSON_LOGIC_RULES, SUBSET, subsetVigil, zenGraph } from './subset.js';
import { generatedRuleSet } from './ruleset-gen.js';
import { azathioprine, compileRealistic, editLoop, load, type EditFigures } from './frontend.js';
import { realisticRuleSet } from './realistic-set.js';
import { completeGroupsSet } from './complete-groups-set.js';
import { serviceLoad } from './service.js';
import { readerScaling } from './readers.js';

const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const ROOT = process.env.VIGIL_ROOT ?? process.cwd();
const NOW = '2026-11-22T09:00:00Z';

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MB`;

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GB RAM, Node ${process.version}, ${process.platform}/${process.arch}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${QUICK ? '; --quick' : ''}`;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Mean wall time per iteration (tinybench) and the best iteration's CPU time: on a shared
 * machine the latter is the figure least disturbed by other work (it still counts the
 * garbage collector's threads).
 */
async function timed(name: string, fn: () => unknown | Promise<unknown>, iterations: number): Promise<{ name: string; ms: number; rme: number; cpu: number }> {
  const bench = new Bench({ iterations, time: 0, warmupIterations: 1, warmupTime: 0 });
  let cpu = Infinity;
  const measured =
    fn.constructor.name === 'AsyncFunction'
      ? async () => {
          const t0 = cpuMs();
          await fn();
          cpu = Math.min(cpu, cpuMs() - t0);
        }
      : () => {
          const t0 = cpuMs();
          fn();
          cpu = Math.min(cpu, cpuMs() - t0);
        };
  bench.add(name, measured);
  await bench.run();
  const task = bench.tasks[0]!;
  const r = task.result as { state: string; latency?: { mean: number; rme: number }; error?: unknown };
  if (r.state !== 'completed' || !r.latency) throw new Error(`${name}: ${String(r.error ?? r.state)}`);
  return { name, ms: r.latency.mean, rme: r.latency.rme, cpu };
}

// ------------------------------------------------------------------ (a) evaluation

function factsBlock(): string {
  const text = readFileSync(join(ROOT, 'rules/azathioprine/facts.vigil'), 'utf8');
  const m = /^facts \{[\s\S]*?^\}/m.exec(text);
  if (!m) throw new Error('no facts block in rules/azathioprine/facts.vigil');
  return m[0];
}

const key = (d: Pick<Decision, 'rule' | 'action' | 'targets' | 'message'>) => `${d.rule}:${d.action}:${d.targets.join(',')}:${d.message ?? ''}`;
const decisionsKey = (ds: readonly Pick<Decision, 'rule' | 'action' | 'targets' | 'message'>[]) => ds.map(key).sort().join('|');
/** The two decision lists differ only on ratio rules whose comparison sits exactly on the boundary. */
function floatBoundary(f: Record<string, unknown>, got: string, expected: string): boolean {
  const a = new Set(got.split('|').filter(Boolean));
  const b = new Set(expected.split('|').filter(Boolean));
  const diff = [...a].filter((x) => !b.has(x)).concat([...b].filter((x) => !a.has(x)));
  return diff.every((d) => {
    const rule = BY_ID.get(d.split(':')[0]!);
    const c = rule?.when;
    if (!c || c.t !== 'ratio') return false;
    const v = f[c.f];
    const ref = f[`${c.f}_${c.part}`];
    return typeof v === 'number' && typeof ref === 'number' && Math.abs(v - c.k * ref) <= 1e-9 * Math.max(1, Math.abs(v));
  });
}
const BY_ID = new Map(SUBSET.map((r) => [r.id, r]));
const fromIds = (ids: readonly string[]) => ids.map((id) => { const r = BY_ID.get(id)!; return { rule: r.id, action: r.action, targets: r.targets, message: r.message }; });

async function evaluation(): Promise<void> {
  const n = QUICK ? 20_000 : 100_000;
  const iterations = QUICK ? 4 : 5;
  console.log(`\n## (a) Evaluation: ${fmt(n)} generated patients\n`);
  const { files } = collectRuleFiles([join(ROOT, 'rules/azathioprine')]);
  const full = checkFiles(files);
  if (!full.ir) throw new Error('the azathioprine rule set has errors');
  const fullEngine = instantiateEngine(full.ir);
  const next = patientGenerator(planFacts(full.ir), { seed: 2026, now: new Date(NOW) });
  const raw = Array.from({ length: n }, next);
  const normalised = raw.map((p) => {
    const v = fullEngine.validateFacts(p);
    if (!v.ok) throw new Error(`generated patient rejected: ${v.issues[0]!.path}: ${v.issues[0]!.message}`);
    return v.facts;
  });

  const subsetText = subsetVigil(factsBlock());
  const subset = checkText(subsetText, join(ROOT, 'packages/bench/subset.vigil'));
  if (!subset.ir) throw new Error(`the benchmark subset has errors: ${subset.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}`);
  const vigil = instantiateEngine(subset.ir);

  const jsonLogic = (await import('json-logic-js')).default as { apply(logic: unknown, data: unknown): unknown };
  const { Engine: JreEngine } = await import('json-rules-engine');
  const jre = new JreEngine([], { allowUndefinedFacts: true });
  for (const rule of JRE_RULES) jre.addRule(rule as never);
  for (const [f, part] of [['alt', 'uln'], ['alt', 'baseline'], ['bilirubin', 'uln']] as const) {
    jre.addFact(`${f}_over_${part}`, async (_p: unknown, almanac: { factValue(k: string): Promise<unknown> }) => {
      const [a, b] = await Promise.all([almanac.factValue(f), almanac.factValue(`${f}_${part}`)]);
      return typeof a === 'number' && typeof b === 'number' ? (b === 0 ? (a >= 0 ? Number.POSITIVE_INFINITY : undefined) : a / b) : undefined;
    });
  }
  jre.addOperator('isMissing', (fact: unknown) => fact === null || fact === undefined);
  jre.addOperator('containsAny', (fact: unknown, value: unknown) => Array.isArray(fact) && (value as string[]).some((v) => fact.includes(v)));
  let zen: { evaluate(ctx: unknown): Promise<{ result: Record<string, boolean> }> } | undefined;
  let zenProblem: string | undefined;
  try {
    const { ZenEngine } = await import('@gorules/zen-engine');
    zen = new ZenEngine().createDecision(Buffer.from(JSON.stringify(zenGraph()))) as never;
  } catch (error) {
    zenProblem = error instanceof Error ? error.message : String(error);
  }

  const runVigil = (f: unknown) => vigil.evaluateValidated(f as never, { now: NOW }).decisions;
  const runLogic = (f: unknown) => {
    const out = jsonLogic.apply(JSON_LOGIC_RULES, f) as boolean[];
    return SUBSET.filter((_, i) => out[i] === true).map((r) => r.id);
  };
  const runJre = async (f: unknown) => (await jre.run(f as Record<string, unknown>)).events.map((e) => e.type);
  const runZen = async (f: unknown) => {
    const { result } = await zen!.evaluate(f);
    return SUBSET.filter((r) => result[r.id.replace('-', '_')] === true).map((r) => r.id);
  };

  // Same decisions on every patient, before any timing.
  const start = performance.now();
  let fired = 0;
  const mismatches: string[] = [];
  const boundary = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const f = normalised[i]!;
    const expected = decisionsKey(runVigil(f));
    fired += runVigil(f).length;
    const others: [string, string][] = [
      ['TypeScript', decisionsKey(evaluateHandwritten(f))],
      ['json-logic-js', decisionsKey(fromIds(runLogic(f)))],
      ['json-rules-engine', decisionsKey(fromIds(await runJre(f)))],
    ];
    if (zen) others.push(['zen-engine', decisionsKey(fromIds(await runZen(f)))]);
    for (const [name, got] of others) {
      if (got === expected) continue;
      if (floatBoundary(f as Record<string, unknown>, got, expected)) {
        boundary.set(name, (boundary.get(name) ?? 0) + 1);
        continue;
      }
      if (mismatches.length < 5) mismatches.push(`patient ${i + 1}, ${name}: ${got} ≠ vigil ${expected}`);
    }
  }
  if (mismatches.length > 0) throw new Error(`engines disagree:\n  ${mismatches.join('\n  ')}\npatient: ${JSON.stringify(normalised[Number(/patient (\d+)/.exec(mismatches[0]!)![1]) - 1])}`);
  console.log(`All engines reach the same decisions on all ${fmt(n)} patients (${fmt(fired)} decisions; checked in ${fmt((performance.now() - start) / 1000, 1)} s).`);
  console.log(`Subset: ${SUBSET.length} rules (of ${full.ir.rules.length} in rules/azathioprine), written in each engine's own form; every engine reads the normalised patient (numbers in the fact's unit).`);
  if (boundary.size > 0) {
    console.log(`Exact-boundary differences (binary floating point): ${[...boundary].map(([k, c]) => `${k} ${fmt(c)}`).join(', ')} patients differ only on a ratio rule whose value equals k × ULN/baseline exactly as a decimal; Vigil compares exact decimals and fires, a float product (e.g. 3 × 278.398 = 835.1940000000001) does not. No other difference.`);
  }
  if (zenProblem) console.log(`@gorules/zen-engine could not be loaded here: ${zenProblem}`);

  const results: { name: string; ms: number; rme: number; cpu: number }[] = [];
  results.push(await timed('Vigil compiled (evaluateValidated)', () => { for (const f of normalised) runVigil(f); }, iterations));
  results.push(await timed('hand-written TypeScript', () => { for (const f of normalised) evaluateHandwritten(f); }, iterations));
  const vigilBare = await timed('Vigil compiled, no explanations', () => { for (const f of normalised) vigil.evaluateValidated(f as never, { now: NOW, explain: false }); }, iterations);
  results.push(await timed('json-logic-js', () => { for (const f of normalised) runLogic(f); }, iterations));
  results.push(await timed('json-rules-engine', async () => { for (const f of normalised) await runJre(f); }, Math.max(1, iterations - 1)));
  if (zen) results.push(await timed('@gorules/zen-engine (one graph)', async () => { for (const f of normalised) await runZen(f); }, Math.max(1, iterations - 1)));
  const base = results[0]!.ms;
  console.log(`\nSubset of ${SUBSET.length} rules, same normalised input for every engine:\n`);
  console.log(table(['engine', 'patients/s', 'µs/patient', 'best CPU µs/patient', '±%', 'time vs Vigil'], [...results, vigilBare].map((r) => [r.name, fmt(n / (r.ms / 1000)), fmt((r.ms * 1000) / n, 2), fmt((r.cpu * 1000) / n, 2), fmt(r.rme, 1), `${fmt(r.ms / base, 2)}×`])));
  const hand = results[1]!.cpu;
  console.log(`\nVigil / hand-written TypeScript, best CPU (same decision objects, explanations built): ${fmt(results[0]!.cpu / hand, 2)}× (aim: at most 1.00×); without explanations: ${fmt(vigilBare.cpu / hand, 2)}×.`);

  // The records as `vigil run` and the service validate them: objects JSON.parse made.
  const parsed = raw.map((p) => JSON.parse(JSON.stringify(p)) as unknown);
  const general = generalValidator(full.ir);
  // A fresh engine for the JSON.parse records: one that saw the generator's objects (other
  // shapes) would carry their type feedback.
  const parsedEngine = instantiateEngine(full.ir);
  for (const p of parsed.slice(0, 1000)) {
    if (JSON.stringify(general(p)) !== JSON.stringify(parsedEngine.validateFacts(p))) throw new Error(`the generated and the general validator disagree on ${JSON.stringify(p)}`);
  }
  const fullResults = [
    await timed('Vigil: validate + evaluate (raw JSON facts)', () => { for (const p of raw) fullEngine.evaluate(p, { now: NOW }); }, iterations),
    await timed('Vigil: evaluateValidated', () => { for (const f of normalised) fullEngine.evaluateValidated(f, { now: NOW }); }, iterations),
    await timed('Vigil: evaluateValidated, no explanations', () => { for (const f of normalised) fullEngine.evaluateValidated(f, { now: NOW, explain: false }); }, iterations),
    await timed('Vigil: validateFacts only', () => { for (const p of raw) fullEngine.validateFacts(p); }, iterations),
    await timed('Vigil: validateFacts only, JSON.parse records', () => { for (const p of parsed) parsedEngine.validateFacts(p); }, iterations),
    await timed('general validator ($validate, before), JSON.parse records', () => { for (const p of parsed) general(p); }, iterations),
  ];
  console.log(`\nFull azathioprine rule set (${full.ir.rules.length} rules, ${full.ir.atomCount} atoms), Vigil only:\n`);
  console.log(table(['step', 'patients/s', 'µs/patient', 'best CPU µs/patient', '±%'], fullResults.map((r) => [r.name, fmt(n / (r.ms / 1000)), fmt((r.ms * 1000) / n, 2), fmt((r.cpu * 1000) / n, 2), fmt(r.rme, 1)])));
  const [, evaluated, bare, validated, validatedParsed, generalParsed] = fullResults.map((r) => r.cpu);
  console.log(`\nBest CPU. Validation / evaluation (with explanations): ${fmt(validated! / evaluated!, 2)}× on the generator's objects, ${fmt(validatedParsed! / evaluated!, 2)}× on JSON.parse records (aim: at most 1.00×); the general validator: ${fmt(generalParsed! / evaluated!, 2)}×. Validation / evaluation without explanations: ${fmt(validatedParsed! / bare!, 2)}× (JSON.parse records).`);
}

/** The general validator every generated engine keeps behind its generated one (`$validate`), from the function-flavour text. */
function generalValidator(ir: IrProgram): (input: unknown) => unknown {
  const js = generateEngine(ir, { flavour: 'function' }).js;
  const body = js.replace(/return \{ ruleset[^}]*\};\s*$/, 'return (i) => $validate(i, $KEYS, $SPECS, $IK, $IK.length, $make);');
  if (body === js) throw new Error('no export line in the engine text');
  return new Function(body)() as (input: unknown) => unknown;
}

// ------------------------------------------------------------------ (b) compilation

function compileOne(rules: number): void {
  // Warm-up: the parser builds its grammar tables on first use; time the steady state.
  const warm = generatedRuleSet(20);
  for (let i = 0; i < 3; i++) generateEngine(checkText(warm, `/warm/${i}.vigil`, { readFile: () => undefined }).ir!, { flavour: 'esm' });
  const text = generatedRuleSet(rules);
  const uri = join(tmpdir(), `bench-${rules}.vigil`);
  const t0 = performance.now();
  const parsed = parseDocument(text, uri);
  const t1 = performance.now();
  const checked = checkText(text, `${uri}.check`, { readFile: () => undefined });
  const t2 = performance.now();
  if (!checked.ir) throw new Error(`generated rule set has errors: ${checked.diagnostics.find((d) => d.severity === 'error')?.message}`);
  const engine = generateEngine(checked.ir as IrProgram, { flavour: 'esm' });
  const t3 = performance.now();
  void parsed;
  process.stdout.write(JSON.stringify({ rules, bytes: Buffer.byteLength(text), parse: t1 - t0, check: t2 - t1, codegen: t3 - t2, js: engine.js.length, maxRss: process.resourceUsage().maxRSS * 1024 }) + '\n');
}

function compilation(self: string): void {
  const sizes = QUICK ? [100, 1_000] : [100, 1_000, 10_000];
  console.log(`\n## (b) Compilation of generated rule sets\n`);
  const rows: (string | number)[][] = [];
  let prev: { rules: number; total: number } | undefined;
  for (const size of sizes) {
    const child = spawnSync(process.execPath, [self, '--compile-one', String(size)], { encoding: 'utf8', env: { ...process.env, VIGIL_ROOT: ROOT }, maxBuffer: 1 << 24, timeout: 20 * 60_000 });
    if (child.status !== 0) {
      rows.push([fmt(size), '—', '—', '—', '—', '—', '—', `failed: ${(child.stderr || child.error?.message || '').split('\n')[0]}`]);
      continue;
    }
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { rules: number; bytes: number; parse: number; check: number; codegen: number; js: number; maxRss: number };
    // `check` includes its own parse; the parse column is the parser alone.
    const total = r.check + r.codegen;
    const growth = prev ? `${fmt(total / prev.total / (r.rules / prev.rules), 2)}` : '—';
    rows.push([fmt(r.rules), `${fmt(r.bytes / 1024)} kB`, fmt(r.parse), fmt(r.check), fmt(r.codegen), fmt(r.bytes / 2 ** 20 / (total / 1000), 2), mb(r.maxRss), growth]);
    prev = { rules: r.rules, total };
  }
  console.log(table(['rules', 'source', 'parse ms', 'parse+check ms', 'codegen ms', 'MB/s (check+codegen)', 'peak RSS', 'growth ratio'], rows));
  console.log('\nGrowth ratio: (time per rule at this size) / (time per rule at the previous size); 1.0 is linear. Each size runs in a fresh process, so peak RSS is its own.');
}

// ------------------------------------------------------------------ (c) vigil run

function runBench(): void {
  const n = QUICK ? 100_000 : 1_000_000;
  console.log(`\n## (c) vigil run over ${fmt(n)} NDJSON patients\n`);
  const cli = join(ROOT, 'packages/cli/dist/vigil.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    const file = join(dir, 'patients.ndjson');
    // gen-facts writes straight to the file: a million records are about 2 GB.
    const fd = openSync(file, 'w');
    const gen = spawnSync(process.execPath, [cli, 'gen-facts', join(ROOT, 'rules/azathioprine'), '-n', String(n), '--seed', '11', '--now', NOW], { stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    if (gen.status !== 0) throw new Error(`gen-facts failed: ${String(gen.stderr)}`);
    const size = statSync(file).size;
    const out = join(dir, 'decisions.ndjson');
    const rows: string[][] = [];
    const summaries: string[] = [];
    for (const extra of [[], ['--no-explain']]) {
      const t0 = performance.now();
      const run = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, cli, 'run', join(ROOT, 'rules/azathioprine'), '--facts', file, '--out', out, '--now', NOW, ...extra], { encoding: 'utf8', timeout: 60 * 60_000 });
      const seconds = (performance.now() - t0) / 1000;
      const rss = /maxrss_kb=(\d+)/.exec(run.stderr ?? '');
      summaries.push(`${extra.join(' ') || 'default'}: ${(run.stderr ?? '').split('\n').find((l) => l.includes('records/s')) ?? ''}`);
      rows.push([extra.join(' ') || 'with explanations', fmt(n), mb(size), mb(statSync(out).size), fmt(seconds, 1), fmt(n / seconds), rss ? mb(Number(rss[1]) * 1024) : 'n/a', String(run.status)]);
    }
    console.log(table(['output', 'records', 'input', 'output size', 'wall s', 'records/s (wall, incl. startup)', 'peak RSS', 'exit'], rows));
    console.log(`\nvigil run summaries:\n${summaries.map((l) => `- ${l}`).join('\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ (d) CDS Hooks service

async function serviceBench(): Promise<void> {
  const total = QUICK ? 4_000 : 20_000;
  const concurrency = 50;
  console.log(`\n## CDS Hooks service: ${fmt(total)} order-select calls, concurrency ${concurrency}, loopback\n`);
  const [baseline, vigil] = await serviceLoad(ROOT, total, concurrency);
  const ms = (x: number) => fmt(x, 2);
  console.log(
    table(
      ['server', 'requests', 'ok', 'errors', 'lost', 'p50 ms', 'p99 ms', 'max ms', 'req/s', 'RSS before', 'RSS after'],
      [baseline!, vigil!].map((r) => [r.name, fmt(r.requests), fmt(r.ok), fmt(r.errors), fmt(r.lost), ms(r.p50), ms(r.p99), ms(r.max), fmt(r.perSecond), mb(r.rssBefore), mb(r.rssAfter)]),
    ),
  );
  console.log(`\nvigil serve p50 ${fmt(vigil!.p50 / baseline!.p50, 1)}x, p99 ${fmt(vigil!.p99 / baseline!.p99, 1)}x the bare server's; RSS change over the run ${mb(vigil!.rssAfter - vigil!.rssBefore)}.`);
}

// ------------------------------------------------------------------ (e) front end at scale

function frontend(self: string): void {
  console.log(`\n## (e) The front end on valid rule sets made from the real rules\n`);
  console.log(`Load average at start: ${load()} (${cpus().length} cores).\n`);
  const sizes = QUICK ? [2_000] : [2_000, 10_000];
  const rows: (string | number)[][] = [];
  // Each size twice: checked as the editor checks (logic results under content keys, the
  // path compiles took before) and as a compile does (checked once).
  for (const size of sizes) {
    for (const once of [false, true]) {
      const child = spawnSync(process.execPath, [self, '--realistic-one', String(size), ...(once ? ['--once'] : [])], { encoding: 'utf8', env: { ...process.env, VIGIL_ROOT: ROOT }, maxBuffer: 1 << 24, timeout: 20 * 60_000 });
      const label = `${fmt(size)}${once ? ', checked once' : ', content keys (before)'}`;
      if (child.status !== 0) {
        rows.push([label, `failed: ${(child.stderr || child.error?.message || '').split('\n')[0]}`, '', '', '', '', '', '']);
        continue;
      }
      const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, number>;
      const ms = (wall: number, cpu: number) => `${fmt(wall)} (${fmt(cpu)})`;
      rows.push([label, `${fmt(r['bytes']! / 1024)} kB, ${fmt(r['lines']!)} lines, ${fmt(r['rules']!)} rules`, fmt(r['errorsOrWarnings']!), ms(r['parseWall']!, r['parseCpu']!), ms(r['checkWall']!, r['checkCpu']!), ms(r['codegenWall']!, r['codegenCpu']!), ms(r['checkWall']! + r['codegenWall']!, r['checkCpu']! + r['codegenCpu']!), mb(r['maxRss']!)]);
    }
  }
  console.log(table(['rules', 'source', 'errors + warnings', 'parse ms', 'parse+check ms', 'codegen ms', 'compile ms', 'peak RSS'], rows));
  console.log('\nms: wall (CPU of the process). Each row runs in a fresh process after a warm-up; parse+check includes the parse. "Checked once" is how `vigil compile` checks (LoadOptions.once); "content keys" how the editor does, and how compiles did before.');

  const edits = QUICK ? 10 : 30;
  const line = (name: string, f: EditFigures) => [name, `${fmt(f.median.wall, 1)} (${fmt(f.median.cpu, 1)})`, `${fmt(f.p95.wall, 1)} (${fmt(f.p95.cpu, 1)})`, fmt(f.diagnostics)];
  const out: (string | number)[][] = [];
  const aza = azathioprine(ROOT);
  const pretreatment = join(ROOT, 'rules/azathioprine/pretreatment.vigil');
  const big = realisticRuleSet(join(ROOT, 'rules/azathioprine'), 2_000);
  const uri = '/bench/realistic-2000.vigil';
  const sets = [
    { name: 'azathioprine (107 rules, 13 files)', texts: () => new Map(aza.texts), definition: aza.file, rule: pretreatment },
    { name: `realistic ${fmt(big.rules)} rules (one file)`, texts: () => new Map([[uri, big.text]]), definition: uri, rule: uri },
  ];
  // A definition's threshold (`define severe_leukopenia = wbc < 2.0 10*9/L`: the rules that
  // read it change) and a rule's (`platelets < 50 10*9/L`), each a new value every time.
  for (const set of sets) {
    out.push(line(`${set.name}, a definition, from scratch`, editLoop(set.texts(), set.definition, edits, 'scratch')));
    out.push(line(`${set.name}, a definition, parse cache only (before)`, editLoop(set.texts(), set.definition, edits, 'parse-cache')));
    out.push(line(`${set.name}, a definition, no per-declaration reuse (before)`, editLoop(set.texts(), set.definition, edits, 'no-declaration-reuse')));
    out.push(line(`${set.name}, a definition, incremental`, editLoop(set.texts(), set.definition, edits, 'incremental')));
    out.push(line(`${set.name}, a rule, parse cache only (before)`, editLoop(set.texts(), set.rule, edits, 'parse-cache', 'platelets < ')));
    out.push(line(`${set.name}, a rule, no per-declaration reuse (before)`, editLoop(set.texts(), set.rule, edits, 'no-declaration-reuse', 'platelets < ')));
    out.push(line(`${set.name}, a rule, incremental`, editLoop(set.texts(), set.rule, edits, 'incremental', 'platelets < ')));
  }
  // The joint gap analysis at its worst: every group declared complete and leaving gaps.
  const complete = completeGroupsSet(2_000);
  const completeUri = '/bench/complete-groups.vigil';
  const completeTexts = () => new Map([[completeUri, complete.text]]);
  out.push(line(`${fmt(complete.rules)} rules in complete groups with gaps, a rule, from scratch`, editLoop(completeTexts(), completeUri, edits, 'scratch', 'f0 >= ')));
  out.push(line(`${fmt(complete.rules)} rules in complete groups with gaps, a rule, incremental`, editLoop(completeTexts(), completeUri, edits, 'incremental', 'f0 >= ')));
  console.log(`\nChange of one threshold → diagnostics (checkTexts in process, ${edits} edits; ms wall (CPU)):\n`);
  console.log(table(['rule set, path', 'median ms', 'p95 ms', 'diagnostics'], out));
  console.log(`\n"From scratch" parses and solves everything again (the baseline); "parse cache only" re-parses only the edited declaration but solves every logic check again (the editor's path before logic results were remembered); "no per-declaration reuse" keeps parses and logic results but types, lowers and checks every declaration again (the path before per-declaration results were kept); "incremental" goes through every cache, as the editor does. Load average at end: ${load()}.`);
}

async function mainBench(): Promise<void> {
  const i = args.indexOf('--compile-one');
  if (i >= 0) return compileOne(Number(args[i + 1]));
  const j = args.indexOf('--realistic-one');
  if (j >= 0) {
    process.stdout.write(JSON.stringify(compileRealistic(ROOT, Number(args[j + 1]), args.includes('--once'))) + '\n');
    return;
  }
  console.log(`# Vigil benchmarks\n\nMachine: ${machine()}`);
  if (!ONLY || ONLY === 'evaluate') await evaluation();
  if (!ONLY || ONLY === 'compile') compilation(process.argv[1]!);
  if (!ONLY || ONLY === 'run') runBench();
  if (!ONLY || ONLY === 'serve') await serviceBench();
  if (!ONLY || ONLY === 'frontend') frontend(process.argv[1]!);
  if (!ONLY || ONLY === 'readers') await readerScaling(QUICK, table);
  // --sql-patients N: another count for (g) (default 1,000,000; 20,000 with --quick).
  const sqlPatients = args.includes('--sql-patients') ? Number(args[args.indexOf('--sql-patients') + 1]) : undefined;
  // --sql-engines duckdb,postgres: only these (and the one-thread JS baseline).
  const sqlEngines = args.includes('--sql-engines') ? args[args.indexOf('--sql-engines') + 1]!.split(',') : undefined;
  if (!ONLY || ONLY === 'sql') (await import('./sql.js')).sqlBench(ROOT, QUICK, NOW, table, fmt, sqlPatients, sqlEngines);
}

await mainBench();

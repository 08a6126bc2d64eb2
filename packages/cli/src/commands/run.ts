// `vigil run <paths…> --facts patients.ndjson|.csv|.json [--out FILE]`: evaluate the rule
// set on every record of a file, streaming, and write one NDJSON line per record.
import { closeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ACTION_RANK, FileReadError, FileWriteError, openRegularFile, refuseOverwritingInput } from '@vigil/core';
import type { IrActionVerb } from '@vigil/core';
import { ProgramTables } from '@vigil/compiler';
import { ExitCode } from '../exit-codes.js';
import { nowOption } from '../now.js';
import { describeFsError, displayPath, envOf, plural, UsageError } from '../io.js';
import { evaluateRecords, LineWriter, type BatchCounts, type EvaluateRecordsOptions, type RecordFailure, type RecordWriter } from '../batch/evaluate.js';
import { CsvRecordWriter } from '../batch/csv-out.js';
import { evaluateNdjsonParallel } from '../batch/parallel.js';
import { formatOf, ndjsonLines, openInput, readCsv, readJsonArray, readNdjson, RecordsError, type InputRecord, type RecordFormat } from '../batch/records.js';
import { irOrErrors, loadRuleSet, type CommandContext } from './context.js';

export interface RunOptions {
  readonly facts: string;
  readonly out?: string;
  readonly quiet?: boolean;
  readonly failFast?: boolean;
  /** Build each decision's explanation (default true; `--no-explain`). */
  readonly explain?: boolean;
  readonly now?: string;
  readonly format?: RecordFormat;
  /** Worker threads for NDJSON input; 1 evaluates in the main thread. Default: the cores, at most 4, for inputs of 1 MB or more (and stdin). */
  readonly jobs?: number;
  /** Where the rules are evaluated: the JS engine (default) or the compiled SQL on DuckDB (embedded) or PostgreSQL (`db`). */
  readonly engine?: 'js' | 'duckdb' | 'postgres';
  /** --engine postgres: the connection URL. */
  readonly db?: string;
}

/** Inputs smaller than this are evaluated in the main thread unless --jobs says otherwise. */
const PARALLEL_MIN_BYTES = 1 << 20;
const MAX_DEFAULT_JOBS = 4;

/** At most this many per-record errors are printed on stderr; all are in the output. */
const MAX_PRINTED_ERRORS = 20;

function summaryLine(counts: BatchCounts, seconds: number): string {
  const actions = [...counts.decisions.entries()].sort((a, b) => (ACTION_RANK[a[0] as IrActionVerb] ?? 99) - (ACTION_RANK[b[0] as IrActionVerb] ?? 99));
  const rate = seconds > 0 ? Math.round(counts.records / seconds) : counts.records;
  const byAction = actions.length > 0 ? actions.map(([a, n]) => `${a} ${n}`).join(', ') : 'none';
  return `${plural(counts.records, 'record')}; decisions: ${byAction}; not evaluable: ${counts.notEvaluable}; ${plural(counts.errors, 'error')}; ${rate.toLocaleString('en-US')} records/s (${seconds.toFixed(2)} s)\n`;
}

export async function runRun(paths: readonly string[], options: RunOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const fixedNow = nowOption(options.now);
  const stdin = options.facts === '-';
  const format = options.format ?? (stdin ? 'ndjson' : formatOf(options.facts));
  const engineName = options.engine ?? 'js';
  if (engineName === 'postgres' && options.db === undefined) throw new UsageError('--engine postgres needs --db URL (postgres://user@host:port/database)');
  if (engineName !== 'postgres' && options.db !== undefined) throw new UsageError('--db is for --engine postgres');
  if (!format) throw new UsageError(`cannot tell the format of '${options.facts}': name it .ndjson, .jsonl, .csv, .json or .parquet, or pass --format`);
  if (stdin && format === 'parquet') throw new UsageError('Parquet is read from a file, not from standard input: pass its path to --facts');
  const factsPath = resolve(io.cwd, options.facts);
  // Only a regular file is read (a FIFO would block, /dev/zero never end); a pipe comes on stdin.
  const facts = stdin ? undefined : openRegularFile(factsPath, options.facts, '; to read a pipe, use --facts - and pipe it to vigil');
  const owner = { stream: false };
  try {
    return await runOn(paths, options, ctx, { stdin, format, factsPath, facts, fixedNow, owner });
  } finally {
    // Once a stream reads the descriptor, the stream closes it.
    if (facts && !owner.stream) closeSync(facts.fd);
  }
}

interface RunInput {
  readonly stdin: boolean;
  readonly format: RecordFormat;
  readonly factsPath: string;
  readonly facts: { readonly fd: number; readonly size: number } | undefined;
  readonly fixedNow: string | undefined;
  readonly owner: { stream: boolean };
}

/** The records of a Parquet file; a fault of the file as a whole is a RecordsError. */
async function* parquetRecords(path: string, facts: readonly string[]): AsyncGenerator<InputRecord> {
  const { readParquet, ParquetError } = await import('@vigil/sql');
  try {
    yield* readParquet(path, facts);
  } catch (error) {
    throw error instanceof ParquetError ? new RecordsError(error.message) : error;
  }
}

async function runOn(paths: readonly string[], options: RunOptions, ctx: CommandContext, input_: RunInput): Promise<number> {
  const { io } = ctx;
  const { stdin, format, factsPath, facts, fixedNow, owner } = input_;
  const services = await ctx.services();
  const { check } = loadRuleSet(paths, services, io);
  const ir = irOrErrors(check, ctx);
  if (!ir) return ExitCode.inputErrors;
  const now = fixedNow ?? new Date().toISOString();
  let jobs = options.jobs ?? 0;
  if (jobs === 0) jobs = format === 'ndjson' && (stdin || (facts?.size ?? 0) >= PARALLEL_MIN_BYTES) ? Math.min(availableParallelism(), MAX_DEFAULT_JOBS) : 1;
  if (format !== 'ndjson' || options.engine === 'duckdb' || options.engine === 'postgres') jobs = 1;

  // The output must never be one of the inputs: writing it would destroy what is being read.
  let out: RecordWriter;
  if (options.out !== undefined) {
    const outPath = resolve(io.cwd, options.out);
    const inputs = [
      ...(stdin ? [{ path: 0, shown: 'standard input' }] : [{ path: factsPath, shown: options.facts }]),
      ...[...check.sources.keys()].map((p) => ({ path: p, shown: displayPath(p, io.cwd) })),
    ];
    refuseOverwritingInput(outPath, options.out, inputs);
    // The records as rows of a table (record, status, json): see packages/cli/docs/batch.md.
    if (/\.parquet$/i.test(outPath)) {
      const { ParquetRecordWriter } = await import('@vigil/sql');
      out = await ParquetRecordWriter.create(outPath);
    } else if (/\.csv$/i.test(outPath)) out = CsvRecordWriter.toFile(outPath, options.out);
    else out = LineWriter.toFile(outPath, options.out);
  } else out = new LineWriter(io.stdout);

  // Worker threads build their engines from its source; the main thread needs none then.
  const engineSource = jobs > 1 ? services.generateEngine(ir, { flavour: 'function' }).js : undefined;
  const engine = engineSource === undefined ? services.instantiateEngine(ir) : undefined;

  // Parquet is read by DuckDB from its path; the descriptor only proved it a regular file.
  const input = format === 'parquet' ? undefined : stdin ? process.stdin.setEncoding('utf8') : openInput(facts!.fd);
  owner.stream = input !== undefined && !stdin;

  const stderrTty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const progress = stderrTty && !options.quiet;
  const started = performance.now();
  let printed = 0;
  const onFailure = (f: RecordFailure) => {
    if (printed < MAX_PRINTED_ERRORS) {
      // A validation message names its fields already ("wbc: unit …"); others get the field here.
      const field = f.field !== undefined && !f.message.startsWith(`${f.field}: `) ? `: ${f.field}` : '';
      io.stderr.write(`${progress ? '\r\x1b[K' : ''}${ctx.colors.red('error')}: record ${f.record}${field}: ${f.message}\n`);
    } else if (printed === MAX_PRINTED_ERRORS) {
      io.stderr.write(`… further errors are only in the output\n`);
    }
    printed++;
  };
  let counts: BatchCounts;
  try {
    const batchOptions: EvaluateRecordsOptions = {
      now,
      failFast: options.failFast === true,
      explain: options.explain !== false,
      onFailure,
      ...(progress
        ? {
            progressEvery: 5_000,
            onProgress: (c: BatchCounts) => {
              const s = (performance.now() - started) / 1000;
              io.stderr.write(`\r\x1b[K${c.records.toLocaleString('en-US')} records, ${c.errors} errors, ${Math.round(c.records / Math.max(s, 1e-9)).toLocaleString('en-US')} records/s`);
            },
          }
        : {}),
    };
    if (engineSource !== undefined) counts = await evaluateNdjsonParallel(input!, out, { ...batchOptions, jobs, engineSource });
    else {
      // DuckDB parses NDJSON lines itself: they are not read as records here.
      // VIGIL_DUCKDB_CHECKS=sql: DuckDB parses and checks NDJSON lines itself. Not the default:
      // on the 2-core bench it is slower than the JS checks (packages/sql/README.md, "Speed").
      const lines = options.engine === 'duckdb' && input !== undefined && format === 'ndjson' && envOf(io).VIGIL_DUCKDB_CHECKS === 'sql' ? ndjsonLines(input) : undefined;
      // Parquet on DuckDB: DuckDB reads and checks the typed columns itself (the default: it
      // is faster, packages/sql/README.md "Parquet and CSV"); VIGIL_DUCKDB_CHECKS=js reads every row in JS.
      const parquet = options.engine === 'duckdb' && format === 'parquet' && envOf(io).VIGIL_DUCKDB_CHECKS !== 'js' ? factsPath : undefined;
      const records: AsyncIterable<InputRecord> =
        lines !== undefined || parquet !== undefined ? noRecords() : input === undefined ? parquetRecords(factsPath, new ProgramTables(ir).inputs.map((k) => k.key)) : format === 'ndjson' ? readNdjson(input) : format === 'csv' ? readCsv(input, ir.facts) : readJsonArray(input);
      if (options.engine === 'duckdb' || options.engine === 'postgres') {
        const { evaluateRecordsSql } = await import('../batch/sql.js');
        counts = await evaluateRecordsSql(records, engine!, out, batchOptions, { engine: options.engine, ir, ...(options.db !== undefined ? { db: options.db } : {}), ...(lines ? { lines } : {}), ...(parquet !== undefined ? { parquet } : {}), ...(envOf(io).VIGIL_SQL_LOAD_STATS ? { loadStats: envOf(io).VIGIL_SQL_LOAD_STATS } : {}) });
      } else counts = await evaluateRecords(records, engine!, out, batchOptions);
    }
  } catch (error) {
    // Nothing of a run that did not finish is put in place of --out; on stdout, the records
    // evaluated before the fault are all written (not only those a buffer flush let out).
    if (options.out !== undefined) out.abort();
    else await out.flush().catch(() => undefined);
    if (input && !stdin) input.destroy();
    const nothing = options.out !== undefined ? ` (nothing written to '${options.out}')` : '';
    if (error instanceof RecordsError) {
      io.stderr.write(`${progress ? '\r\x1b[K' : ''}${ctx.colors.red('error')}: ${options.facts}: ${error.message}${nothing}\n`);
      return ExitCode.inputErrors;
    }
    if (error instanceof Error && error.name === 'SqlCompileError') {
      // A rule set the SQL back end cannot run exactly: said before any record is written.
      io.stderr.write(`${ctx.colors.red('error')}: --engine ${options.engine ?? 'js'}: ${error.message}${nothing}\n`);
      return ExitCode.inputErrors;
    }
    if (error instanceof FileWriteError) throw error;
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new FileReadError(options.facts, describeFsError(error), code);
    throw error;
  } finally {
    if (progress) io.stderr.write('\r\x1b[K');
  }
  await out.close();
  const seconds = (performance.now() - started) / 1000;
  if (!options.quiet || counts.errors > 0) io.stderr.write(summaryLine(counts, seconds));
  if (options.failFast && counts.errors > 0) io.stderr.write(`stopped at the first failed record (--fail-fast)\n`);
  return counts.errors > 0 ? ExitCode.inputErrors : ExitCode.ok;
}

/** The records of a run whose engine reads the input's lines itself. */
async function* noRecords(): AsyncGenerator<InputRecord> {}

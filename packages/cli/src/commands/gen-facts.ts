// `vigil gen-facts <paths…> -n N --seed S [--out FILE]`: synthetic patients for a rule set,
// as NDJSON, or (--out x.parquet) as a typed Parquet table of the facts the engine's
// validator gives for each patient (see writeParquet).
import { resolve } from 'node:path';
import type { IrProgram } from '@vigil/core';
import { ExitCode } from '../exit-codes.js';
import { parseNow } from '../now.js';
import { UsageError } from '../io.js';
import { LineWriter } from '../batch/evaluate.js';
import { patientGenerator, planFacts } from '../batch/generate.js';
import { irOrErrors, loadRuleSet, type CommandContext } from './context.js';
import type { Services } from '../services.js';

export interface GenFactsOptions {
  readonly count: string;
  readonly seed: string;
  readonly now?: string;
  readonly missing?: string;
  /** Write here instead of stdout: NDJSON, or a typed Parquet table (.parquet). */
  readonly out?: string;
}

function integer(text: string, what: string, min: number): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${what} must be a whole number (got '${text}')`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`${what} must be at least ${min} (got '${text}')`);
  return n;
}

/** The current UTC day at midnight: the default --now, so a seed gives the same output all day. */
function today(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export async function runGenFacts(paths: readonly string[], options: GenFactsOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const count = integer(options.count, '-n', 0);
  const seed = integer(options.seed, '--seed', 0) >>> 0;
  const now = options.now !== undefined ? parseNow(options.now) : undefined;
  const missing = options.missing === undefined ? 0.05 : Number(options.missing);
  if (!(missing >= 0 && missing <= 1)) throw new UsageError(`--missing must be a fraction between 0 and 1 (got '${options.missing}')`);
  const services = await ctx.services();
  const { check } = loadRuleSet(paths, services, io);
  const ir = irOrErrors(check, ctx);
  if (!ir) return ExitCode.inputErrors;
  const next = patientGenerator(planFacts(ir), { seed, now: now ?? today(), missing });
  if (options.out !== undefined && /\.parquet$/i.test(options.out)) return writeParquet(ir, services, next, count, options.out, ctx);
  const out = options.out !== undefined ? LineWriter.toFile(resolve(io.cwd, options.out), options.out) : new LineWriter(io.stdout);
  try {
    for (let i = 0; i < count; i++) await out.write(`${JSON.stringify(next())}\n`);
  } catch (error) {
    out.abort();
    throw error;
  }
  await out.close();
  return ExitCode.ok;
}

/**
 * The patients as a typed Parquet table: each record's validated facts (the engine's own
 * validator: quantities in the fact's unit, exact; codes normalised; dates as instants).
 * A record the validator refuses cannot be held by typed columns without changing what it
 * stands for: the command stops there, naming the record, and writes nothing. (The
 * generator draws values the engine accepts, so this does not happen with its own plan.)
 */
async function writeParquet(ir: IrProgram, services: Services, next: () => Record<string, unknown>, count: number, target: string, ctx: CommandContext): Promise<number> {
  const { FactsParquetWriter } = await import('@vigil/sql');
  const engine = services.instantiateEngine(ir);
  const out = await FactsParquetWriter.create(ir, resolve(ctx.io.cwd, target));
  try {
    for (let i = 1; i <= count; i++) {
      const v = engine.validateFacts(next());
      const problem = v.ok ? await out.write(v.facts as Record<string, unknown>) : { field: v.issues[0]?.path ?? '', message: v.issues[0]?.message ?? 'invalid facts' };
      if (problem) {
        await out.abort();
        ctx.io.stderr.write(`${ctx.colors.red('error')}: record ${i}: ${problem.field}: ${problem.message}; a typed Parquet table cannot hold it (nothing written to '${target}')\n`);
        return ExitCode.inputErrors;
      }
    }
  } catch (error) {
    await out.abort();
    throw error;
  }
  await out.close();
  return ExitCode.ok;
}

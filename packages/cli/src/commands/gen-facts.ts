// `vigil gen-facts <paths…> -n N --seed S`: synthetic patients for a rule set, as NDJSON.
import { ExitCode } from '../exit-codes.js';
import { parseNow } from '../now.js';
import { UsageError } from '../io.js';
import { LineWriter } from '../batch/evaluate.js';
import { patientGenerator, planFacts } from '../batch/generate.js';
import { irOrErrors, loadRuleSet, type CommandContext } from './context.js';

export interface GenFactsOptions {
  readonly count: string;
  readonly seed: string;
  readonly now?: string;
  readonly missing?: string;
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
  const out = new LineWriter(io.stdout);
  for (let i = 0; i < count; i++) await out.write(`${JSON.stringify(next())}\n`);
  await out.flush();
  return ExitCode.ok;
}

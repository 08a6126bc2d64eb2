// The `run` and `gen-facts` commands on the command line. Their code (and through it the
// language core and the compiler) is imported only when one of them runs.
import { Option, type Command } from 'commander';
import type { CommandContext } from '../commands/context.js';

export const RUN_HELP = `
Records: NDJSON (.ndjson, .jsonl; one JSON object per line), CSV (.csv; a header row of
fact names, quantities as "2100 /uL" cells or a number with a <fact>_unit column, sets
separated by ";", empty cells missing), JSON (.json; an array of objects) or Parquet
(.parquet; a column per fact, read with DuckDB; any --engine).
Each output line is {"record": n, "decisions": […], "notEvaluable": […]} or
{"record": n, "error": {"field": …, "message": …}}. --out x.csv or x.parquet writes the
same records as rows (record, status, json). A summary goes to stderr.

Examples:
  $ vigil run rules/azathioprine --facts patients.ndjson --out decisions.ndjson
  $ vigil run rules/azathioprine --facts clinic.csv --now 2026-03-01T09:00:00Z --quiet
  $ vigil run rules/azathioprine --facts patients.parquet --engine duckdb --out decisions.parquet
  $ vigil gen-facts rules/azathioprine -n 1000 --seed 7 | vigil run rules/azathioprine --facts -

Exit codes: 0 every record evaluated, 1 the rules have errors or a record failed, 2 usage error.
Documentation: packages/cli/docs/batch.md`;

export const GEN_FACTS_HELP = `
Each line is one patient. Quantities are drawn at, just below and just above every
threshold the rules compare them with (sometimes in another accepted unit), dates around
every "… ago" / "within" window before --now, enum and set values from their
declarations and value sets; about 5% of facts are left out. The same seed and --now give
the same output.

--out x.parquet writes them as a typed Parquet table instead: a column per fact input,
holding what the engine's validator gives for each patient (quantities as exact DECIMAL
in the fact's unit, enums, codes and text VARCHAR, sets VARCHAR[], booleans BOOLEAN,
dates and date-times TIMESTAMPTZ, NULL for a missing fact): the input of
vigil run --engine duckdb at population scale. Any other --out is NDJSON.

Examples:
  $ vigil gen-facts rules/azathioprine -n 1000 --seed 42 > patients.ndjson
  $ vigil gen-facts rules/azathioprine -n 1000000 --seed 1 --out patients.parquet
  $ vigil gen-facts rules/azathioprine -n 100000 --seed 1 --now 2026-01-01T00:00:00Z

Exit codes: 0 written, 1 the rule set has errors (or, with --out x.parquet, a record the
validator refuses), 2 usage error.
Documentation: packages/cli/docs/batch.md`;

/** Adds `vigil run` and `vigil gen-facts` to the program; `setExit` receives a command's exit code. */
export function registerBatchCommands(program: Command, ctx: CommandContext, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('evaluate a rule set on every patient of an NDJSON, CSV, JSON or Parquet file (streaming)')
    .argument('<paths...>', 'rule files or directories (one rule set)')
    .requiredOption('--facts <file>', "the patients: .ndjson, .jsonl, .csv, .json (an array) or .parquet; '-' reads NDJSON from stdin")
    .option('-o, --out <file>', 'write the decisions here instead of stdout: NDJSON, or rows of .csv or .parquet')
    .addOption(new Option('--format <format>', 'the format of --facts (default: from its extension)').choices(['ndjson', 'csv', 'json', 'parquet']))
    .option('-q, --quiet', 'no progress line and no summary (errors are still printed)', false)
    .option('--fail-fast', 'stop at the first record that fails validation', false)
    .option('--now <iso>', 'evaluation time for "… ago" and "within" (ISO 8601; default: the start of the run)')
    .option('--no-explain', 'leave out the explanation of each decision (smaller output, faster)')
    .option('-j, --jobs <n>', 'worker threads for NDJSON input (default: the cores, at most 4, for inputs of 1 MB or more; 1: no workers)')
    .addOption(new Option('--engine <engine>', 'evaluate with the JS engine, or the compiled SQL on embedded DuckDB or on PostgreSQL (--db)').choices(['js', 'duckdb', 'postgres']).default('js'))
    .option('--db <url>', 'with --engine postgres: the server, postgres://user@host:port/database')
    .showHelpAfterError("Run 'vigil run --help' for usage and examples.")
    .addHelpText('after', RUN_HELP)
    .action(async (paths: string[], opts: { facts: string; out?: string; format?: 'ndjson' | 'csv' | 'json' | 'parquet'; quiet: boolean; failFast: boolean; now?: string; explain: boolean; jobs?: string; engine: 'js' | 'duckdb' | 'postgres'; db?: string }) => {
      const { runRun } = await import('../commands/run.js');
      const { UsageError } = await import('../io.js');
      if (opts.jobs !== undefined && !/^(?:[1-9]|[1-5][0-9]|6[0-4])$/.test(opts.jobs)) throw new UsageError(`--jobs '${opts.jobs}' is not a whole number from 1 to 64`);
      setExit(
        await runRun(
          paths,
          {
            facts: opts.facts,
            quiet: opts.quiet,
            failFast: opts.failFast,
            explain: opts.explain,
            engine: opts.engine,
            ...(opts.db !== undefined ? { db: opts.db } : {}),
            ...(opts.out !== undefined ? { out: opts.out } : {}),
            ...(opts.now !== undefined ? { now: opts.now } : {}),
            ...(opts.format !== undefined ? { format: opts.format } : {}),
            ...(opts.jobs !== undefined ? { jobs: Number(opts.jobs) } : {}),
          },
          ctx,
        ),
      );
    });

  program
    .command('gen-facts')
    .description('generate seeded synthetic patients (NDJSON) around every threshold of a rule set')
    .argument('<paths...>', 'rule files or directories (one rule set)')
    .option('-n, --count <n>', 'number of patients', '100')
    .option('--seed <seed>', 'seed of the generator (a whole number)', '1')
    .option('--now <iso>', 'dates are drawn before this instant (default: today, 00:00 UTC)')
    .option('--missing <fraction>', 'probability that a fact is left out', '0.05')
    .option('-o, --out <file>', 'write the patients here instead of stdout: NDJSON, or a typed Parquet table (.parquet)')
    .showHelpAfterError("Run 'vigil gen-facts --help' for usage and examples.")
    .addHelpText('after', GEN_FACTS_HELP)
    .action(async (paths: string[], opts: { count: string; seed: string; now?: string; missing: string; out?: string }) => {
      const { runGenFacts } = await import('../commands/gen-facts.js');
      setExit(await runGenFacts(paths, { count: opts.count, seed: opts.seed, missing: opts.missing, ...(opts.now !== undefined ? { now: opts.now } : {}), ...(opts.out !== undefined ? { out: opts.out } : {}) }, ctx));
    });
}

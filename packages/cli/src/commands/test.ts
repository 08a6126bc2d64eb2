// `vigil test [paths…]`: run rule-set fixtures (`*.cases.yaml`) and report, like `opa test`.
//
//   vigil test rules/azathioprine
//   vigil test --filter TPMT --reporter junit > junit.xml
//   vigil test rules --coverage --min-coverage 80
//   vigil test rules/azathioprine --update        # record `snapshot` cases
//   vigil test rules/azathioprine --watch
//   vigil test rules/azathioprine --suggest       # write cases for untested branches
//
// The harness is imported when the command runs, so that `vigil --help` stays fast.
import { Command as CommanderCommand, Option, type Command } from 'commander';
import { INPUT_LIMITS, readRegularFile, readRuleFile, SourceText } from '@vigil/core';
import type { TestReport } from '@vigil/harness';
import { ExitCode } from '../exit-codes.js';
import { nowOption } from '../now.js';
import { UsageError } from '../io.js';
import { renderDiagnostic, type SourceLookup } from '../render/code-frame.js';
import type { CommandContext } from './context.js';

export const TEST_REPORTERS = ['text', 'json', 'junit'] as const;
export type TestReporter = (typeof TEST_REPORTERS)[number];

export interface TestOptions {
  readonly filter?: string;
  readonly watch?: boolean;
  readonly reporter?: TestReporter;
  readonly update?: boolean;
  readonly coverage?: boolean;
  /** A percentage, as typed. */
  readonly minCoverage?: string;
  readonly now?: string;
  /** Write cases for unexercised condition outcomes: `true` for the default file, or a path. */
  readonly suggest?: boolean | string;
  /** Watch mode ends when this aborts (tests); otherwise on SIGINT. */
  readonly signal?: AbortSignal;
}

export const TEST_HELP = `
Fixtures are YAML files named *.cases.yaml beside their rules, in rules/<set>/tests/.
A path is a directory (every *.cases.yaml below it), a fixture file, or a .vigil file
(the fixtures of its rule set); the default is the current directory.

Examples:
  $ vigil test rules/azathioprine
  $ vigil test --filter "TPMT"                       # cases whose name or rule id matches
  $ vigil test --filter "/^AZA-(PRE|DOSE)-/"
  $ vigil test rules --reporter junit > junit.xml
  $ vigil test rules --coverage --min-coverage 80
  $ vigil test rules/azathioprine --update           # record snapshot cases
  $ vigil test rules/azathioprine --watch
  $ vigil test rules/azathioprine --suggest          # cases for branches no case exercises

--suggest adds, for every condition outcome (a comparison seen true, or false) that no case
exercises, a case whose facts give it that outcome and that expects the decisions the rules
give now, to <set>/tests/suggested.cases.yaml (or the file given). Review them before keeping.
The text report ends with "N passed, N failed" (", N errors" when some cases cannot run).
Exit codes: 0 every case passed, 1 a case failed or could not run (or coverage is below
--min-coverage), 2 usage error.
Documentation: packages/harness/docs/fixtures.md`;

/** Adds `vigil test` to the program; `setExit` receives the command's exit code. */
export function registerTestCommand(program: Command, ctx: CommandContext, setExit: (code: number) => void): void {
  configureTestCommand(program.command('test'), ctx, setExit);
}

/** The `test` command on its own (for embedding and tests); parse it without the leading `test`. */
export function createTestCommand(ctx: CommandContext, setExit: (code: number) => void): Command {
  return configureTestCommand(new CommanderCommand('test'), ctx, setExit);
}

function configureTestCommand(command: Command, ctx: CommandContext, setExit: (code: number) => void): Command {
  return command
    .description('run the fixtures (*.cases.yaml) of rule sets and report passed, failed and errors')
    .argument('[paths...]', 'fixture files, directories holding them, or rule files (default: .)')
    .option('--filter <pattern>', 'only cases whose name or expected rule id contains this, or matches /regex/')
    .addOption(new Option('-r, --reporter <reporter>', 'output format').choices([...TEST_REPORTERS]).default('text'))
    .option('-u, --update', 'write the actual decisions into snapshot cases', false)
    .option('--coverage', 'report rule and condition coverage', false)
    .option('--min-coverage <percent>', 'fail when condition (branch) coverage is below this percentage')
    .option('--now <iso>', 'evaluation time of cases without as_of (ISO 8601; default: now)')
    .option('-w, --watch', 're-run when a rule or fixture file changes', false)
    .option('--suggest [file]', 'add a case for every untested condition outcome to FILE (default: <set>/tests/suggested.cases.yaml)')
    .showHelpAfterError("Run 'vigil test --help' for usage and examples.")
    .addHelpText('after', TEST_HELP)
    .action(async (paths: string[], opts: { filter?: string; reporter: TestReporter; update: boolean; coverage: boolean; minCoverage?: string; now?: string; watch: boolean; suggest?: boolean | string }) => {
      setExit(
        await runTest(
          paths,
          {
            reporter: opts.reporter,
            update: opts.update,
            coverage: opts.coverage,
            watch: opts.watch,
            ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
            ...(opts.minCoverage !== undefined ? { minCoverage: opts.minCoverage } : {}),
            ...(opts.now !== undefined ? { now: opts.now } : {}),
            ...(opts.suggest !== undefined ? { suggest: opts.suggest } : {}),
          },
          ctx,
        ),
      );
    });
}

function parseMinCoverage(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.trim().replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--min-coverage '${text}' is not a percentage between 0 and 100`);
  return n;
}

function fileLookup(): SourceLookup {
  const cache = new Map<string, SourceText | undefined>();
  return (uri) => {
    if (!cache.has(uri)) {
      // Only regular files, through the core's readers: a FIFO or device named in a
      // diagnostic must not block the report.
      if (uri.endsWith('.vigil')) {
        const read = readRuleFile(uri);
        cache.set(uri, read.ok ? new SourceText(uri, read.text) : undefined);
      } else {
        try {
          cache.set(uri, new SourceText(uri, readRegularFile(uri, { maxBytes: INPUT_LIMITS.fixtureFileBytes, what: 'a fixture file' })));
        } catch {
          cache.set(uri, undefined);
        }
      }
    }
    return cache.get(uri);
  };
}

export async function runTest(paths: readonly string[], options: TestOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const reporter = options.reporter ?? 'text';
  if (!(TEST_REPORTERS as readonly string[]).includes(reporter)) throw new UsageError(`--reporter '${reporter}' is not one of ${TEST_REPORTERS.join(', ')}`);
  const minCoverage = parseMinCoverage(options.minCoverage);
  const now = nowOption(options.now);
  if (options.suggest !== undefined && options.suggest !== false && options.watch) throw new UsageError('--suggest writes files once; it cannot be combined with --watch');
  if (options.suggest === '') throw new UsageError('--suggest needs a file name, or no value for the default file');
  const harness = await import('@vigil/harness');

  const runOptions = {
    paths: paths.length > 0 ? paths : ['.'],
    cwd: io.cwd,
    update: options.update === true,
    coverage: options.coverage === true,
    ...(minCoverage !== undefined ? { minCoverage } : {}),
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
    ...(now !== undefined ? { now } : {}),
    ...(options.suggest !== undefined && options.suggest !== false ? { suggest: options.suggest } : {}),
  };

  const render = (report: TestReport): string => {
    if (reporter === 'json') return harness.renderJson(report, io.cwd);
    if (reporter === 'junit') return harness.renderJUnit(report, io.cwd);
    const lookup = fileLookup();
    return harness.renderText(report, {
      cwd: io.cwd,
      colors: ctx.colors,
      renderDiagnostic: (d) => renderDiagnostic(d, lookup, { cwd: io.cwd, colors: ctx.colors }),
    });
  };
  const exitCodeOf = (report: TestReport): number => {
    if (report.files.length === 0) return ExitCode.inputErrors;
    if (report.totals.cases === 0 && report.totals.filteredOut > 0) return ExitCode.inputErrors;
    // Suggested cases that could not be written: the command did not do what it was asked.
    if (report.suggestions?.some((s) => s.error !== undefined)) return ExitCode.inputErrors;
    return report.ok ? ExitCode.ok : ExitCode.inputErrors;
  };
  const explain = (report: TestReport): void => {
    if (reporter === 'text') return; // the text report says it itself
    if (report.files.length === 0) io.stderr.write(`no fixture files (*.cases.yaml) found in ${runOptions.paths.map((p) => `'${p}'`).join(', ')}\n`);
    else if (report.totals.cases === 0 && report.totals.filteredOut > 0) io.stderr.write(`no case matches --filter '${options.filter ?? ''}'\n`);
    else io.stderr.write(`${harness.summaryLine(report)}\n`);
  };

  if (!options.watch) {
    let report: TestReport;
    try {
      report = await harness.runTests(runOptions);
    } catch (error) {
      if (error instanceof harness.HarnessUsageError) throw new UsageError(error.message);
      throw error;
    }
    io.stdout.write(render(report));
    explain(report);
    return exitCodeOf(report);
  }

  // Watch mode: a first run (a usage error there ends the command), then a run per change.
  try {
    harness.compileFilter(options.filter);
  } catch (error) {
    if (error instanceof harness.HarnessUsageError) throw new UsageError(error.message);
    throw error;
  }
  const { missing } = harness.findFixtureFiles(runOptions.paths, io.cwd);
  if (missing.length > 0) throw new UsageError(`cannot read '${missing[0]}': no such file or directory`);
  let last: number = ExitCode.ok;
  await new Promise<void>((resolve) => {
    const watcher = harness.watchTests({
      ...runOptions,
      onReport: (report, trigger) => {
        if (trigger.length > 0) io.stdout.write(`\n${ctx.colors.gray(`changed: ${trigger.map((t) => t.slice(io.cwd.length + 1) || t).join(', ')}; running again`)}\n\n`);
        io.stdout.write(render(report));
        explain(report);
        last = exitCodeOf(report);
        if (reporter === 'text') io.stdout.write(ctx.colors.gray('Watching for changes (Ctrl-C to stop).\n'));
      },
      onError: (error) => io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`),
    });
    const stop = () => {
      watcher.close();
      process.off('SIGINT', stop);
      resolve();
    };
    if (options.signal) {
      if (options.signal.aborted) stop();
      else options.signal.addEventListener('abort', stop, { once: true });
    } else process.once('SIGINT', stop);
  });
  return last;
}

// The `vigil` command line: argument parsing, dispatch, and the exit-code contract.
// `main` takes its arguments and environment as values so tests run it in-process.
import { Command, CommanderError, Option } from 'commander';
import { FileReadError, FileWriteError } from '@vigil/core';
import pkg from '../package.json' with { type: 'json' };
import type { CheckFormat } from './commands/check.js';
import type { CompileTarget } from './commands/compile.js';
import type { CommandContext } from './commands/context.js';
import { registerBatchCommands } from './batch/register.js';
import { registerTestCommand } from './commands/test.js';
import { ExitCode } from './exit-codes.js';
import { colorsFor, envOf, escapingIo, UsageError, useColors, type CliIo } from './io.js';
import type { Services } from './services.js';

// The commands, and through them the language core and the compiler, are imported when a
// command runs, so that `--help`, `--version` and usage errors answer at once.

export const VERSION: string = pkg.version;

const EXAMPLES = {
  root: `
Examples:
  $ vigil check rules/azathioprine
  $ vigil check rules/azathioprine --format sarif > vigil.sarif
  $ vigil compile rules/azathioprine --target js --out build/engine
  $ vigil eval rules/azathioprine --facts patients/p1.yaml
  $ vigil eval rules/azathioprine --expr "wbc < 3.5 10*9/L" --facts patients/p1.yaml

Exit codes: 0 success, 1 the input has errors, 2 usage error (3: a bug in vigil).
Documentation: packages/cli/docs/cli.md`,
  check: `
A directory stands for every .vigil file below it; all paths form one rule set.

Examples:
  $ vigil check rules/azathioprine
  $ vigil check rules/azathioprine/main.vigil --strict
  $ vigil check rules/azathioprine --format json | jq '.summary'
  $ vigil check rules/azathioprine --format sarif > vigil.sarif

Exit codes: 0 no errors (with --strict: no errors or warnings), 1 otherwise, 2 usage error.`,
  compile: `
--target js writes engine.js (an ES module), engine.d.ts and facts.schema.js;
--target ir writes ruleset.ir.json; --target package an npm package (engine as ESM and
CommonJS with types, factsFromFhir, the CDS Hooks service, README); --target sql
schema.sql and evaluate.sql (--explain: with each fired rule's explanation). Nothing is
written when the rule set has errors.

Examples:
  $ vigil compile rules/azathioprine --out build/aza
  $ vigil compile rules/azathioprine --target ir --out build/aza
  $ vigil compile rules/azathioprine --target package --out build/aza-pkg && (cd build/aza-pkg && npm pack)
  $ vigil compile rules/azathioprine --target sql --dialect postgres --explain --out build/aza-sql

Exit codes: 0 written, 1 the rule set has errors, 2 usage error.`,
  eval: `
Facts files are JSON (.json) or YAML (.yaml, .yml): a mapping from fact names to values,
e.g.  tpmt: intermediate   wbc: "3.1 10*9/L"   medications: [allopurinol]

Examples:
  $ vigil eval rules/azathioprine --facts patients/p1.yaml
  $ vigil eval rules/azathioprine --facts patients/p1.json --now 2025-03-01T09:00:00Z
  $ vigil eval rules/azathioprine --facts patients/p1.yaml --json
  $ vigil eval rules/azathioprine --expr "tpmt in { low, absent }" --facts patients/p1.yaml
  $ vigil eval rules/azathioprine --expr "cytopenia or wbc is missing"
  $ vigil eval --expr "2500 /uL = 2.5 10*9/L"                 # no rule set: literals only
  $ vigil eval rules/azathioprine --fhir rules/azathioprine/fhir/tpmt-absent.json --now 2026-12-01T09:00:00Z

Exit codes: 0 evaluated, 1 the rules or facts have errors, 2 usage error.`,
  fmt: `
A directory stands for every .vigil file below it; no path means the current directory.
The layout is fixed: there are no options. Comments are kept. Files with syntax errors
are never rewritten.

Examples:
  $ vigil fmt rules/azathioprine
  $ vigil fmt --check rules/azathioprine     # in CI: list unformatted files, exit 1

Exit codes: 0 all formatted, 1 unformatted files (with --check) or syntax errors, 2 usage error.`,
  lsp: `
Speaks the Language Server Protocol on stdin/stdout; editors start it for .vigil files.

Example (neovim):
  vim.lsp.start({ name = 'vigil', cmd = { 'vigil', 'lsp' }, root_dir = vim.fn.getcwd() })`,
};

function createServicesAccessor(injected: Services | undefined): () => Promise<Services> {
  let cached: Promise<Services> | undefined;
  return () => {
    if (injected) return Promise.resolve(injected);
    // `check` needs no compiler: a compiler that cannot be loaded fails only the commands that use it.
    cached ??= import('./services.js').then(({ defaultServices }) => defaultServices());
    return cached;
  };
}

/** Runs `vigil` with `argv` (without the node and script paths); resolves to the exit code. */
export async function main(argv: readonly string[], rawIo: CliIo, services?: Services): Promise<number> {
  // Every byte of output passes core's escapeControls: rule text, facts and fixture names never reach the terminal raw.
  const io = escapingIo(rawIo);
  const colors = colorsFor(io);
  const colored = useColors(io);
  const ctx: CommandContext = { io, colors, services: createServicesAccessor(services), version: VERSION };
  let exitCode: number = ExitCode.ok;

  const program = new Command('vigil');
  program
    .description('Check, compile and evaluate Vigil clinical decision rules.')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(colored ? colors.red(s) : s),
      getOutHelpWidth: () => 100,
      getErrHelpWidth: () => 100,
      getOutHasColors: () => colored,
      getErrHasColors: () => colored,
    })
    .exitOverride()
    .version(`vigil ${VERSION}`, '-v, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError("Run 'vigil --help' for the commands.")
    .addHelpText('after', EXAMPLES.root);

  program
    .command('check')
    .description('report syntax, name, type, unit and logic problems in a rule set')
    .argument('<paths...>', 'rule files or directories (one rule set)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif'] satisfies CheckFormat[]).default('text'))
    .option('--strict', 'fail (exit 1) on warnings as well as errors', false)
    .showHelpAfterError("Run 'vigil check --help' for usage and examples.")
    .addHelpText('after', EXAMPLES.check)
    .action(async (paths: string[], opts: { format: CheckFormat; strict: boolean }) => {
      const { runCheck } = await import('./commands/check.js');
      exitCode = await runCheck(paths, { format: opts.format, strict: opts.strict }, ctx);
    });

  program
    .command('compile')
    .description('generate a JavaScript engine or the IR of a rule set')
    .argument('<paths...>', 'rule files or directories (one rule set)')
    .addOption(new Option('-t, --target <target>', 'what to generate').choices(['js', 'ir', 'package', 'sql'] satisfies CompileTarget[]).default('js'))
    .requiredOption('-o, --out <dir>', 'output directory (created if needed)')
    .option('--name <name>', 'with --target package: the npm package name (default vigil-engine-<ruleset>)')
    .option('--bindings <file>', 'with --target package: the FHIR bindings file (default: fhir-bindings.yaml beside the rules, if any)')
    .addOption(new Option('--dialect <dialect>', 'with --target sql: the SQL engine').choices(['duckdb', 'postgres']))
    .option('--explain', 'with --target sql: the outcome rows carry each fired rule\'s explanation (explanation_atoms, explanation, dose_calculation)')
    .showHelpAfterError("Run 'vigil compile --help' for usage and examples.")
    .addHelpText('after', EXAMPLES.compile)
    .action(async (paths: string[], opts: { target: CompileTarget; out: string; name?: string; bindings?: string; dialect?: string; explain?: boolean }) => {
      const { runCompile } = await import('./commands/compile.js');
      exitCode = await runCompile(
        paths,
        {
          target: opts.target,
          out: opts.out,
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.bindings !== undefined ? { bindings: opts.bindings } : {}),
          ...(opts.dialect !== undefined ? { dialect: opts.dialect } : {}),
          ...(opts.explain === true ? { explain: true } : {}),
        },
        ctx,
      );
    });

  program
    .command('eval')
    .description("evaluate a rule set on one patient's facts, or one expression")
    .argument('[paths...]', 'rule files or directories (one rule set); none for an expression on literals')
    .option('--facts <file>', 'the patient: a .json, .yaml or .yml file of fact values')
    .option('--now <iso>', 'evaluation time for "… ago" and "within" (ISO 8601; default: now)')
    .option('--expr <expression>', 'evaluate this condition instead of the rules')
    .option('--fhir <file>', "read the patient's facts from a FHIR R4 Bundle (JSON) through the rule set's fhir-bindings.yaml")
    .option('--bindings <file>', 'the FHIR bindings file (default: fhir-bindings.yaml beside the rules)')
    .option('--patient <id>', 'with --fhir: the Patient id to read (default: the Bundle\'s only Patient)')
    .option('--json', 'print the result as JSON', false)
    .showHelpAfterError("Run 'vigil eval --help' for usage and examples.")
    .addHelpText('after', EXAMPLES.eval)
    .action(async (paths: string[], opts: { facts?: string; now?: string; expr?: string; json: boolean; fhir?: string; bindings?: string; patient?: string }) => {
      const { runEval } = await import('./commands/eval.js');
      exitCode = await runEval(
        paths,
        {
          json: opts.json,
          ...(opts.facts !== undefined ? { facts: opts.facts } : {}),
          ...(opts.now !== undefined ? { now: opts.now } : {}),
          ...(opts.expr !== undefined ? { expr: opts.expr } : {}),
          ...(opts.fhir !== undefined ? { fhir: opts.fhir } : {}),
          ...(opts.bindings !== undefined ? { bindings: opts.bindings } : {}),
          ...(opts.patient !== undefined ? { patient: opts.patient } : {}),
        },
        ctx,
      );
    });

  program
    .command('diff')
    .description('show what changes for patients between two versions of a rule set')
    .argument('[paths...]', 'OLD NEW (rule files or directories); with --git, the paths to compare (default: .)')
    .option('--git <rev>', 'compare the rules at this git revision with the working tree')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--fail-on-change', 'exit 1 when some patient is decided differently', false)
    .option('--accept <file>', 'exit 1 unless every change is acknowledged by its id in this file (a sign-off for CI)')
    .option('--now <iso>', 'evaluation time for "… ago" and "within" (ISO 8601; default: today, midnight UTC)')
    .showHelpAfterError("Run 'vigil diff --help' for usage and examples.")
    .addHelpText(
      'after',
      `
Examples:
  $ vigil diff rules/azathioprine-1.0 rules/azathioprine
  $ vigil diff --git HEAD~1 rules/azathioprine --format markdown > diff.md
  $ vigil diff --git origin/main rules --fail-on-change
  $ vigil diff --git origin/main rules --format markdown --accept rules/ACCEPTED-CHANGES.md

Exit codes: 0 compared, 1 a side has errors (or behaviour changed, with --fail-on-change; or a change not acknowledged, with --accept), 2 usage error.
Documentation: packages/diff/docs/diff.md`,
    )
    .action(async (paths: string[], opts: { git?: string; format: 'text' | 'markdown' | 'json'; failOnChange: boolean; now?: string; accept?: string }) => {
      const { runDiff } = await import('./commands/diff.js');
      exitCode = await runDiff(
        paths,
        {
          format: opts.format,
          failOnChange: opts.failOnChange,
          ...(opts.git !== undefined ? { git: opts.git } : {}),
          ...(opts.now !== undefined ? { now: opts.now } : {}),
          ...(opts.accept !== undefined ? { accept: opts.accept } : {}),
        },
        ctx,
      );
    });

  program
    .command('serve')
    .description('run the rule set as a CDS Hooks 2.0 service (facts from FHIR through fhir-bindings.yaml)')
    .argument('<paths...>', 'rule files or directories (one rule set)')
    .option('-p, --port <port>', 'port to listen on (default 3000, or the configuration\'s)')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--config <file>', 'service configuration: publicUrl, security (JWT issuers), feedbackLog, cors, limits')
    .option('--bindings <file>', 'the FHIR bindings file (default: fhir-bindings.yaml beside the rules)')
    .showHelpAfterError("Run 'vigil serve --help' for usage and examples.")
    .addHelpText(
      'after',
      `
Examples:
  $ vigil serve rules/azathioprine
  $ vigil serve rules/azathioprine --port 8080 --config cds.yaml

Stops on SIGINT or SIGTERM. Exit codes: 0 stopped, 1 the rules, bindings or configuration have errors, 2 usage error.
Documentation: packages/cds-hooks/docs/service.md`,
    )
    .action(async (paths: string[], opts: { port?: string; host?: string; config?: string; bindings?: string }) => {
      const { runServe } = await import('./commands/serve.js');
      exitCode = await runServe(paths, opts, ctx);
    });

  registerBatchCommands(program, ctx, (code) => (exitCode = code));
  registerTestCommand(program, ctx, (code) => (exitCode = code));

  program
    .command('fmt')
    .description('rewrite rule files in the canonical layout (or list those that are not, with --check)')
    .argument('[paths...]', 'rule files or directories (default: the current directory)')
    .option('--check', 'change nothing; list unformatted files and exit 1 if there are any', false)
    .showHelpAfterError("Run 'vigil fmt --help' for usage and examples.")
    .addHelpText('after', EXAMPLES.fmt)
    .action(async (paths: string[], opts: { check: boolean }) => {
      const { runFmt } = await import('./commands/fmt.js');
      exitCode = await runFmt(paths, { check: opts.check }, ctx);
    });

  program
    .command('lsp')
    .description('run the language server on stdin/stdout (for editors)')
    .option('--stdio', 'use stdin/stdout (the default and only transport)')
    .addHelpText('after', EXAMPLES.lsp)
    .action(async () => {
      const { runLsp } = await import('./commands/lsp.js');
      exitCode = await runLsp(ctx);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse failure is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
      if (error.code === 'commander.help' && error.exitCode === 0) return ExitCode.ok;
      return ExitCode.usage;
    }
    if (error instanceof UsageError || error instanceof FileReadError || error instanceof FileWriteError) {
      io.stderr.write(`${colors.red('error')}: ${error.message}\n`);
      return ExitCode.usage;
    }
    const debug = envOf(io).VIGIL_DEBUG;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${colors.red('vigil: internal error')}: ${message}\n`);
    if (debug !== undefined && debug !== '' && debug !== '0') {
      io.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
    } else {
      io.stderr.write('Set VIGIL_DEBUG=1 to print the stack trace.\n');
    }
    return ExitCode.internal;
  }
}

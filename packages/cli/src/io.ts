// The CLI's view of its environment, so that tests can run `main` in-process.
import { statSync } from 'node:fs';
import { describeFileError, INPUT_LIMITS, readRegularFile } from '@vigil/core';
import { resolve } from 'node:path';
import pc from 'picocolors';
import { escapeControls } from '@vigil/core';

export interface TextSink {
  write(chunk: string): unknown;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** The directory relative paths are resolved against and printed relative to. */
  readonly cwd: string;
  /** Whether stdout is a terminal (colours are used only then, unless FORCE_COLOR / NO_COLOR say otherwise). */
  readonly isTTY: boolean;
  /** Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type Colors = ReturnType<typeof pc.createColors>;

/** A wrong command line: reported in one line, exit code 2, never with a stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function envOf(io: CliIo): Readonly<Record<string, string | undefined>> {
  return io.env ?? process.env;
}

/** Colours on a TTY; `NO_COLOR` turns them off and `FORCE_COLOR` (other than `0`) on, as picocolors does. */
export function useColors(io: CliIo): boolean {
  const env = envOf(io);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return io.isTTY && env.TERM !== 'dumb';
}

/**
 * The sink with every write passed through core's `escapeControls`: the one place all
 * command output (diagnostics, decisions, test and diff reports, JSON) is made safe for a
 * terminal. Colour sequences pass only when colours are on; other methods (`once`, `end`,
 * `on`) reach the sink itself.
 */
export function escapingSink<T extends TextSink>(sink: T, keepColours: boolean): T {
  return new Proxy(sink, {
    get(target, prop) {
      if (prop === 'write') return (chunk: unknown, ...rest: unknown[]) => (target.write as (...a: unknown[]) => unknown)(typeof chunk === 'string' ? escapeControls(chunk, { keepColours }) : chunk, ...rest);
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The io with both output sinks escaping control characters. */
export function escapingIo(io: CliIo): CliIo {
  const keepColours = useColors(io);
  return { ...io, stdout: escapingSink(io.stdout, keepColours), stderr: escapingSink(io.stderr, keepColours) };
}

export function colorsFor(io: CliIo): Colors {
  return pc.createColors(useColors(io));
}

export { displayPath, uriToPath } from '@vigil/core';

/** Resolves the command-line paths and checks they exist; a missing one is a usage error. */
export function resolveInputPaths(paths: readonly string[], cwd: string): string[] {
  return paths.map((p) => {
    const abs = resolve(cwd, p);
    try {
      statSync(abs);
    } catch (error) {
      throw new UsageError(`cannot read '${p}': ${describeFsError(error)}`);
    }
    return abs;
  });
}

/**
 * Reads a facts file named on the command line: a regular file of at most
 * INPUT_LIMITS.factsFileBytes (a FIFO or a device is refused, never waited on). Failure
 * throws FileReadError (a usage error, exit 2).
 */
export function readInputFile(path: string, cwd: string): { path: string; text: string } {
  const abs = resolve(cwd, path);
  return { path: abs, text: readRegularFile(abs, { maxBytes: INPUT_LIMITS.factsFileBytes, what: 'a facts file', shown: path }) };
}

/** A file-system error in words (`permission denied`, `it is a directory`, …). */
export function describeFsError(error: unknown): string {
  return describeFileError(error);
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

// `vigil diff OLD NEW` and `vigil diff --git REV [paths…]`: what changes for patients
// between two versions of a rule set (see packages/diff/docs/diff.md).
import { runDiffCommand, type DiffFormat } from '@vigil/diff';
import { useColors } from '../io.js';
import { nowOption } from '../now.js';
import type { CommandContext } from './context.js';

export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const satisfies readonly DiffFormat[];

export interface DiffOptions {
  readonly format: DiffFormat;
  readonly git?: string;
  readonly failOnChange: boolean;
  readonly now?: string;
  readonly maxCells?: number;
  readonly accept?: string;
}

export async function runDiff(paths: readonly string[], options: DiffOptions, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const now = nowOption(options.now);
  return runDiffCommand(
    paths,
    {
      format: options.format,
      failOnChange: options.failOnChange,
      ...(options.git !== undefined ? { git: options.git } : {}),
      ...(now !== undefined ? { now } : {}),
      ...(options.maxCells !== undefined ? { maxCells: options.maxCells } : {}),
      ...(options.accept !== undefined ? { accept: options.accept } : {}),
    },
    { stdout: io.stdout, stderr: io.stderr, cwd: io.cwd, colors: useColors(io) },
  );
}

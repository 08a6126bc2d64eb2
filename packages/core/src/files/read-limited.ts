// Reading input files (facts, fixtures) safely: only regular files are read (a FIFO would
// block, /dev/zero would never end), and never more than a stated size, so that no input
// can hang a command or grow its memory without bound.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { describeFileError } from './file-errors.js';

/** The size limits on inputs; documented in packages/cli/docs/cli.md ("Limits"). */
export const INPUT_LIMITS = {
  /** A facts file for `eval` (JSON or YAML): one patient. */
  factsFileBytes: 4 * 1024 * 1024,
  /** One record of a batch input: an NDJSON line, a CSV row, an element of a JSON array (characters). */
  recordChars: 4 * 1024 * 1024,
  /** A fixture file (`*.cases.yaml`, shared facts). */
  fixtureFileBytes: 16 * 1024 * 1024,
  /** Nesting of lists and objects in facts (JSON or YAML). */
  factsDepth: 64,
} as const;

/** A file that could not be read: the path as given and why, in words. */
export class FileReadError extends Error {
  override readonly name = 'FileReadError';
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`cannot read '${path}': ${reason}`);
  }
}

function mib(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes.toLocaleString('en-US')} bytes`;
  const m = bytes / (1024 * 1024);
  return `${Number.isInteger(m) ? m : m.toFixed(1)} MiB`;
}

/** What a non-regular file is, for the message. */
function kindOf(stats: ReturnType<typeof fstatSync>): string {
  if (stats.isDirectory()) return 'it is a directory';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device, not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  return 'it is not a regular file';
}

/**
 * Opens a regular file for reading and returns its descriptor. Opening does not block on a
 * FIFO (O_NONBLOCK), which is then refused like any other file that is not regular.
 * `hint` is added to the refusal of a non-regular file (e.g. "use --facts - for a pipe").
 */
export function openRegularFile(path: string, shown = path, hint = ''): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new FileReadError(shown, describeFileError(error), (error as NodeJS.ErrnoException).code);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new FileReadError(shown, `${kindOf(stats)}${hint}`, 'ENOTREG');
    return { fd, size: stats.size };
  } catch (error) {
    closeSync(fd);
    if (error instanceof FileReadError) throw error;
    throw new FileReadError(shown, describeFileError(error), (error as NodeJS.ErrnoException).code);
  }
}

/**
 * The text of a regular file of at most `maxBytes` (UTF-8, a leading byte-order mark
 * dropped unless `keepBom`, as the formatter keeps it). `what` names the kind of file in the size message ("a facts file").
 */
export function readRegularFile(path: string, options: { maxBytes: number; what: string; shown?: string; hint?: string; keepBom?: boolean }): string {
  const shown = options.shown ?? path;
  const { fd, size } = openRegularFile(path, shown, options.hint);
  try {
    const tooBig = () => new FileReadError(shown, `it is larger than ${mib(options.maxBytes)}, the limit for ${options.what}`, 'EFBIG');
    if (size > options.maxBytes) throw tooBig();
    // Read to the end, not to the size first seen: the file may be growing.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, options.maxBytes + 1 - total) || 1);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > options.maxBytes) throw tooBig();
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    const text = Buffer.concat(chunks, total).toString('utf8');
    return !options.keepBom && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    throw new FileReadError(shown, describeFileError(error), (error as NodeJS.ErrnoException).code);
  } finally {
    closeSync(fd);
  }
}

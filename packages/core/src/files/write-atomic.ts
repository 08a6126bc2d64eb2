// Every file the toolchain writes goes through here: the bytes go to a temporary file in
// the target's own directory, which is renamed over the target only once it is complete,
// so an interrupted or failed write never leaves a truncated file that looks finished.
// The temporary file is removed on failure, on exit and on SIGINT/SIGTERM/SIGHUP.
//
// A target that exists and is not a regular file (/dev/null, /dev/stdout, a FIFO) is
// written in place: renaming over a device is never what was meant.
import {
  closeSync,
  createWriteStream,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
  type WriteStream,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describeFileError } from './file-errors.js';

/** A file that could not be written: the path as given and why, in words. */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`cannot write '${path}': ${reason}`);
  }
}

// ---------------------------------------------------------------- temporary files

const live = new Set<string>();
let hooked = false;

function removeLive(): void {
  for (const temp of live) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** Removes temporary files when the process ends, however it ends (short of SIGKILL). */
function hookProcess(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', removeLive);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      removeLive();
      // With no other listener the signal's default action (ending the process) was
      // suppressed by ours: remove ours and raise the signal again.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function unlinkQuietly(path: string): void {
  live.delete(path);
  try {
    unlinkSync(path);
  } catch {
    // never created, or already gone
  }
}

// ---------------------------------------------------------------- targets

interface Target {
  /** The path as given (for messages). */
  readonly shown: string;
  /** Where the bytes go: the path, or the file a symbolic link at it points to. */
  readonly path: string;
  /** The existing file at `path`, if any. */
  readonly existing: Stats | undefined;
}

function targetOf(path: string, shown: string): Target {
  const abs = resolve(path);
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new FileWriteError(shown, describeFileError(error), code);
    // A link to nothing yet: write the file it names.
    try {
      if (lstatSync(abs).isSymbolicLink()) real = resolve(dirname(abs), readlinkSync(abs, 'utf8'));
    } catch {
      // nothing there: a new file
    }
  }
  let existing: Stats | undefined;
  try {
    existing = statSync(real);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw new FileWriteError(shown, 'it is a directory', 'EISDIR');
  return { shown, path: real, existing };
}


function fail(target: Target, error: unknown): never {
  if (error instanceof FileWriteError) throw error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  // ENOENT on creating a file in a directory: the directory is what is missing.
  const reason = code === 'ENOENT' ? `the directory '${dirname(target.shown)}' does not exist` : describeFileError(error);
  throw new FileWriteError(target.shown, reason, code);
}

/** Whether writing `target` replaces a regular file (or creates one) through a temporary file. */
function viaTemp(target: Target): boolean {
  return target.existing === undefined || target.existing.isFile();
}

// ---------------------------------------------------------------- same file

/** The identity of an existing file (device and inode), or undefined when there is none. */
function identity(path: string | number): string | undefined {
  try {
    const s = typeof path === 'number' ? fstatSync(path) : statSync(path);
    if (!s.isFile()) return undefined;
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Throws when `output` is one of `inputs` (the same device and inode: through a symbolic
 * link, a hard link or `x/../name` too), so that writing it can never destroy what is read.
 * An input given as a number is an open descriptor (0: standard input). Only regular
 * files are compared: writing /dev/null while reading it is harmless.
 */
export function refuseOverwritingInput(output: string, shownOutput: string, inputs: readonly { readonly path: string | number; readonly shown: string }[]): void {
  const out = identity(output);
  if (out === undefined) return;
  for (const input of inputs) {
    if (identity(input.path) === out) {
      throw new FileWriteError(shownOutput, `it is the input file '${input.shown}'; write the output to another file`, 'ESAMEFILE');
    }
  }
}

// ---------------------------------------------------------------- whole files

export interface AtomicFile {
  readonly path: string;
  readonly data: string | Uint8Array;
  /** How the path is named in messages (default: the path). */
  readonly shown?: string;
}

interface Prepared {
  readonly target: Target;
  readonly temp: string | undefined;
}

function prepare(file: AtomicFile): Prepared {
  const target = targetOf(file.path, file.shown ?? file.path);
  if (!viaTemp(target)) {
    // A device or FIFO: written in place, now.
    let fd: number | undefined;
    try {
      fd = openSync(target.path, 'w');
      writeAll(fd, file.data);
    } catch (error) {
      fail(target, error);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    return { target, temp: undefined };
  }
  hookProcess();
  const temp = tempPathFor(target.path);
  live.add(temp);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o666);
    if (target.existing) fchmodSync(fd, target.existing.mode & 0o7777);
    writeAll(fd, file.data);
    fsyncSync(fd);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    unlinkQuietly(temp);
    fail(target, error);
  }
  closeSync(fd);
  return { target, temp };
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** Writes one file atomically (see the module comment); throws FileWriteError naming it. */
export function writeFileAtomic(path: string, data: string | Uint8Array, shown?: string): void {
  writeFilesAtomic([{ path, data, ...(shown !== undefined ? { shown } : {}) }]);
}

/**
 * Writes several files: every temporary file is complete before the first rename, so a
 * failure leaves all the targets as they were (short of a failed rename, which is rare).
 */
export function writeFilesAtomic(files: readonly AtomicFile[]): void {
  const prepared: Prepared[] = [];
  try {
    for (const file of files) prepared.push(prepare(file));
  } catch (error) {
    for (const p of prepared) if (p.temp) unlinkQuietly(p.temp);
    throw error;
  }
  for (let i = 0; i < prepared.length; i++) {
    const { target, temp } = prepared[i]!;
    if (!temp) continue;
    try {
      renameSync(temp, target.path);
      live.delete(temp);
    } catch (error) {
      for (const p of prepared.slice(i)) if (p.temp) unlinkQuietly(p.temp);
      fail(target, error);
    }
  }
}

// ---------------------------------------------------------------- streams

/** An output file written as a stream and put in place by `commit`. */
export interface AtomicWriteStream {
  readonly stream: WriteStream;
  /** Resolves once the file is complete and in place; rejects with FileWriteError. */
  commit(): Promise<void>;
  /** Drops what was written; the target stays as it was. */
  abort(): void;
  /** The first write error, if any (also reported by `commit`). */
  readonly error: FileWriteError | undefined;
}

/** Opens `path` for streaming output (see the module comment); throws FileWriteError. */
export function createAtomicWriteStream(path: string, shown = path): AtomicWriteStream {
  const target = targetOf(path, shown);
  const temp = viaTemp(target) ? tempPathFor(target.path) : undefined;
  let fd: number;
  if (temp) {
    hookProcess();
    live.add(temp);
  }
  try {
    fd = openSync(temp ?? target.path, temp ? 'wx' : 'w', 0o666);
    if (temp && target.existing) fchmodSync(fd, target.existing.mode & 0o7777);
  } catch (error) {
    if (temp) unlinkQuietly(temp);
    fail(target, error);
  }
  // The stream owns the descriptor: it closes it once pending writes are done (also on
  // destroy), so a descriptor number is never reused under a write still in flight.
  const stream = createWriteStream('', { fd, encoding: 'utf8' });
  let error: FileWriteError | undefined;
  const wrap = (e: unknown) => (e instanceof FileWriteError ? e : new FileWriteError(shown, describeFileError(e), (e as NodeJS.ErrnoException | null)?.code));
  stream.on('error', (e) => {
    error ??= wrap(e);
  });
  // Flushed to the disk before the rename, so a crash never leaves a renamed but empty file.
  stream.on('finish', () => {
    try {
      if (temp) fsyncSync(fd);
    } catch (e) {
      error ??= wrap(e);
    }
  });
  const closed = new Promise<void>((resolveClosed) => stream.once('close', () => resolveClosed()));
  return {
    stream,
    get error() {
      return error;
    },
    abort() {
      stream.destroy();
      if (temp) unlinkQuietly(temp);
    },
    async commit() {
      if (!stream.destroyed && !stream.writableEnded) {
        await new Promise<void>((resolveEnd) => {
          stream.end(() => resolveEnd());
          stream.once('error', () => resolveEnd());
        });
      }
      await closed;
      if (error) {
        if (temp) unlinkQuietly(temp);
        throw error;
      }
      if (temp) {
        try {
          renameSync(temp, target.path);
          live.delete(temp);
        } catch (e) {
          unlinkQuietly(temp);
          throw wrap(e);
        }
      }
    },
  };
}

// Reading rule files safely: only regular files, never more than a fixed size, and (for
// imports and files found in folders) only inside the rule set's folders. Every refusal
// comes back as a reason a person can read, never as an exception or a silent skip.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

/**
 * The largest rule file read, in bytes. Parsing and checking cost about 300 bytes of
 * memory per byte of rule text (tokens, syntax tree, model), so this keeps one file under
 * about 650 MB; the largest generated benchmark file (10,000 rules) is 1.4 MB.
 */
export const MAX_RULE_FILE_BYTES = 2 * 1024 * 1024;
/** The most rule text one rule set reads, over all its files and imports. */
export const MAX_RULE_SET_BYTES = 8 * 1024 * 1024;

export type RuleFileRead = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** A file system error as a reason for a person ("permission denied", not "EACCES: …"). */
export function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  }
}

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The text of a rule file, or why it cannot be read. Opens without blocking (a FIFO named
 * `x.vigil` must not wait for a writer), then refuses anything that is not a regular file
 * (`/dev/zero`, a pipe, a directory) and anything over `maxBytes`, counting the bytes as
 * they are read since some files (under /proc) report a size of 0.
 */
export function readRuleFile(path: string, maxBytes = MAX_RULE_FILE_BYTES): RuleFileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' && isDanglingLink(path)) return { ok: false, reason: 'it is a symbolic link to a file that does not exist' };
    return { ok: false, reason: describeFileError(error) };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, reason: 'it is a directory' };
    if (!st.isFile()) return { ok: false, reason: 'it is not a regular file (a device, a pipe or a socket)' };
    if (st.size > maxBytes) return { ok: false, reason: tooLarge(maxBytes) };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { ok: false, reason: tooLarge(maxBytes) };
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (error) {
    return { ok: false, reason: describeFileError(error) };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(maxBytes: number): string {
  return `it is larger than ${maxBytes.toLocaleString('en-US')} bytes, the limit for a rule file (split it into files that import each other)`;
}

/** The path with symbolic links resolved; a path that does not exist (an editor's unsaved file) stays as it is. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return resolve(realpathSync(dirname(path)), path.slice(dirname(path).length + 1));
    } catch {
      return resolve(path);
    }
  }
}

/** True when `path` (symbolic links resolved) lies inside one of `roots` (already resolved). */
export function insideRoots(path: string, realRoots: readonly string[]): boolean {
  const real = realPath(path);
  return realRoots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
}

// Reading rule files safely: only regular files, never more than a fixed size, and (for
// imports and files found in folders) only inside the rule set's folders. Every refusal
// comes back as a reason a person can read, never as an exception or a silent skip.
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { describeFileError } from './files/file-errors.js';
import { FileReadError, readRegularFile } from './files/read-limited.js';

/**
 * The largest rule file read, in bytes. Parsing and checking cost about 300 bytes of
 * memory per byte of rule text (tokens, syntax tree, model), so this keeps one file under
 * about 650 MB; the largest generated benchmark file (10,000 rules) is 1.4 MB.
 */
export const MAX_RULE_FILE_BYTES = 2 * 1024 * 1024;
/** The most rule text one rule set reads, over all its files and imports. */
export const MAX_RULE_SET_BYTES = 8 * 1024 * 1024;

export type RuleFileRead = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The text of a rule file, or why it cannot be read: through the one reader of input files,
 * so a FIFO named `x.vigil` never blocks and `/dev/zero` or an oversized file is refused.
 */
export function readRuleFile(path: string, maxBytes = MAX_RULE_FILE_BYTES): RuleFileRead {
  try {
    return { ok: true, text: readRegularFile(path, { maxBytes, what: 'a rule file (split it into files that import each other)', keepBom: true }) };
  } catch (error) {
    if (error instanceof FileReadError) {
      if (error.code === 'ENOENT' && isDanglingLink(path)) return { ok: false, reason: 'it is a symbolic link to a file that does not exist' };
      return { ok: false, reason: error.reason };
    }
    return { ok: false, reason: describeFileError(error) };
  }
}

/** The path with symbolic links resolved; a path that does not exist (an editor's unsaved file) stays as it is. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return resolve(realpathSync(dirname(path)), basename(path));
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

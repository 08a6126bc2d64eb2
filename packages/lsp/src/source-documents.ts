// The documents a rule's `source` names, found on disk for hover: beside the rule file, or in
// a `seeds/` or `sources/` folder of it or of a folder above it (the usual places to keep the
// guidelines a rule set encodes). Bounded: a few folders up, a few candidates each.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

const LEVELS = 6;
const FOLDERS = ['', 'seeds', 'sources'];

/** The path of the document `name` cited from `ruleFile`, or undefined when none is found. */
export function findSourceDocument(ruleFile: string, name: string): string | undefined {
  // A source is a file name or a path, never a way out of the tree by accident.
  if (name === '' || name.includes('\0') || !isAbsolute(ruleFile)) return undefined;
  let dir = dirname(ruleFile);
  for (let i = 0; i < LEVELS; i++) {
    for (const sub of FOLDERS) {
      for (const candidate of [join(dir, sub, name), join(dir, sub, basename(name))]) {
        try {
          if (existsSync(candidate) && statSync(candidate).isFile()) return resolve(candidate);
        } catch {
          // unreadable: not this one
        }
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** The first non-empty line of a text file (read from its first 4 kB), shortened. */
export function firstLine(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString('utf8').split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
    return line && line.length > 200 ? `${line.slice(0, 199)}…` : line;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

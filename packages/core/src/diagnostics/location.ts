// Where something is, as people read it. Ranges are 0-based everywhere else; this is the
// one place they become 1-based `line:column` (columns count UTF-16 code units, as the
// ranges do), and where a path is shown relative to the working directory.
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Position, Range } from '../language/ast.js';

/** A diagnostic uri (an absolute path or a `file:` URL) as a file-system path. */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

/** How a file is shown: relative to `cwd` when it lies below it, with `/`. */
export function displayPath(uri: string, cwd: string): string {
  const path = uriToPath(uri);
  if (!isAbsolute(path)) return path.split(sep).join('/');
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return path.split(sep).join('/');
  return rel.split(sep).join('/');
}

/** 1-based line and column of a 0-based position. */
export function oneBased(position: Position): { line: number; column: number } {
  return { line: position.line + 1, column: position.character + 1 };
}

/** 1-based start and end of a 0-based range, as JSON reports and SARIF give them. */
export function oneBasedRange(range: Range): { line: number; column: number; endLine: number; endColumn: number } {
  const start = oneBased(range.start);
  const end = oneBased(range.end);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** `path:line:column`, 1-based; the path relative to `cwd` when one is given, else its file name. */
export function formatLocation(uri: string, position: Position, cwd?: string): string {
  const p = oneBased(position);
  return `${shownPath(uri, cwd)}:${p.line}:${p.column}`;
}

/** `path:line`, 1-based; the path relative to `cwd` when one is given, else its file name. */
export function formatLine(uri: string, position: Position, cwd?: string): string {
  return `${shownPath(uri, cwd)}:${oneBased(position).line}`;
}

function shownPath(uri: string, cwd: string | undefined): string {
  return cwd === undefined ? (uriToPath(uri).split(/[\\/]/).pop() ?? uri) : displayPath(uri, cwd);
}

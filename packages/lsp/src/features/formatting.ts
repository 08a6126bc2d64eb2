// Formatting: the formatter's canonical layout, for files it can parse and not too large.
import { SourceText } from '@vigil/core';
import { formatParsed } from '@vigil/formatter';
import { LSPErrorCodes, ResponseError, type TextEdit } from 'vscode-languageserver';
import { offsetRange, uriToPath } from '../convert.js';
import type { Workspace } from '../workspace.js';

/**
 * Largest file formatted in the editor: formatting runs on the server's thread, about 1 s
 * per MB, and nothing else is answered meanwhile. Larger files are refused with a message
 * (`vigil fmt` formats them).
 */
export const MAX_FORMAT_CHARS = 512 * 1024;

export function formatting(ws: Workspace, uri: string): TextEdit[] {
  const path = uriToPath(uri);
  const text = ws.textOf(path);
  if (text === undefined) return [];
  if (text.length > MAX_FORMAT_CHARS) {
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `This file is too large to format in the editor (${(text.length / 1024).toFixed(0)} kB; the limit is ${MAX_FORMAT_CHARS / 1024} kB): run 'vigil fmt ${path}'.`,
    );
  }
  // The editor's cached parse: a file with syntax errors is refused without parsing it again.
  const parsed = ws.parse(path);
  const out = parsed && formatParsed(parsed);
  if (out === undefined || out === text) return [];
  const source = new SourceText(path, text);
  return [{ range: offsetRange(source, 0, text.length), newText: out }];
}

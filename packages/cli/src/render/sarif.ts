// `--format sarif`: SARIF 2.1.0 for code-scanning services. One run; the driver's rules
// are the whole code registry (`allCodes`), results point into it by id and index.
// Regions are 1-based with an exclusive end column; columns count UTF-16 code units.
import { allCodes, oneBasedRange } from '@vigil/core';
import type { Diagnostic, DiagnosticCode, Range, Severity } from '@vigil/core';
import { pathToFileURL } from 'node:url';
import { isAbsolute, relative, sep } from 'node:path';
import { uriToPath } from '../io.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'info' ? 'note' : severity;
}

export interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly charOffset: number;
  readonly charLength: number;
}

export function sarifRegion(range: Range): SarifRegion {
  const r = oneBasedRange(range);
  return {
    startLine: r.line,
    startColumn: r.column,
    endLine: r.endLine,
    endColumn: r.endColumn,
    charOffset: range.start.offset,
    charLength: Math.max(0, range.end.offset - range.start.offset),
  };
}

/** A file below the working directory is relative to %SRCROOT%; any other is an absolute file URL. */
export function sarifArtifactLocation(uri: string, cwd: string): { uri: string; uriBaseId?: string } {
  const path = uriToPath(uri);
  if (!isAbsolute(path)) return { uri: path.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  const rel = relative(cwd, path);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
    return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(path).href };
}

function physicalLocation(uri: string, range: Range, cwd: string) {
  return { artifactLocation: sarifArtifactLocation(uri, cwd), region: sarifRegion(range) };
}

export function sarifRule(code: DiagnosticCode) {
  return {
    id: code.code,
    name: code.name,
    shortDescription: { text: code.summary },
    defaultConfiguration: { level: sarifLevel(code.severity) },
    properties: { tags: [code.name] },
  };
}

export function sarifLog(diagnostics: readonly Diagnostic[], cwd: string, toolVersion: string, codes: readonly DiagnosticCode[] = allCodes) {
  const ruleIndex = new Map(codes.map((c, i) => [c.code, i] as const));
  const srcroot = pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href;
  const results = diagnostics.map((d) => {
    const index = ruleIndex.get(d.code);
    return {
      ruleId: d.code,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: sarifLevel(d.severity),
      message: { text: d.message },
      locations: [{ physicalLocation: physicalLocation(d.uri, d.range, cwd) }],
      ...(d.related && d.related.length > 0
        ? {
            relatedLocations: d.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: physicalLocation(r.uri, r.range, cwd),
            })),
          }
        : {}),
      ...(d.fixes && d.fixes.length > 0
        ? {
            fixes: d.fixes.map((f) => ({
              description: { text: f.title },
              artifactChanges: groupByUri(f.edits).map(([uri, edits]) => ({
                artifactLocation: sarifArtifactLocation(uri, cwd),
                replacements: edits.map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: e.newText } })),
              })),
            })),
          }
        : {}),
      ...(d.data !== undefined ? { properties: { data: d.data } } : {}),
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'vigil',
            version: toolVersion,
            semanticVersion: toolVersion,
            rules: codes.map(sarifRule),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: srcroot } },
        columnKind: 'utf16CodeUnits' as const,
        results,
      },
    ],
  };
}

function groupByUri<T extends { readonly uri: string }>(items: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.uri);
    if (list) list.push(item);
    else groups.set(item.uri, [item]);
  }
  return [...groups];
}

export function renderSarif(diagnostics: readonly Diagnostic[], cwd: string, toolVersion: string): string {
  return JSON.stringify(sarifLog(diagnostics, cwd, toolVersion), null, 2) + '\n';
}

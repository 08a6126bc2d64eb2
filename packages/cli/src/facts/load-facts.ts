// Loading a patient's facts from JSON or YAML, and pointing problems back into the file.
//
// Malformed text is VGL7002 at the line and column of the fault. A value that does not
// fit the rule set's fact schema is VGL7001: the engine's `validateFacts` names the fact
// path (`wbc`, `medications[2]`), and `factIssueDiagnostics` finds that key in the file
// through the `yaml` document API (which reads JSON too) so the report can say
// `patients/p1.yaml:4:1 - error VGL7001: wbc: unit 'mg' is not accepted …`.
import { codes, createDiagnostic, SourceText } from '@vigil/core';
import type { Diagnostic, DiagnosticCode } from '@vigil/core';
import type { FactIssue } from '@vigil/runtime';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { parseYamlLimited, YAML_MAX_ALIAS_COUNT } from '@vigil/harness';
import { parseJsonLine } from '../batch/record.js';
import type { Document, Node as YamlNode, Pair } from 'yaml';

export interface LoadedFacts {
  readonly uri: string;
  readonly source: SourceText;
  /** The parsed value: a plain object of fact names to values. */
  readonly data: Record<string, unknown>;
  readonly document: Document.Parsed;
}

export type LoadFactsResult =
  | { readonly ok: true; readonly facts: LoadedFacts }
  | { readonly ok: false; readonly source: SourceText; readonly diagnostics: Diagnostic[] };

function diagnostic(code: DiagnosticCode, source: SourceText, start: number, end: number, args: Readonly<Record<string, string | number>>, data?: Record<string, unknown>): Diagnostic {
  return createDiagnostic(code, { uri: source.uri, range: source.rangeAt(start, end) }, args, data ? { data } : {});
}

export function isJsonPath(uri: string): boolean {
  return /\.json$/i.test(uri);
}

/**
 * Parses facts text; `.json` files are held to strict JSON (no trailing commas, no key
 * given twice, at most 64 levels of nesting), anything else is read as YAML 1.2 (unique
 * keys, the same nesting limit, bounded aliases). The file must hold a mapping: `null`
 * is refused; an empty YAML file (or one with only comments) is a patient with no facts.
 */
export function parseFacts(text: string, uri: string): LoadFactsResult {
  const source = new SourceText(uri, text);
  const json = isJsonPath(uri);
  let data: unknown;
  if (json) {
    const parsed = parseJsonLine(0, text);
    if ('error' in parsed) {
      const { offset, detail } = parsed.error;
      return { ok: false, source, diagnostics: [diagnostic(codes.malformedFile, source, offset, Math.min(offset + 1, Math.max(text.length, offset)), { format: 'JSON', detail: sentence(detail) })] };
    }
    data = parsed.value;
  }
  const limited = parseYamlLimited(text);
  if (!limited.document) {
    return { ok: false, source, diagnostics: limited.faults.map((f) => diagnostic(codes.inputRefused, source, f.start, f.end, { format: json ? 'JSON' : 'YAML', detail: sentence(f.message) })) };
  }
  const document = limited.document;
  if (!json) {
    const errors = document.errors;
    if (errors.length > 0) {
      return {
        ok: false,
        source,
        diagnostics: errors.map((e) =>
          diagnostic(codes.malformedFile, source, e.pos[0], Math.max(e.pos[1], e.pos[0] + 1), { format: 'YAML', detail: sentence(e.message) }),
        ),
      };
    }
    data = document.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
  }
  // Nothing at all (an empty YAML file) is a patient with no facts; an explicit null is not.
  if ((data === null || data === undefined) && document.contents === null && !json) data = {};
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    const what = data === null || data === undefined ? 'null' : Array.isArray(data) ? 'a list' : `a ${typeof data}`;
    const node = document.contents as YamlNode | null;
    const [start, end] = node?.range ?? [0, text.length];
    const hint = what === 'null' ? ' Write {} for a patient with no facts.' : '';
    return {
      ok: false,
      source,
      diagnostics: [diagnostic(codes.factsNotMapping, source, start, end, { actual: what, hint })],
    };
  }
  return { ok: true, facts: { uri, source, data: data as Record<string, unknown>, document } };
}

function sentence(message: string): string {
  const m = message.trim();
  return /[.!?]$/.test(m) ? m : `${m}.`;
}

/** `medications[2].code` → ['medications', 2, 'code']. */
export function parseFactPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const re = /\[(\d+)\]|\[["']([^"']*)["']\]|([^.[\]]+)/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) segments.push(Number(m[1]));
    else if (m[2] !== undefined) segments.push(m[2]);
    else if (m[3] !== undefined) segments.push(m[3]);
  }
  return segments;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/**
 * Offsets of the text a fact path refers to: for a key of a mapping, from the key to the
 * end of its value when the value is on the same line (otherwise the key alone); for a
 * list item, the item. When the path runs past what the file holds, the deepest part found.
 */
export function locateFactPath(document: Document.Parsed, source: SourceText, path: string): { start: number; end: number } {
  const segments = parseFactPath(path);
  let node: unknown = document.contents;
  let found: { start: number; end: number } | undefined;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (isMap(node)) {
      // A key may itself contain dots (`a.b`): try the longest run of segments first.
      let matched: Pair | undefined;
      let used = 1;
      for (let n = segments.length - i; n >= 1 && !matched; n--) {
        const key = segments.slice(i, i + n).join('.');
        matched = node.items.find((p) => isPair(p) && String(keyOf(p)) === key) as Pair | undefined;
        if (matched) used = n;
      }
      if (!matched) break;
      i += used - 1;
      const keyNode = matched.key as YamlNode | null;
      const valueNode = matched.value as YamlNode | null;
      const keyStart = keyNode?.range?.[0] ?? valueNode?.range?.[0] ?? 0;
      const keyEnd = keyNode?.range?.[1] ?? keyStart;
      const valueEnd = valueNode?.range?.[1];
      const sameLine = valueEnd !== undefined && source.positionAt(keyStart).line === source.positionAt(Math.max(keyStart, valueEnd - 1)).line;
      found = { start: keyStart, end: sameLine ? valueEnd : keyEnd };
      node = valueNode;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as YamlNode | undefined;
      if (!item?.range) break;
      found = { start: item.range[0], end: item.range[1] };
      node = item;
    } else {
      break;
    }
  }
  if (found) return found;
  const root = document.contents as YamlNode | null;
  const start = root?.range?.[0] ?? 0;
  return { start, end: start };
}

/** One VGL7001 per issue, located at the key or item the issue's path names. */
export function factIssueDiagnostics(issues: readonly FactIssue[], facts: LoadedFacts): Diagnostic[] {
  return issues.map((issue) => {
    const { start, end } = locateFactPath(facts.document, facts.source, issue.path);
    // The whole file's issues (too many keys) name no fact; an issue that starts with its fact's name is not given it twice.
    const fact = issue.path === '' ? 'facts' : issue.path;
    const problem = issue.message.startsWith(`${issue.path}: `) ? issue.message.slice(issue.path.length + 2) : issue.message;
    return diagnostic(codes.invalidFacts, facts.source, start, end, { fact, problem }, { path: issue.path });
  });
}

// ---------------------------------------------------------------- strict JSON syntax

/**
 * The first fault of a JSON text (syntax, a key given twice, nesting past the limit), with
 * its offset, or undefined when the text is a valid facts value. The same reader as
 * `vigil run` uses for each record (parseJsonLine).
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const parsed = parseJsonLine(0, text);
  return 'error' in parsed ? { offset: parsed.error.offset, message: parsed.error.detail } : undefined;
}

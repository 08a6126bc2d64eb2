// A YAML file read for the harness: its text, its document (with node ranges, so that
// every problem points at the offending key), and helpers to report problems as the one
// Diagnostic model with 0-based ranges.
import { codes, createDiagnostic, didYouMean, oneBased, editDistance, SourceText } from '@vigil/core';
import type { Diagnostic, DiagnosticCode, Range } from '@vigil/core';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import { YAML_MAX_ALIAS_COUNT, parseYamlLimited } from './yaml-limits.js';

export class YamlFile {
  readonly source: SourceText;

  private constructor(
    readonly uri: string,
    text: string,
    readonly document: Document.Parsed,
  ) {
    this.source = new SourceText(uri, text);
  }

  /** Parses the text; malformed YAML gives VGL7002 diagnostics at the fault. */
  static parse(uri: string, rawText: string): { file: YamlFile; diagnostics: Diagnostic[] } {
    const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
    // A file refused for its nesting or its aliases is read as empty: its one diagnostic says why.
    const limited = parseYamlLimited(text);
    const document = limited.document ?? parseDocument('', { prettyErrors: false });
    const file = new YamlFile(uri, text, document);
    const diagnostics = document.errors.map((e) =>
      file.diagnostic(codes.malformedFile, e.pos[0], Math.max(e.pos[1], e.pos[0] + 1), { format: 'YAML', detail: sentence(e.message.split('\n')[0] ?? e.message) }),
    );
    for (const f of limited.faults) diagnostics.push(file.diagnostic(codes.inputRefused, f.start, f.end, { format: 'YAML', detail: sentence(f.message) }));
    return { file, diagnostics };
  }

  get text(): string {
    return this.source.text;
  }

  diagnostic(code: DiagnosticCode, start: number, end: number, args: Readonly<Record<string, string | number>>, data?: Record<string, unknown>): Diagnostic {
    return createDiagnostic(code, { uri: this.uri, range: this.source.rangeAt(start, end) }, args, data ? { data } : {});
  }

  /** The offsets of a node (the whole document when it has none). */
  offsets(node: unknown): [number, number] {
    const r = (node as YamlNode | null | undefined)?.range;
    if (r) return [r[0], r[1]];
    return [0, 0];
  }

  /** A key of a mapping: the key, and its value when the value is on the same line. */
  pairOffsets(pair: Pair): [number, number] {
    const key = pair.key as YamlNode | null;
    const value = pair.value as YamlNode | null;
    const start = key?.range?.[0] ?? value?.range?.[0] ?? 0;
    const keyEnd = key?.range?.[1] ?? start;
    const valueEnd = value?.range?.[1];
    if (valueEnd !== undefined && valueEnd > keyEnd) {
      const sameLine = this.source.positionAt(start).line === this.source.positionAt(Math.max(start, valueEnd - 1)).line;
      if (sameLine) return [start, valueEnd];
    }
    return [start, keyEnd];
  }

  rangeOf(node: unknown): Range {
    const [s, e] = this.offsets(node);
    return this.source.rangeAt(s, e);
  }

  pairRange(pair: Pair): Range {
    const [s, e] = this.pairOffsets(pair);
    return this.source.rangeAt(s, e);
  }

  at(node: unknown, code: DiagnosticCode, args: Readonly<Record<string, string | number>>, data?: Record<string, unknown>): Diagnostic {
    const [s, e] = this.offsets(node);
    return this.diagnostic(code, s, e, args, data);
  }

  atPair(pair: Pair, code: DiagnosticCode, args: Readonly<Record<string, string | number>>, data?: Record<string, unknown>): Diagnostic {
    const [s, e] = this.pairOffsets(pair);
    return this.diagnostic(code, s, e, args, data);
  }

  /** 1-based line of a node, for reports. */
  lineOf(node: unknown): number {
    return oneBased(this.source.positionAt(this.offsets(node)[0])).line;
  }

  toJS(node: unknown): unknown {
    if (node === null || node === undefined) return null;
    return (node as YamlNode).toJS(this.document, { maxAliasCount: YAML_MAX_ALIAS_COUNT });
  }
}

export function sentence(message: string): string {
  const m = message.trim();
  return /[.!?]$/.test(m) ? m : `${m}.`;
}

export function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

export function pairsOf(map: YAMLMap): Pair[] {
  return map.items.filter((p): p is Pair => isPair(p));
}

export function describeNode(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing (null)';
    if (typeof v === 'string') return `the text '${v}'`;
    return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)}`;
  }
  return 'an alias';
}

/**
 * Nearest candidates for a misspelt name by edit distance (a swap of neighbours costs one):
 * those within a third of its length; with `always`, the single nearest when none is that close.
 */
export function nearest(name: string, candidates: readonly string[], always = false): string[] {
  const lower = name.toLowerCase();
  const scored = candidates.map((c) => ({ c, d: editDistance(lower, c.toLowerCase()) })).sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1));
  const best = scored[0];
  if (!best) return [];
  const close = Math.max(1, Math.floor(name.length / 3));
  if (best.d <= close) return scored.filter((x) => x.d === best.d).slice(0, 2).map((x) => x.c);
  return always && best.d <= Math.max(3, Math.ceil(name.length / 2)) ? [best.c] : [];
}

/** ` Did you mean 'x'?` for a name not among `candidates`, or the empty string. */
export function hint(name: string, candidates: readonly string[], always = false): string {
  return didYouMean(nearest(name, candidates, always));
}

/**
 * Reads a mapping's keys: unknown keys are VGL7010 with a suggestion among `allowed`;
 * duplicate keys are already reported by the parser.
 */
export function readKeys(file: YamlFile, map: YAMLMap, allowed: readonly string[], what: string, diagnostics: Diagnostic[], data?: Record<string, unknown>): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of pairsOf(map)) {
    const key = keyName(pair);
    if (!allowed.includes(key)) {
      diagnostics.push(
        file.at(pair.key ?? pair.value, codes.unknownFixtureKey, { key, where: what, allowed: allowed.map((a) => `'${a}'`).join(', '), suggestion: hint(key, allowed) }, {
          ...data,
          field: key,
        }),
      );
      continue;
    }
    out.set(key, pair);
  }
  return out;
}

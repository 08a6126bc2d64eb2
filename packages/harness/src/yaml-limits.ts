// Parsing YAML from files a user hands over (facts, fixtures) without letting the file
// exhaust the process: flow collections nested past a limit are refused before the parser
// sees them (the yaml parser's cost explodes on deep nesting: 10,000 levels run out of
// memory), and alias expansion is bounded ("billion laughs" fails this file only).
import { parseDocument, type Document } from 'yaml';

/** Nesting of flow collections (`[`, `{`) accepted in a YAML input (as INPUT_LIMITS.factsDepth). */
export const YAML_MAX_FLOW_DEPTH = 64;
/** The most times one anchor may be expanded through aliases. */
export const YAML_MAX_ALIAS_COUNT = 1000;

export interface YamlFault {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/**
 * The offset where flow collections first nest deeper than the limit, or -1. Brackets in
 * quoted scalars and comments do not count. A quote opens a quoted scalar only where a
 * scalar can start (after indentation, `:`, `-`, `?`, `[`, `{` or `,`), as in YAML;
 * elsewhere it is part of a plain scalar. Linear in the length of the text.
 */
export function flowDepthFault(text: string, limit = YAML_MAX_FLOW_DEPTH): number {
  let depth = 0;
  let prev = 10; // the last character other than a space or tab: a line break at the start
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if ((c === 34 || c === 39) && (prev === 10 || prev === 13 || prev === 58 || prev === 45 || prev === 63 || prev === 91 || prev === 123 || prev === 44)) {
      // A quoted scalar: skip it ("…" with backslash escapes, '…' with '' for a quote).
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (c === 34 && d === 92) i++;
        else if (d === c) {
          if (c === 39 && text.charCodeAt(i + 1) === 39) i++;
          else break;
        }
      }
    } else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      // A comment, to the end of the line.
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? n : nl) - 1;
      continue;
    }
    prev = c;
  }
  return -1;
}

/**
 * Parses YAML with unique keys, refusing flow nesting past YAML_MAX_FLOW_DEPTH and alias
 * expansion past YAML_MAX_ALIAS_COUNT. `faults` holds the refusal; `document` is then
 * undefined. Parser errors stay in `document.errors`.
 */
export function parseYamlLimited(text: string): { document: Document.Parsed; faults: readonly YamlFault[] } | { document: undefined; faults: readonly YamlFault[] } {
  const deep = flowDepthFault(text);
  if (deep >= 0) {
    return { document: undefined, faults: [{ start: deep, end: deep + 1, message: `lists and mappings are nested more than ${YAML_MAX_FLOW_DEPTH} levels deep` }] };
  }
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  if (document.errors.length > 0) return { document, faults: [] };
  try {
    document.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof RangeError) {
      const what = error instanceof RangeError ? 'aliases and anchors nest too deeply' : `aliases expand one anchor more than ${YAML_MAX_ALIAS_COUNT} times (a "billion laughs" file?)`;
      return { document: undefined, faults: [{ start: 0, end: Math.min(1, text.length), message: what }] };
    }
    throw error;
  }
  return { document, faults: [] };
}

// Warns about invisible bidirectional-control characters in strings and comments: they
// reorder how a line is displayed, so a reviewer can read one rule while the checker
// reads another ("Trojan Source", CVE-2021-42574). Outside strings and comments the lexer
// already refuses them.
import { codes } from '../../diagnostics/codes.js';
import type { Range } from '../../language/ast.js';
import { nodesOfKind } from '../../language/walk.js';
import type { CheckerRule } from '../rule.js';

const NAMES: Readonly<Record<number, string>> = {
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI = /[\u202A-\u202E\u2066-\u2069]/;

export const bidiControl: CheckerRule = {
  name: 'bidi-control',
  phase: 'semantic',
  check(ctx) {
    for (const file of ctx.model.files) {
      const text = file.source.text;
      if (!HAS_BIDI.test(text)) continue;
      const comments = file.document.comments.map((x) => x.range);
      const strings: Range[] = [];
      nodesOfKind(file.document, 'StringLiteral', (s) => strings.push(s.range));
      strings.sort((a, b) => a.start.offset - b.start.offset);
      const inside = (ranges: readonly Range[], at: number) => {
        // Binary search: the last range starting at or before `at`.
        let lo = 0;
        let hi = ranges.length - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          if (ranges[mid]!.start.offset <= at) lo = mid + 1;
          else hi = mid - 1;
        }
        return hi >= 0 && at < ranges[hi]!.end.offset;
      };
      for (const m of text.matchAll(BIDI)) {
        if (ctx.full) return;
        const at = m.index;
        const inComment = inside(comments, at);
        // Elsewhere the lexer has already reported the character as unexpected.
        if (!inComment && !inside(strings, at)) continue;
        const code = text.charCodeAt(at);
        const char = `U+${code.toString(16).toUpperCase()} (${NAMES[code]})`;
        ctx.report(codes.bidiControl, { uri: file.uri, range: file.source.rangeAt(at, at + 1) }, { char, where: inComment ? 'comment' : 'string' });
      }
    }
  },
};

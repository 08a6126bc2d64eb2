import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node } from './ast.js';
import { declarationNodes } from './node-index.js';
import { parseDocument, reparseDocument } from './parse.js';
import { forEachNode } from './walk.js';

const RULES = join(import.meta.dirname, '../../../../rules/azathioprine');

/** The nodes of a kind as a whole-document walk finds them, without the header and imports. */
function walked(doc: Node, kind: Node['kind']): Node[] {
  const out: Node[] = [];
  forEachNode(doc, (n) => void (n.kind === kind && out.push(n)));
  return out;
}

describe('declarationNodes', () => {
  it('finds what a walk of the whole document finds, in the same order', () => {
    for (const f of readdirSync(RULES).filter((x) => x.endsWith('.vigil'))) {
      const doc = parseDocument(readFileSync(join(RULES, f), 'utf8'), `/r/${f}`).document;
      for (const kind of ['Unit', 'QuantityLiteral', 'NameRef'] as const) expect(declarationNodes(doc, kind)).toEqual(walked(doc, kind));
    }
  });

  it('after an edit, finds the nodes of the new text', () => {
    const text = readFileSync(join(RULES, 'toxicity.vigil'), 'utf8');
    const before = parseDocument(text, '/r/t.vigil');
    declarationNodes(before.document, 'QuantityLiteral');
    const at = text.indexOf('wbc < 2.0 10*9/L');
    const edited = text.slice(0, at) + 'wbc < 2.5 10*9/L and platelets < 50 10*9/L' + text.slice(at + 'wbc < 2.0 10*9/L'.length);
    const after = reparseDocument(edited, '/r/t.vigil', before).document;
    const values = declarationNodes(after, 'QuantityLiteral').map((q) => q.value);
    expect(values).toEqual(walked(parseDocument(edited, '/r/t.vigil').document, 'QuantityLiteral').map((q) => (q as { value: string }).value));
    expect(values).toContain('50');
  });
});

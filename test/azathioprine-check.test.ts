// The bundled rule set checks clean and lowers to IR: no errors, and the only warnings are
// ones the rule files explain in a comment.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles, collectRuleFiles } from '@vigil/core';

const root = resolve(import.meta.dirname, '..');

describe('rules/azathioprine', () => {
  const { files } = collectRuleFiles([resolve(root, 'rules/azathioprine')]);
  const result = checkFiles(files);

  it('has no errors and compiles to IR', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ir).toBeDefined();
    expect(result.ir!.rules.length).toBeGreaterThan(60);
  });

  it('explains every warning in a comment on the line above the rule it concerns', () => {
    for (const d of result.diagnostics.filter((x) => x.severity === 'warning')) {
      const text = result.sources.get(d.uri)!.text;
      const before = text.slice(0, d.range.start.offset).split('\n').slice(-12).join('\n');
      expect(before, `${d.uri}:${d.range.start.line + 1} ${d.message}`).toMatch(/\/\/[^\n]*(warn|VGL\d{4})/i);
    }
  });
});

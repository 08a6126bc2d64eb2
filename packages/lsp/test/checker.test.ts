// What crosses the worker boundary: diagnostics and the checked texts only; the files and the
// semantic model rebuilt from those on the other side equal the worker's own.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, test } from 'vitest';
import { checkFiles } from '@vigil/core';
import { fromWire, isBuilt, toWire } from '../src/checker.js';

const RULES = join(import.meta.dirname, '../../../rules/azathioprine');

describe('the check worker wire format', () => {
  test('carries no syntax tree, and rebuilds the same files and model', () => {
    const entries = readdirSync(RULES)
      .filter((f) => f.endsWith('.vigil'))
      .map((f) => join(RULES, f));
    const result = checkFiles(entries);
    const wire = toWire(result);
    expect(JSON.stringify(wire)).not.toContain('"kind":"RuleDecl"');
    const back = fromWire(deserialize(serialize(wire)));
    expect(back.diagnostics).toEqual(result.diagnostics);
    expect([...back.sources.keys()]).toEqual(result.files.map((f) => f.uri));
    expect(back.files.map((f) => f.document)).toEqual(result.files.map((f) => f.document));
    expect([...back.model.rules.keys()]).toEqual([...result.model.rules.keys()]);
    expect([...back.model.facts.keys()]).toEqual([...result.model.facts.keys()]);
    expect(back.model.importProblems).toEqual(result.model.importProblems);
    // Built once, on first use; an in-process result is built from the start.
    expect(isBuilt(result)).toBe(true);
    expect(isBuilt(back)).toBe(true);
    expect(isBuilt(fromWire(deserialize(serialize(wire))))).toBe(false);
    expect(back.files).toBe(back.files);
    expect(back.model).toBe(back.model);
  });
});

// A check result serialised (plain data, cloned as between threads) and restored equals the
// check: diagnostics, texts, files (parsed again, depth-limited as the check did), model, IR.
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { checkText } from './pipeline.js';
import { modelIsBuilt, restoreCheck, serialiseCheck } from './serialised-check.js';
import { BASE_FACTS } from '../test-support/markers.js';

const clone = <T>(x: T): T => deserialize(serialize(x)) as T;

describe('serialised check results', () => {
  it('restore the files, model and IR of the check, built on first use', () => {
    const result = checkText(BASE_FACTS + `define low = wbc < 2 10*9/L\nrule R-1 "x" source "s" when low and platelets < 50 10*9/L then caution azathioprine\n`, '/s/a.vigil');
    expect(result.ir).toBeDefined();
    const wire = serialiseCheck(result);
    expect(JSON.stringify(wire)).not.toContain('"kind":"RuleDecl"');
    const back = restoreCheck(clone(wire));
    expect(back.diagnostics).toEqual(result.diagnostics);
    expect(modelIsBuilt(back)).toBe(false);
    expect(back.files.map((f) => f.document)).toEqual(result.files.map((f) => f.document));
    expect([...back.model.rules.keys()]).toEqual([...result.model.rules.keys()]);
    expect(modelIsBuilt(back)).toBe(true);
    expect(back.ir).toEqual(result.ir);
  });

  it('restore the files as the check had them when an expression nests too deeply', () => {
    const deep = Array.from({ length: 600 }, (_, i) => `wbc > ${i} 10*9/L`).join(' or ');
    const result = checkText(BASE_FACTS + `rule R-1 "x" source "s" when ${deep} then caution azathioprine\nrule R-2 "y" source "s" when wbc < 1 10*9/L then caution azathioprine\n`, '/s/deep.vigil');
    expect(result.diagnostics.map((d) => d.code)).toContain('VGL1004');
    const back = restoreCheck(clone(serialiseCheck(result)));
    expect(back.files.map((f) => f.document.declarations.length)).toEqual(result.files.map((f) => f.document.declarations.length));
    expect([...back.model.rules.keys()]).toEqual(['R-2']);
    expect(back.ir).toBeUndefined();
  });
});

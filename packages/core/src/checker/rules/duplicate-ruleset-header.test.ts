import { describe, expect, it } from 'vitest';
import { checkTexts } from '../../pipeline.js';
import { mark } from '../../../test-support/markers.js';

const noDisk = { readFile: () => undefined };

describe('duplicate-ruleset-header', () => {
  it('reports every header after the first, at the header, naming the first', () => {
    const second = mark('<|ruleset other version "2"|>\nfacts { pregnant: boolean }\n');
    const r = checkTexts(new Map([['/set/a.vigil', 'ruleset same version "1"\n'], ['/set/b.vigil', second.text]]), noDisk);
    const found = r.diagnostics.filter((d) => d.code === 'VGL2012');
    expect(found.map((d) => [d.uri, d.range.start.offset, d.range.end.offset])).toEqual([['/set/b.vigil', second.ranges[0]!.start, second.ranges[0]!.end]]);
    expect(found[0]!.message).toBe('A second header, `ruleset other`, in the rule set that a.vigil (ruleset same) already names: a rule set has one header; put each set in a folder of its own, or remove this header.');
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.related?.[0]?.uri).toBe('/set/a.vigil');
  });
  it('reports a header reached through an import', () => {
    const r = checkTexts(new Map([['/set/a.vigil', 'ruleset same version "1"\nimport "b.vigil"\n'], ['/set/b.vigil', 'ruleset other version "2"\n']]), noDisk);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['VGL2012']);
  });
  it('is quiet with one header, or none', () => {
    expect(checkTexts(new Map([['/set/a.vigil', 'ruleset same version "1"\n'], ['/set/b.vigil', 'facts { pregnant: boolean }\n']]), noDisk).diagnostics).toEqual([]);
    expect(checkTexts(new Map([['/set/b.vigil', 'facts { pregnant: boolean }\n']]), noDisk).diagnostics).toEqual([]);
  });
});

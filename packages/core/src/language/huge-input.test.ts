// Huge inputs: syntax errors are capped like semantic ones, and a parse stops after a
// bounded number of errors, so a large file of errors or garbage is answered quickly and
// with a note saying what was left out.
import { describe, expect, test } from 'vitest';
import { checkText } from '../pipeline.js';
import { MAX_DIAGNOSTICS } from '../checker/index.js';
import { MAX_PARSE_ERRORS, parseDocument } from './parse.js';

const broken = (n: number) => Array.from({ length: n }, (_, i) => `rule X-${i} "broken" when wbc < then stop\n`).join('');

describe('huge inputs', () => {
  test('more syntax errors than the cap: the first ones, then how many more', () => {
    const r = checkText(broken(1500), '/memory/huge.vigil');
    expect(r.diagnostics.filter((d) => d.code === 'VGL1001')).toHaveLength(MAX_DIAGNOSTICS);
    const notes = r.diagnostics.filter((d) => d.code === 'VGL1003');
    expect(notes.map((d) => d.message)).toEqual(['500 more syntax errors are not shown (the first 1000 are); fix those and check again']);
    expect(notes[0]!.range.start.line).toBeGreaterThan(0);
  });

  test('a parse stops after its error budget, says where, and keeps the declarations before the cut', () => {
    const text = `define early = true\n${broken(MAX_PARSE_ERRORS + 500)}define late = true\n`;
    const parsed = parseDocument(text, '/memory/huge.vigil');
    expect(parsed.truncated).toBe(true);
    const stop = parsed.diagnostics.find((d) => d.message.startsWith('Too many syntax errors: parsing stopped here'));
    expect(stop?.code).toBe('VGL1003');
    const names = parsed.document.declarations.map((d) => (d.kind === 'DefineDecl' ? d.name.value : d.kind));
    expect(names[0]).toBe('early');
    expect(names).not.toContain('late');
    // No semantic check on a cut rule set: names declared after the cut are not reported unknown.
    const r = checkText(`rule A-1 "uses late" source "s" when late then advise because "x"\n${text}`, '/memory/huge.vigil');
    expect(r.diagnostics.some((d) => d.code === 'VGL2001')).toBe(false);
    expect(r.diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS + 2);
  });

  test('a large file that is not Vigil: bounded lexical errors and a note asking whether it is a Vigil file', () => {
    const text = '@@ ## $$ %% ^^ \n'.repeat(40_000); // 640 kB, 200,000 runs of stray characters
    const r = checkText(text, '/memory/garbage.vigil');
    expect(r.diagnostics.length).toBeLessThanOrEqual(MAX_DIAGNOSTICS + 2);
    expect(r.diagnostics.some((d) => d.code === 'VGL1003' && d.message.includes('Is it a Vigil file?'))).toBe(true);
    expect(r.diagnostics.filter((d) => d.code === 'VGL1002')).toHaveLength(MAX_DIAGNOSTICS);
  });

  test('a re-parse of a cut file parses it whole again', () => {
    const text = broken(MAX_PARSE_ERRORS + 10);
    const first = parseDocument(text, '/memory/huge.vigil');
    const fixed = text.replace(/when wbc < then stop/g, 'when wbc < 2 then stop azathioprine');
    expect(parseDocument(fixed, '/memory/huge.vigil').truncated).toBeUndefined();
    expect(first.truncated).toBe(true);
  });
});

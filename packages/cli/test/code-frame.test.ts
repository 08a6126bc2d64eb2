import { describe, expect, it } from 'vitest';
import pc from 'picocolors';
import { SourceText, type Diagnostic } from '@vigil/core';
import { displayColumn, expandTabs, renderCodeFrame, renderDiagnostic, renderSummary, formatLocation } from '../src/render/code-frame.js';

const colors = pc.createColors(false);
const cwd = '/work/project';
const uri = '/work/project/rules/main.vigil';

function diag(source: SourceText, start: number, end: number, extra: Partial<Diagnostic> = {}): Diagnostic {
  return {
    code: 'VGL2001',
    name: 'unknown-name',
    severity: 'error',
    message: "Unknown fact 'wcc'. Did you mean 'wbc'?",
    uri: source.uri,
    range: source.rangeAt(start, end),
    ...extra,
  };
}

function frame(source: SourceText, start: number, end: number): string[] {
  return renderCodeFrame(source, source.rangeAt(start, end), { cwd, colors, marker: '^', markerColor: (s) => s });
}

describe('code frames', () => {
  const text = 'rule R-1 "x"\n  when wcc < 2 10*9/L\n  then caution azathioprine\n';
  const source = new SourceText(uri, text);
  const at = text.indexOf('wcc');

  it('prints path:line:col with 1-based line and column from the 0-based range', () => {
    const d = diag(source, at, at + 3);
    expect(d.range.start).toMatchObject({ line: 1, character: 7 });
    const out = renderDiagnostic(d, () => source, { cwd, colors });
    expect(out.split('\n')[0]).toBe("rules/main.vigil:2:8 - error VGL2001: Unknown fact 'wcc'. Did you mean 'wbc'?");
    expect(formatLocation(uri, d.range.start, cwd)).toBe('rules/main.vigil:2:8');
  });

  it('underlines exactly the columns of the range', () => {
    const lines = frame(source, at, at + 3);
    expect(lines).toEqual(['2 |   when wcc < 2 10*9/L', '  |        ^^^']);
    const line = lines[0]!;
    const marks = lines[1]!;
    expect(line.slice(marks.indexOf('^'), marks.lastIndexOf('^') + 1)).toBe('wcc');
  });

  it('marks an empty range with one caret', () => {
    expect(frame(source, at, at)[1]).toBe('  |        ^');
  });

  it('expands tabs so the underline stays under the text', () => {
    const tabbed = new SourceText(uri, 'facts {\n\twbc:\tquantity mg\n}\n');
    const start = tabbed.text.indexOf('quantity');
    const lines = frame(tabbed, start, start + 8);
    expect(lines[0]).toBe('2 |     wbc:    quantity mg');
    const marks = lines[1]!;
    expect(lines[0]!.slice(marks.indexOf('^'), marks.lastIndexOf('^') + 1)).toBe('quantity');
    expect(expandTabs('\ta\tb')).toBe('    a   b');
    expect(displayColumn('\ta\tb', 3)).toBe(8);
  });

  it('handles a range at the very end of a file without a trailing newline', () => {
    const eof = new SourceText(uri, 'rule R-1 "x"\n  when');
    const end = eof.text.length;
    const lines = frame(eof, end, end);
    expect(lines).toEqual(['2 |   when', '  |       ^']);
    const out = renderDiagnostic(diag(eof, end, end, { code: 'VGL1001', message: 'Expected a condition.' }), () => eof, { cwd, colors });
    expect(out.split('\n')[0]).toBe('rules/main.vigil:2:7 - error VGL1001: Expected a condition.');
  });

  it('handles a range on the empty line after a final newline', () => {
    const eof = new SourceText(uri, 'rule R-1 "x"\n');
    const lines = frame(eof, eof.text.length, eof.text.length);
    expect(lines).toEqual(['2 |', '  | ^']);
  });

  it('shows every line of a multi-line range, underlining the covered part of each', () => {
    const multi = new SourceText(uri, 'define a =\n  wbc < 2 10*9/L\n    or tpmt = low\nrule R-1 "x"\n');
    const start = multi.text.indexOf('wbc');
    const end = multi.text.indexOf('low') + 3;
    expect(frame(multi, start, end)).toEqual([
      '2 |   wbc < 2 10*9/L',
      '  |   ^^^^^^^^^^^^^^',
      '3 |     or tpmt = low',
      '  |     ^^^^^^^^^^^^^',
    ]);
  });

  it('treats a range ending at column 0 as ending on the previous line', () => {
    const multi = new SourceText(uri, 'a\nbcd\nef\n');
    expect(frame(multi, 2, 6)).toEqual(['2 | bcd', '  | ^^^']);
  });

  it('elides the middle of long ranges and pads the gutter to the widest line number', () => {
    const long = new SourceText(uri, Array.from({ length: 12 }, (_, i) => `line${i + 1}`).join('\n'));
    const lines = frame(long, 0, long.text.length);
    expect(lines[0]).toBe(' 1 | line1');
    expect(lines).toContain('.. | ...');
    expect(lines.at(-2)).toBe('12 | line12');
    expect(lines.length).toBe(5 * 2 + 1); // three lines, the ellipsis, two lines
  });

  it('uses CRLF line breaks correctly', () => {
    const crlf = new SourceText(uri, 'a\r\n  when wcc\r\n');
    const s = crlf.text.indexOf('wcc');
    expect(frame(crlf, s, s + 3)).toEqual(['2 |   when wcc', '  |        ^^^']);
  });

  it('prints related locations with their own frame, and fixes with a preview of the edited line', () => {
    const facts = new SourceText('/work/project/rules/facts.vigil', 'facts {\n  wbc: quantity 10*9/L\n}\n');
    const d = diag(source, at, at + 3, {
      related: [{ uri: facts.uri, range: facts.rangeAt(10, 13), message: "'wbc' is declared here." }],
      fixes: [{ title: "Change to 'wbc'", edits: [{ uri, range: source.rangeAt(at, at + 3), newText: 'wbc' }] }],
    });
    const out = renderDiagnostic(d, (u) => (u === uri ? source : u === facts.uri ? facts : undefined), { cwd, colors });
    expect(out).toContain("  rules/facts.vigil:2:3 - note: 'wbc' is declared here.\n    2 |   wbc: quantity 10*9/L\n      |   ---\n");
    expect(out).toContain("  help: Change to 'wbc'\n    2 |   when wbc < 2 10*9/L\n      |        +++\n");
  });

  it('prints the header alone when the source is not available', () => {
    const d = diag(source, at, at + 3);
    expect(renderDiagnostic(d, () => undefined, { cwd, colors })).toBe(`rules/main.vigil:2:8 - error VGL2001: ${d.message}\n\n`);
  });

  it('shows paths outside the working directory as absolute', () => {
    expect(formatLocation('/elsewhere/x.vigil', { line: 0, character: 0, offset: 0 }, cwd)).toBe('/elsewhere/x.vigil:1:1');
  });

  it('colours only when asked to', () => {
    const d = diag(source, at, at + 3);
    expect(renderDiagnostic(d, () => source, { cwd, colors })).not.toContain('\u001b[');
    expect(renderDiagnostic(d, () => source, { cwd, colors: pc.createColors(true) })).toContain('\u001b[31merror');
  });

  it('summarises counts', () => {
    expect(renderSummary({ errors: 2, warnings: 1, info: 0 }, 12, colors)).toBe('2 errors, 1 warning in 12 files');
    expect(renderSummary({ errors: 0, warnings: 0, info: 3 }, 1, colors)).toBe('0 errors, 0 warnings, 3 info in 1 file');
  });
});

describe('code frames of hostile lines', () => {
  it('shows control characters escaped, with the marker under the right characters', () => {
    const text = 'rule R-1 "a\u001b]0;x\u0007b" when wcc < 2';
    const source = new SourceText(uri, text);
    const at = text.indexOf('wcc');
    const [line, marks] = frame(source, at, at + 3);
    expect(line).toBe('1 | rule R-1 "a\\u001b]0;x\\u0007b" when wcc < 2');
    expect(marks!.indexOf('^')).toBe(line!.indexOf('wcc'));
    expect(marks!.replace(/^\s*\|\s*/, '')).toBe('^^^');
  });
  it('windows a very long line around the range, so output stays small', () => {
    const text = 'x '.repeat(50_000) + 'wcc' + ' y'.repeat(50_000);
    const source = new SourceText(uri, text);
    const at = text.indexOf('wcc');
    const [line, marks] = frame(source, at, at + 3);
    expect(line!.length).toBeLessThan(200);
    expect(line).toMatch(/^1 \| …x x .*wcc y .*…$/);
    expect(marks!.indexOf('^')).toBe(line!.indexOf('wcc'));
  });
});

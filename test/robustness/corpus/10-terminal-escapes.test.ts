// Item 10: escape sequences in titles, messages, versions, fact names and case names
// reached the terminal raw, and bidirectional overrides in strings and comments went
// unflagged. Every text output now shows control characters as \uXXXX, and the checker
// warns about bidi controls.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractProblems, tempDir, vigil, type Run } from './vigil-process.js';

const OSC_TITLE = '\u001b]0;owned\u0007';
const CLEAR = '\u001b[2J';
const C1_CSI = '\u009b31m';
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const RULES = `ruleset t version "1${OSC_TITLE}"
facts { tpmt: enum { normal, absent } }
// reviewer sees one thing \u202E } the checker reads another
rule A-1 "Absent${CLEAR} TPMT" source "s${C1_CSI}" when tpmt = absent then contraindicate azathioprine because "pancy${OSC_TITLE}topenia"
rule A-2 "Unknown" source "s" when tpmt is missing then order tpmt
`;

function expectNoRawControls(r: Run, what: string): void {
  expect(contractProblems(r), what).toEqual([]);
  const raw = RAW.exec(r.stdout + r.stderr);
  expect(raw ? `raw U+${raw[0].charCodeAt(0).toString(16)} in ${what}` : 'none').toBe('none');
}

function ruleSet(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'rules', 'tests'), { recursive: true });
  writeFileSync(join(dir, 'rules', 'r.vigil'), RULES);
  writeFileSync(join(dir, 'p.json'), JSON.stringify({ tpmt: 'absent' }));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ [`tp${OSC_TITLE}mt`]: 'absent' }));
  writeFileSync(
    join(dir, 'rules', 'tests', 'a.cases.yaml'),
    `as_of: 2026-01-01T00:00:00Z\ncases:\n  - name: "absent \\e]0;case\\a"\n    facts: { tpmt: absent }\n    expect:\n      decisions: [{ rule: A-2 }]\n`,
  );
  return dir;
}

describe('10 terminal escapes', () => {
  it('check shows escapes, warns about the bidi override, and writes no raw control', () => {
    const dir = ruleSet();
    const r = vigil(['check', 'rules'], dir);
    expectNoRawControls(r, 'check');
    expect(r.stdout).toContain('VGL1005');
    expect(r.stdout).toContain('U+202E (RIGHT-TO-LEFT OVERRIDE) in a comment');
    expect(r.stdout).toContain('\\u202e');
  });

  it('eval (text and JSON) shows titles, messages and versions escaped; the JSON still parses to the same data', () => {
    const dir = ruleSet();
    const text = vigil(['eval', 'rules', '--facts', 'p.json', '--now', '2026-01-01T00:00:00Z'], dir);
    expectNoRawControls(text, 'eval');
    expect(text.stdout).toContain('pancy\\u001b]0;owned\\u0007topenia');
    const json = vigil(['eval', 'rules', '--facts', 'p.json', '--now', '2026-01-01T00:00:00Z', '--json'], dir);
    expectNoRawControls(json, 'eval --json');
    const parsed = JSON.parse(json.stdout) as { decisions: { message?: string; sources?: string[] }[] };
    expect(parsed.decisions[0]!.message).toBe(`pancy${OSC_TITLE}topenia`);
  });

  it('a fact name with an escape sequence is shown escaped', () => {
    const dir = ruleSet();
    const r = vigil(['eval', 'rules', '--facts', 'bad.json', '--now', '2026-01-01T00:00:00Z'], dir);
    expectNoRawControls(r, 'eval with a bad fact name');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('tp\\u001b]0;owned\\u0007mt');
  });

  it('test and diff (text and Markdown) write no raw control', () => {
    const dir = ruleSet();
    expectNoRawControls(vigil(['test', 'rules'], dir), 'test');
    mkdirSync(join(dir, 'old'));
    writeFileSync(join(dir, 'old', 'r.vigil'), RULES.replace('contraindicate', 'caution'));
    for (const format of ['text', 'markdown']) {
      const r = vigil(['diff', 'old', 'rules', '--format', format, '--now', '2026-01-01T00:00:00Z'], dir, 60_000);
      expectNoRawControls(r, `diff --format ${format}`);
    }
  });
});

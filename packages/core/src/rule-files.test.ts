import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkFiles, checkTexts, collectRuleFiles } from './pipeline.js';
import { MAX_RULE_FILE_BYTES, readRuleFile } from './rule-files.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'vigil-rule-files-')));

describe('readRuleFile', () => {
  it('reads a regular file', () => {
    fresh();
    writeFileSync(join(dir, 'a.vigil'), 'rule é');
    expect(readRuleFile(join(dir, 'a.vigil'))).toEqual({ ok: true, text: 'rule é' });
  });
  it('refuses a device without reading it', () => {
    expect(readRuleFile('/dev/zero')).toEqual({ ok: false, reason: expect.stringMatching(/not a regular file/) });
  });
  it('refuses a FIFO without waiting for a writer', () => {
    fresh();
    execFileSync('mkfifo', [join(dir, 'x.vigil')]);
    expect(readRuleFile(join(dir, 'x.vigil'))).toEqual({ ok: false, reason: expect.stringMatching(/not a regular file/) });
  });
  it('says why: a directory, a dangling link, a missing file', () => {
    fresh();
    mkdirSync(join(dir, 'd.vigil'));
    symlinkSync(join(dir, 'none'), join(dir, 'l.vigil'));
    expect(readRuleFile(join(dir, 'd.vigil'))).toEqual({ ok: false, reason: 'it is a directory' });
    expect(readRuleFile(join(dir, 'l.vigil'))).toEqual({ ok: false, reason: 'it is a symbolic link to a file that does not exist' });
    expect(readRuleFile(join(dir, 'none.vigil'))).toEqual({ ok: false, reason: 'no such file or directory' });
  });
  it('refuses a file over the limit, and counts bytes as read', () => {
    fresh();
    writeFileSync(join(dir, 'big.vigil'), 'x'.repeat(101));
    expect(readRuleFile(join(dir, 'big.vigil'), 100)).toEqual({ ok: false, reason: expect.stringMatching(/larger than .*the limit for a rule file/) });
    expect(readRuleFile(join(dir, 'big.vigil'), 101)).toEqual({ ok: true, text: 'x'.repeat(101) });
    expect(MAX_RULE_FILE_BYTES).toBe(2 * 1024 * 1024);
  });
});

describe('rule text given in memory', () => {
  it('meets the same per-file limit (an editor buffer, a git revision)', () => {
    const r = checkTexts(new Map([['/memory/huge.vigil', '// x\n'.repeat(600_000)]]), { readFile: () => undefined });
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^Cannot read rule file 'huge\.vigil': it is larger than 2 MiB/)]);
  });
});

describe('the import boundary', () => {
  const HEAD = 'ruleset t version "1"\n';
  const FACTS = 'facts { b: boolean }\n';
  it('resolves .vigil imports inside the rule set folder', () => {
    fresh();
    writeFileSync(join(dir, 'main.vigil'), HEAD + 'import "more.vigil"\n' + FACTS);
    writeFileSync(join(dir, 'more.vigil'), 'rule R-1 "r" source "s" when b then caution azathioprine\n');
    const r = checkFiles([join(dir, 'main.vigil')]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.files.map((f) => f.uri)).toContain(join(dir, 'more.vigil'));
  });
  it('refuses files outside the folder, other extensions and links leading out, without reading them', () => {
    fresh();
    mkdirSync(join(dir, 'set'));
    writeFileSync(join(dir, 'secret.vigil'), 'SECRET-CONTENT');
    writeFileSync(join(dir, 'set', 'secret.txt'), 'SECRET-CONTENT');
    symlinkSync(join(dir, 'secret.vigil'), join(dir, 'set', 'link.vigil'));
    writeFileSync(
      join(dir, 'set', 'main.vigil'),
      HEAD + 'import "../secret.vigil"\nimport "secret.txt"\nimport "/etc/passwd"\nimport "/proc/self/environ"\nimport "/dev/zero"\n' + FACTS,
    );
    const { files, roots } = collectRuleFiles([join(dir, 'set', 'main.vigil')]);
    const r = checkFiles(files, undefined, { roots });
    const refused = r.diagnostics.filter((d) => d.code === 'VGL2011');
    expect(refused.map((d) => d.message)).toEqual([
      expect.stringMatching(/^Import '\.\.\/secret\.vigil' is refused: it is outside the rule set's folders/),
      "Import 'secret.txt' is refused: only .vigil files can be imported.",
      "Import '/etc/passwd' is refused: only .vigil files can be imported.",
      "Import '/proc/self/environ' is refused: only .vigil files can be imported.",
      "Import '/dev/zero' is refused: only .vigil files can be imported.",
    ]);
    expect(r.files).toHaveLength(1);
    expect(JSON.stringify(r.diagnostics)).not.toContain('SECRET-CONTENT');
    // A link inside the folder leading out of it is refused as a rule file too.
    const walked = collectRuleFiles([join(dir, 'set')]);
    const w = checkFiles(walked.files, undefined, { roots: walked.roots });
    expect(w.diagnostics.find((d) => d.code === 'VGL2010' && d.uri.endsWith('link.vigil'))?.message).toMatch(/leads outside the rule set's folders/);
    expect(JSON.stringify(w.diagnostics)).not.toContain('SECRET-CONTENT');
  });
  it('takes the folders named on the command line as roots', () => {
    fresh();
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'a', 'main.vigil'), HEAD + 'import "../shared/more.vigil"\n' + FACTS);
    writeFileSync(join(dir, 'shared', 'more.vigil'), 'rule R-1 "r" source "s" when b then caution azathioprine\n');
    const one = collectRuleFiles([join(dir, 'a')]);
    expect(checkFiles(one.files, undefined, { roots: one.roots }).diagnostics.map((d) => d.code)).toContain('VGL2011');
    const both = collectRuleFiles([join(dir, 'a'), join(dir, 'shared')]);
    expect(checkFiles(both.files, undefined, { roots: both.roots }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

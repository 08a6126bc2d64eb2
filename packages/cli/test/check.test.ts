import { describe, expect, it } from 'vitest';
import { allCodes } from '@vigil/core';
import { BROKEN_RULES, RULES, runCli, tempTree } from './helpers.js';

const WARNING_RULES = RULES.replace('  source "guideline.txt"\n  strength moderate\n', '  strength moderate\n');

describe('vigil check', () => {
  it('exits 0 and prints a summary for a clean rule set', async () => {
    const cwd = tempTree({ 'rules/main.vigil': RULES });
    const r = await runCli(['check', 'rules'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0 errors, 0 warnings in 1 file\n');
    expect(r.code).toBe(0);
  });

  it('exits 1 and prints code frames with did-you-mean fixes for errors', async () => {
    const cwd = tempTree({ 'rules/main.vigil': BROKEN_RULES });
    const r = await runCli(['check', 'rules/main.vigil'], { cwd });
    expect(r.code).toBe(1);
    const line = BROKEN_RULES.split('\n').findIndex((l) => l.includes('wcc')) + 1;
    const column = BROKEN_RULES.split('\n')[line - 1]!.indexOf('wcc') + 1;
    expect(r.stdout).toContain(`rules/main.vigil:${line}:${column} - error VGL2001: `);
    expect(r.stdout).toContain(`${line} |   when wcc < 3.5 10*9/L\n`);
    expect(r.stdout).toMatch(/\|\s{8}\^\^\^\n/);
    expect(r.stdout).toContain("help: ");
    expect(r.stdout).toContain(`${line} |   when wbc < 3.5 10*9/L\n`);
    expect(r.stdout).toMatch(/\d+ errors?, 0 warnings in 1 file\n$/);
  });

  it('counts every file of a directory, imports included', async () => {
    const cwd = tempTree({
      'rules/main.vigil': RULES.replace('facts {', 'import "extra/more.vigil"\n\nfacts {'),
      'rules/extra/more.vigil': 'define low_wbc "Low" = wbc < 2 10*9/L\n',
    });
    const r = await runCli(['check', 'rules'], { cwd });
    expect(r.stdout).toBe('0 errors, 0 warnings in 2 files\n');
    expect(r.code).toBe(0);
  });

  it('exits 0 on warnings, and 1 with --strict', async () => {
    const cwd = tempTree({ 'main.vigil': WARNING_RULES });
    const plain = await runCli(['check', 'main.vigil'], { cwd });
    expect(plain.stdout).toContain('warning VGL5005');
    expect(plain.stdout).toMatch(/0 errors, 1 warning in 1 file\n$/);
    expect(plain.code).toBe(0);
    const strict = await runCli(['check', 'main.vigil', '--strict'], { cwd });
    expect(strict.code).toBe(1);
  });

  it('colours output on a TTY only, and honours NO_COLOR and FORCE_COLOR', async () => {
    const cwd = tempTree({ 'main.vigil': BROKEN_RULES });
    expect((await runCli(['check', 'main.vigil'], { cwd })).stdout).not.toContain('\u001b[');
    expect((await runCli(['check', 'main.vigil'], { cwd, isTTY: true })).stdout).toContain('\u001b[');
    expect((await runCli(['check', 'main.vigil'], { cwd, isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await runCli(['check', 'main.vigil'], { cwd, env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
  });

  it('--format json: documented shape with 1-based positions beside the 0-based range', async () => {
    const cwd = tempTree({ 'rules/main.vigil': BROKEN_RULES });
    const r = await runCli(['check', 'rules', '--format', 'json'], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    expect(report.tool).toMatchObject({ name: 'vigil' });
    expect(report.files).toEqual(['rules/main.vigil']);
    expect(report.summary).toEqual({ errors: report.diagnostics.length, warnings: 0, info: 0, files: 1 });
    const d = report.diagnostics.find((x: { code: string }) => x.code === 'VGL2001');
    expect(d).toMatchObject({ name: 'unknown-name', severity: 'error', path: 'rules/main.vigil' });
    expect(d.uri).toBe(`${cwd}/rules/main.vigil`);
    expect(d.line).toBe(d.range.start.line + 1);
    expect(d.column).toBe(d.range.start.character + 1);
    expect(d.endLine).toBe(d.range.end.line + 1);
    expect(d.endColumn).toBe(d.range.end.character + 1);
    expect(d.range.end.offset - d.range.start.offset).toBe(3);
    expect(d.fixes[0].edits[0]).toMatchObject({ newText: 'wbc', line: d.line, column: d.column });
    expect(Array.isArray(d.related)).toBe(true);
  });

  it('--format sarif: a SARIF 2.1.0 log with the code registry as rules', async () => {
    const cwd = tempTree({ 'rules/main.vigil': BROKEN_RULES });
    const r = await runCli(['check', 'rules', '--format', 'sarif'], { cwd });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('vigil');
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(allCodes.map((c) => c.code));
    const levels = { error: 'error', warning: 'warning', info: 'note' } as const;
    run.tool.driver.rules.forEach((rule: { shortDescription: { text: string }; defaultConfiguration: { level: string } }, i: number) => {
      expect(rule.shortDescription.text).toBe(allCodes[i]!.summary);
      expect(rule.defaultConfiguration.level).toBe(levels[allCodes[i]!.severity as keyof typeof levels]);
    });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${cwd}/`);
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'VGL2001');
    expect(result.level).toBe('error');
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('VGL2001');
    expect(result.message.text).toContain('wcc');
    const loc = result.locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: 'rules/main.vigil', uriBaseId: '%SRCROOT%' });
    const line = BROKEN_RULES.split('\n').findIndex((l) => l.includes('wcc')) + 1;
    const column = BROKEN_RULES.split('\n')[line - 1]!.indexOf('wcc') + 1;
    expect(loc.region).toMatchObject({ startLine: line, startColumn: column, endLine: line, endColumn: column + 3, charLength: 3 });
    expect(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe('wbc');
  });

  it('usage errors exit 2 with a one-line message and no stack', async () => {
    const cwd = tempTree({ 'main.vigil': RULES, 'empty/readme.txt': 'x' });
    const missing = await runCli(['check', 'nope.vigil'], { cwd });
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe("error: cannot read 'nope.vigil': no such file or directory\n");
    const empty = await runCli(['check', 'empty'], { cwd });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no .vigil files in 'empty'");
    const noArgs = await runCli(['check'], { cwd });
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain("missing required argument 'paths'");
    const badFormat = await runCli(['check', 'main.vigil', '--format', 'xml'], { cwd });
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('Allowed choices are text, json, sarif');
    const badOption = await runCli(['check', 'main.vigil', '--fast'], { cwd });
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("unknown option '--fast'");
    expect(badOption.stderr).toContain("vigil check --help");
  });
});

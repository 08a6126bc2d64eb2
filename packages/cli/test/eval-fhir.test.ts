// `vigil eval RULES --fhir bundle.json` on the azathioprine rule set and its bindings.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const ROOT = resolve(__dirname, '../../..');
const NOW = '2026-12-01T09:00:00Z';

describe('vigil eval --fhir', () => {
  it('evaluates the example bundle: TPMT absent contraindicates azathioprine, missing facts with reasons', async () => {
    const r = await runCli(['eval', 'rules/azathioprine', '--fhir', 'rules/azathioprine/fhir/tpmt-absent.json', '--now', NOW], { cwd: ROOT });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/contraindicate azathioprine\n\s+rule AZA-PRE-02/);
    expect(r.stdout).toContain('Missing facts');
    expect(r.stdout).toContain('weight is missing (no final Observation for LOINC 29463-7 in the last 90 d)');
    expect(r.stdout).toContain('hepatic_vod: not bound to FHIR');
  });

  it('--json carries the facts read, where from, and why the others are missing', async () => {
    const r = await runCli(['eval', 'rules/azathioprine', '--fhir', 'rules/azathioprine/fhir/tpmt-absent.json', '--now', NOW, '--json'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.facts).toMatchObject({ tpmt: 'absent', wbc: { value: 6100, unit: '/uL' }, age: { value: 43, unit: 'a' }, azathioprine_planned: true, alt_uln: { value: 35, unit: 'U/L' } });
    expect(out.factSources.tpmt).toBe('Observation/tpmt-1');
    expect(out.missingFacts.ast).toBe('no final Observation for LOINC 1920-8 in the last 30 d');
    expect(out.decisions[0]).toMatchObject({ rule: 'AZA-PRE-02', action: 'contraindicate' });
  });

  it('reports a bindings error with file, line and field, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-fhir-'));
    cpSync(join(ROOT, 'rules/azathioprine'), join(dir, 'aza'), { recursive: true });
    writeFileSync(join(dir, 'aza/fhir-bindings.yaml'), 'version: 1\nfacts:\n  wbc:\n    observation: { codes: [loinc:6690-2], within: 30 days }\n');
    const r = await runCli(['eval', 'aza', '--fhir', 'aza/fhir/tpmt-absent.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/aza\/fhir-bindings\.yaml:4:\d+ - error VGL8001: facts\.wbc\.observation\.within: expected a look-back window such as "30 d"/);
  });

  it('refuses a value the fact schema does not accept, at the resource it was read from, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-fhir-'));
    const bundle = JSON.parse(readFileSync(join(ROOT, 'rules/azathioprine/fhir/tpmt-absent.json'), 'utf8'));
    bundle.entry.find((e: { resource: { id: string } }) => e.resource.id === 'wbc-1').resource.valueQuantity.value = -6100;
    writeFileSync(join(dir, 'negative.json'), JSON.stringify(bundle, null, 2));
    const r = await runCli(['eval', join(ROOT, 'rules/azathioprine'), '--fhir', 'negative.json', '--now', NOW], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^negative\.json:44:7 - error VGL7001: wbc: -6100 \/uL \(-6\.1 10\*9\/L\) is outside the plausible range .* \(read from Observation\/wbc-1\)$/m);
  });

  it('refuses a file that is not FHIR, names a malformed entry, and rejects --facts with --fhir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-fhir-'));
    writeFileSync(join(dir, 'facts.json'), '{ "tpmt": "absent" }\n');
    writeFileSync(join(dir, 'bad-entry.json'), '{ "resourceType": "Bundle",\n  "entry": [\n    { "fullUrl": "x" }\n  ] }\n');
    const rules = join(ROOT, 'rules/azathioprine');
    const notFhir = await runCli(['eval', rules, '--fhir', 'facts.json'], { cwd: dir });
    expect(notFhir.code).toBe(1);
    expect(notFhir.stderr).toMatch(/facts\.json:1:1 - error VGL8004: expected a FHIR resource or Bundle/);
    const bad = await runCli(['eval', rules, '--fhir', 'bad-entry.json', '--now', NOW], { cwd: dir });
    expect(bad.code).toBe(0);
    expect(bad.stderr).toMatch(/bad-entry\.json:3:5 - warning VGL8002: entry\[0\]: a Bundle entry without a resource is ignored/);
    const both = await runCli(['eval', rules, '--fhir', 'facts.json', '--facts', 'facts.json'], { cwd: dir });
    expect(both.code).toBe(2);
  });
});

describe('reported bounds', () => {
  it('decide the rules when every threshold lies beyond them; otherwise the fact stays unknown', async () => {
    const { checkFiles, collectRuleFiles } = await import('@vigil/core');
    const { boundThresholds } = await import('../src/fhir/bound-thresholds.js');
    const check = checkFiles(collectRuleFiles(['rules/azathioprine'], ROOT).files);
    const bounds = boundThresholds(check.ir!);
    expect(bounds.wbc!.thresholds).toEqual(expect.arrayContaining([2, 2.5]));
    expect(bounds.wbc!.factors['/uL']).toBe(0.001);
    expect(bounds.alt, 'alt is compared with its baseline and ULN').toBeUndefined();
    expect(bounds.weight, 'weight is used in doses').toBeUndefined();

    const dir = mkdtempSync(join(tmpdir(), 'vigil-fhir-'));
    const bundle = JSON.parse(readFileSync(join(ROOT, 'rules/azathioprine/fhir/tpmt-absent.json'), 'utf8'));
    const wbc = bundle.entry.find((e: { resource: { id: string } }) => e.resource.id === 'wbc-1').resource;
    wbc.valueQuantity = { comparator: '<', value: 500, unit: '/uL', system: 'http://unitsofmeasure.org', code: '/uL' };
    writeFileSync(join(dir, 'low.json'), JSON.stringify(bundle));
    const low = await runCli(['eval', join(ROOT, 'rules/azathioprine'), '--fhir', 'low.json', '--now', NOW], { cwd: dir });
    expect(low.code).toBe(0);
    expect(low.stdout).toMatch(/rule AZA-PRE-06 "Severe pre-treatment cytopenia"/);
    expect(low.stdout).toContain('Reported bounds\n  wbc: reported as <500 /uL: every rule compares wbc only with values above it');
    wbc.valueQuantity.value = 2200;
    writeFileSync(join(dir, 'mid.json'), JSON.stringify(bundle));
    const mid = await runCli(['eval', join(ROOT, 'rules/azathioprine'), '--fhir', 'mid.json', '--now', NOW, '--json'], { cwd: dir });
    const out = JSON.parse(mid.stdout);
    expect(out.facts.wbc).toBeUndefined();
    expect(out.missingFacts.wbc).toMatch(/is <2200 \/uL: a bound \(comparator "<"\), not a value$/);
  });
});

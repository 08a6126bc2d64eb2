import { describe, expect, it } from 'vitest';
import { parseFacts, jsonSyntaxError, locateFactPath, parseFactPath, factIssueDiagnostics } from '../src/facts/load-facts.js';
import { RULES, runCli, tempTree } from './helpers.js';

describe('parsing facts files', () => {
  it('reads YAML and JSON into plain objects', () => {
    const yaml = parseFacts('tpmt: low\nwbc: "3.1 10*9/L"\nmedications: [allopurinol]\n', '/p/p1.yaml');
    expect(yaml.ok && yaml.facts.data).toEqual({ tpmt: 'low', wbc: '3.1 10*9/L', medications: ['allopurinol'] });
    const json = parseFacts('{ "tpmt": "low", "wbc": { "value": 3.1, "unit": "10*9/L" } }', '/p/p1.json');
    expect(json.ok && json.facts.data).toEqual({ tpmt: 'low', wbc: { value: 3.1, unit: '10*9/L' } });
  });

  it('treats an empty file as a patient with no facts, and a list as an error', () => {
    const empty = parseFacts('# nothing known\n', '/p/p.yaml');
    expect(empty.ok && empty.facts.data).toEqual({});
    const list = parseFacts('- a\n- b\n', '/p/p.yaml');
    expect(list.ok).toBe(false);
    expect(!list.ok && list.diagnostics[0]).toMatchObject({ code: 'VGL7005', message: expect.stringContaining('not a list') });
  });

  it('reports malformed YAML as VGL7002 at the fault', () => {
    const r = parseFacts('tpmt: low\nwbc: [1, 2\nalt: 3\n', '/p/p.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]!.code).toBe('VGL7002');
    expect(r.diagnostics[0]!.message).toMatch(/^Malformed YAML: /);
    expect(r.diagnostics[0]!.range.start.line).toBeGreaterThanOrEqual(1);
  });

  it('reports malformed JSON as VGL7002 with the exact position, trailing commas included', () => {
    const r = parseFacts('{\n  "tpmt": "low",\n  "wbc": 3,\n}\n', '/p/p.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: 'VGL7002', range: { start: { line: 2, character: 10 } } }); // the comma
    expect(jsonSyntaxError('[1, 2, ]')).toEqual({ offset: 5, message: 'trailing comma before ]' });
    expect(r.diagnostics[0]!.message).toBe('Malformed JSON: trailing comma before }.');
    expect(jsonSyntaxError('{"a": 1 "b": 2}')).toEqual({ offset: 8, message: "expected ',' or '}' after a property value, found '\"'" });
    expect(jsonSyntaxError('{"a": ')).toEqual({ offset: 6, message: 'unexpected end of file' });
    expect(jsonSyntaxError("{'a': 1}")?.offset).toBe(1);
    expect(jsonSyntaxError('[1, 2] x')?.message).toContain('after the end of the JSON value');
    expect(jsonSyntaxError('"tab\there"')?.message).toContain('control character');
    expect(jsonSyntaxError('{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}}')).toBeUndefined();
  });

  it('parses fact paths', () => {
    expect(parseFactPath('wbc')).toEqual(['wbc']);
    expect(parseFactPath('medications[2]')).toEqual(['medications', 2]);
    expect(parseFactPath('wbc.unit')).toEqual(['wbc', 'unit']);
  });

  it('locates a fact path at its key (and same-line value), or at a list item', () => {
    const text = 'tpmt: low\nwbc: "3 mg"\nmedications:\n  - allopurinol\n  - 42\n  - febuxostat\n';
    const r = parseFacts(text, '/p/p.yaml');
    if (!r.ok) throw new Error('parse failed');
    const at = (path: string) => {
      const { start, end } = locateFactPath(r.facts.document, r.facts.source, path);
      return text.slice(start, end);
    };
    expect(at('wbc')).toBe('wbc: "3 mg"');
    expect(at('medications')).toBe('medications');
    expect(at('medications[1]')).toBe('42');
    expect(at('medications[9]')).toBe('medications');
    expect(at('nothing')).toBe('');
    const [d] = factIssueDiagnostics([{ path: 'medications[1]', message: 'expected a code' }], r.facts);
    expect(d).toMatchObject({ code: 'VGL7001', message: 'medications[1]: expected a code', range: { start: { line: 4, character: 4 } } });
  });

  it('does not repeat a path the message already starts with', () => {
    const r = parseFacts('wbc: 3\n', '/p/p.yaml');
    if (!r.ok) throw new Error('parse failed');
    expect(factIssueDiagnostics([{ path: 'wbc', message: 'wbc: bad' }], r.facts)[0]!.message).toBe('wbc: bad');
  });
});

describe('vigil eval: facts errors name the file, line and field', () => {
  // The real engine's validateFacts: the CLI only adds the file, line and field.
  const run = (facts: Record<string, string>, file: string) => runCli(['eval', 'rules', '--facts', file], { cwd: tempTree({ 'rules/main.vigil': RULES, ...facts }) });

  it('a wrong unit', async () => {
    const r = await run({ 'patients/p1.yaml': '# patient 1\ntpmt: normal\nmedications: []\nwbc: "2.1 mg"\n' }, 'patients/p1.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/patients\/p1\.yaml:4:1 - error VGL7001: wbc: unit "mg" is not accepted; accepted units: 10\*9\/L, /);
    expect(r.stderr).toContain('  4 | wbc: "2.1 mg"\n    | ^^^^^^^^^^^^^\n');
    expect(r.stderr).toContain('1 error, 0 warnings in 1 file');
  });

  it('an unknown fact', async () => {
    const r = await run({ 'p.json': '{\n  "tpmt": "normal",\n  "wcc": "3 10*9/L"\n}\n' }, 'p.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('p.json:3:3 - error VGL7001: wcc: unknown fact "wcc"; did you mean "wbc"?');
  });

  it('a bad enum value', async () => {
    const r = await run({ 'p.yml': 'tpmt: medium\n' }, 'p.yml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('p.yml:1:1 - error VGL7001: tpmt: "medium" is not one of: normal, intermediate, low, absent');
  });

  it('a bad list item', async () => {
    const r = await run({ 'p.yaml': 'medications:\n  - allopurinol\n  - 42\n' }, 'p.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('p.yaml:3:5 - error VGL7001: medications[1]: expected a code');
    expect(r.stderr).toContain('  3 |   - 42\n    |     ^^\n');
  });

  it('malformed YAML', async () => {
    const r = await run({ 'p.yaml': 'tpmt: normal\nwbc: "3.1 10*9/L\n' }, 'p.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/p\.yaml:\d+:\d+ - error VGL7002: Malformed YAML: /);
  });

  it('malformed JSON', async () => {
    const r = await run({ 'p.json': '{\n  "tpmt": "normal"\n  "wbc": 3\n}\n' }, 'p.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("p.json:3:3 - error VGL7002: Malformed JSON: expected ',' or '}' after a property value, found '\"'.");
    expect(r.stderr).toContain('  3 |   "wbc": 3\n    |   ^\n');
  });

  it('an unreadable facts file is a usage error', async () => {
    const r = await run({}, 'missing.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: cannot read 'missing.yaml': no such file or directory\n");
  });
});

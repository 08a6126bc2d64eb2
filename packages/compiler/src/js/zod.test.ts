// The zod schema module accepts and rejects the same samples as validateFacts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEngine } from './generate.js';
import { instantiateEngine } from '../load.js';
import { fact, program, rule, T, term, valueSet } from '@vigil/core/test';

const ir = program({
  facts: [
    fact('wbc', T.quantity('10*9/L'), { units: { '/uL': '0.001' } }),
    fact('alt', T.quantity('U/L'), { baseline: true }),
    fact('tpmt', T.enum('normal', 'low', 'absent')),
    fact('medications', T.set(T.code)),
    fact('pregnant', T.boolean),
    fact('note', T.text),
    fact('born', T.date),
    fact('last_dose', T.datetime),
    fact('__proto__', T.boolean),
  ],
  valueSets: [valueSet('xoi', [term('allopurinol', 'rxnorm:519')])],
  rules: [rule('R', {})],
});

const generated = generateEngine(ir);
const engine = instantiateEngine(ir);

interface Schema {
  safeParse(input: unknown): { success: boolean };
}

// Written beside the package so that `zod` resolves from the workspace, then removed.
const dir = mkdtempSync(join(fileURLToPath(new URL('../..', import.meta.url)), '.schema-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let schema: Promise<Schema> | undefined;

function loadSchema(): Promise<Schema> {
  expect(generated.schema).toContain("import { z } from 'zod';");
  schema ??= (async () => {
    const file = join(dir, 'facts.schema.mjs');
    writeFileSync(file, generated.schema, 'utf8');
    return ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { factsSchema: Schema }).factsSchema;
  })();
  return schema;
}

const SAMPLES: [string, unknown][] = [
  ['empty', {}],
  ['all forms', { wbc: '2100 /uL', alt: { value: 40, unit: 'U/L' }, alt_baseline: 35, tpmt: 'low', medications: ['allopurinol', 'RxNorm:519'], pregnant: false, note: 'hi', born: '1990-05-01', last_dose: '2024-03-01T08:30:00+01:00' }],
  ['nulls', { wbc: null, tpmt: null, medications: null }],
  ['numeric string', { wbc: '2.5' }],
  ['quantity without unit', { wbc: { value: 2.5 } }],
  ['unknown key', { wbcc: 2 }],
  ['bad enum', { tpmt: 'medium' }],
  ['bad unit', { wbc: '2100 g' }],
  ['bad unit in object', { wbc: { value: 1, unit: 'g' } }],
  ['extra key in quantity', { wbc: { value: 1, unit: '/uL', x: 1 } }],
  ['NaN', { wbc: Number.NaN }],
  ['Infinity text', { wbc: '1e999' }],
  ['boolean as string', { pregnant: 'true' }],
  ['set not array', { medications: 'allopurinol' }],
  ['bad code', { medications: ['not a code'] }],
  ['bad date', { born: '2023-02-29' }],
  ['bad datetime', { last_dose: '2024-01-01T24:00:00Z' }],
  ['date object', { last_dose: new Date(Date.UTC(2024, 0, 1)) }],
  ['array input', []],
  ['number input', 3],
  ['own __proto__ fact', JSON.parse('{"__proto__": true}')],
  ['constructor key', JSON.parse('{"constructor": true}')],
];

describe('facts.schema.js', () => {
  it.each(SAMPLES)('agrees with validateFacts on %s', async (_label, input) => {
    const schema = await loadSchema();
    expect(schema.safeParse(input).success).toBe(engine.validateFacts(input).ok);
  });
});

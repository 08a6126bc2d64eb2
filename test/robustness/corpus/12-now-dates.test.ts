// Item 12 (dates): an impossible --now was handled five different ways across eval, run,
// test, gen-facts and diff (exit 3, silently rolled over to March, accepted by one command
// and refused by another); a date after --now in eval was exit 3 "internal error". One
// parser now reads --now for every command: exit 2 with one message.
import { beforeAll, describe, expect, it } from 'vitest';
import { AZA, ensureBuilt, expectContract, NOW, tempDir, vigil } from './support.js';

beforeAll(ensureBuilt, 120_000);

const COMMANDS: readonly (readonly string[])[] = [
  ['eval', AZA, '--facts', 'p.json'],
  ['run', AZA, '--facts', 'p.ndjson'],
  ['test', AZA],
  ['gen-facts', AZA, '-n', '1'],
  ['diff', AZA, AZA],
];

describe('--now', () => {
  for (const [now, message] of [
    ['2026-02-30', "--now '2026-02-30' is not a valid date: February 2026 has 28 days; write a date or date-time such as 2026-03-01 or 2026-03-01T09:30:00Z"],
    ['2026-13-01', "--now '2026-13-01' is not a valid date: there is no month 13;"],
    ['2026-02-28T25:00:00Z', "--now '2026-02-28T25:00:00Z' is not a valid date: hour 25 is past 23;"],
    ['2026-02-28T10:61', "--now '2026-02-28T10:61' is not a valid date: minute 61 is past 59;"],
    ['soon', "--now 'soon' is not an ISO 8601 date or date-time; write a date or date-time such as 2026-03-01 or 2026-03-01T09:30:00Z"],
    ['', "--now '' is not an ISO 8601 date or date-time;"],
  ] as const) {
    it(`'${now}' is exit 2 with one message in every command`, () => {
      const dir = tempDir({ 'p.json': '{"tpmt":"normal"}', 'p.ndjson': '{"tpmt":"normal"}\n' });
      for (const command of COMMANDS) {
        const r = vigil([...command, '--now', now], { cwd: dir });
        expectContract(r);
        expect({ command: command[0], code: r.code }).toEqual({ command: command[0], code: 2 });
        expect(r.stderr.startsWith(`error: ${message}`), `${command[0]}: ${r.stderr}`).toBe(true);
        expect(r.stdout).toBe('');
      }
    });
  }

  it('a date-time without a zone is UTC in every command, whatever the time zone of the machine', () => {
    const dir = tempDir({});
    const env = { TZ: 'Pacific/Kiritimati' }; // UTC+14: local midnight is 10:00 the day before in UTC
    const gen = (now: string) => vigil(['gen-facts', AZA, '-n', '20', '--seed', '3', '--now', now], { cwd: dir, env });
    const local = gen('2026-03-01T00:00');
    expectContract(local);
    expect(local.code).toBe(0);
    expect(local.stdout).toBe(gen('2026-03-01T00:00:00Z').stdout);
  });

  it('a date after --now in eval is a facts error located in the file, not an internal error', () => {
    const dir = tempDir({ 'p.json': '{\n  "tpmt": "normal",\n  "last_dose": "2027-01-01T00:00:00Z"\n}\n' });
    const r = vigil(['eval', AZA, '--facts', 'p.json', '--now', NOW], { cwd: dir });
    expectContract(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('p.json:3:3 - error VGL7001: last_dose: is 2027-01-01T00:00:00.000Z, after the evaluation time 2026-03-01T09:00:00.000Z');
    const expr = vigil(['eval', AZA, '--facts', 'p.json', '--now', NOW, '--expr', 'tpmt = normal'], { cwd: dir });
    expectContract(expr);
    expect(expr.code).toBe(1);
    expect(expr.stderr).toContain('error VGL7001: last_dose');
  });
});

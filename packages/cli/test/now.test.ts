import { describe, expect, it } from 'vitest';
import { parseNow } from '../src/now.js';

describe('parseNow: the one reader of --now', () => {
  it('reads dates and date-times; without a zone, UTC', () => {
    expect(parseNow('2026-03-01').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseNow('2026-03-01T09:30').toISOString()).toBe('2026-03-01T09:30:00.000Z');
    expect(parseNow('2026-03-01 09:30:15.250').toISOString()).toBe('2026-03-01T09:30:15.250Z');
    expect(parseNow('2026-03-01T09:30:00+01:00').toISOString()).toBe('2026-03-01T08:30:00.000Z');
    expect(parseNow('2026-03-01T09:30:00-0230').toISOString()).toBe('2026-03-01T12:00:00.000Z');
    expect(parseNow('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseNow('2000-02-29').toISOString()).toBe('2000-02-29T00:00:00.000Z');
  });

  it('refuses impossible dates instead of rolling them over', () => {
    expect(() => parseNow('2026-02-29')).toThrow('February 2026 has 28 days');
    expect(() => parseNow('1900-02-29')).toThrow('February 1900 has 28 days');
    expect(() => parseNow('2026-04-31')).toThrow('April 2026 has 30 days');
    expect(() => parseNow('2026-00-10')).toThrow('there is no month 00');
    expect(() => parseNow('2026-01-01T24:00')).toThrow('hour 24 is past 23');
    expect(() => parseNow('2026-01-01T10:00:60Z')).toThrow('second 60 is past 59');
    expect(() => parseNow('2026-01-01T10:00+25:00')).toThrow('the offset +25:00 is not a time-zone offset');
  });

  it('refuses what is not an ISO 8601 date, with one message', () => {
    for (const text of ['soon', '', '2026-1-1', '1772355600000', 'March 1, 2026', '2026-03-01T09', '+002026-03-01']) {
      expect(() => parseNow(text)).toThrow(`--now '${text}' is not an ISO 8601 date or date-time; write a date or date-time such as 2026-03-01 or 2026-03-01T09:30:00Z`);
    }
  });
});

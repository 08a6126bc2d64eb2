import { describe, expect, it } from 'vitest';
import { isoDateTime, parseAsOf, resolveRelativeDate } from '../src/index.js';

const at = new Date('2026-03-31T09:30:00Z');
const rel = (text: string, asOf = at) => {
  const r = resolveRelativeDate(text, asOf);
  return r === undefined ? undefined : r.ok ? isoDateTime(r.date) : r.message;
};

describe('relative dates', () => {
  it('days, weeks, hours, minutes', () => {
    expect(rel('3 days ago')).toBe('2026-03-28T09:30:00Z');
    expect(rel('2 weeks ago')).toBe('2026-03-17T09:30:00Z');
    expect(rel('1 week ago')).toBe('2026-03-24T09:30:00Z');
    expect(rel('36 hours ago')).toBe('2026-03-29T21:30:00Z');
    expect(rel('90 min ago')).toBe('2026-03-31T08:00:00Z');
    expect(rel('2.5 d ago')).toBe('2026-03-28T21:30:00Z');
    expect(rel('in 1 wk')).toBe('2026-04-07T09:30:00Z');
  });

  it('months and years along the calendar, clamping to the month end', () => {
    expect(rel('1 month ago')).toBe('2026-02-28T09:30:00Z');
    expect(rel('13 months ago')).toBe('2025-02-28T09:30:00Z');
    expect(rel('2 years ago', new Date('2026-02-28T00:00:00Z'))).toBe('2024-02-28T00:00:00Z');
    expect(rel('1 year ago', new Date('2028-02-29T00:00:00Z'))).toBe('2027-02-28T00:00:00Z');
    expect(rel('in 11 months')).toBe('2027-02-28T09:30:00Z');
  });

  it('named days', () => {
    expect(rel('today')).toBe('2026-03-31T09:30:00Z');
    expect(rel('Yesterday')).toBe('2026-03-30T09:30:00Z');
    expect(rel('tomorrow')).toBe('2026-04-01T09:30:00Z');
  });

  it('explains what it cannot read, and leaves other text alone', () => {
    expect(rel('3 fortnights ago')).toMatch(/unknown time unit 'fortnights'/);
    expect(rel('1.5 months ago')).toMatch(/whole numbers/);
    expect(rel('a while ago')).toMatch(/cannot read the relative date/);
    expect(rel('2026-01-01')).toBeUndefined();
    expect(rel('3 days')).toBeUndefined();
  });
});

describe('as_of', () => {
  it('a date is midnight UTC; a date-time without a zone is UTC', () => {
    expect(parseAsOf('2026-01-15')?.toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(parseAsOf('2026-01-15T09:30')?.toISOString()).toBe('2026-01-15T09:30:00.000Z');
    expect(parseAsOf('2026-01-15T09:30:00+02:00')?.toISOString()).toBe('2026-01-15T07:30:00.000Z');
    expect(parseAsOf('2026-02-30')).toBeUndefined();
    expect(parseAsOf('next week')).toBeUndefined();
    expect(parseAsOf(20260115)).toBeUndefined();
  });
});

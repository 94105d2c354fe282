import { describe, expect, it } from 'vitest';
import { instantToLocalDate, zonedDateTimeToInstant } from '../../../src/domain/schedule/index.js';

const iso = (ms: number): string => new Date(ms).toISOString();

describe('zonedDateTimeToInstant', () => {
  it('handles Europe/London in winter, summer and across both DST changes', () => {
    expect(iso(zonedDateTimeToInstant('2026-01-15', '09:00', 'Europe/London'))).toBe('2026-01-15T09:00:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-07-15', '09:00', 'Europe/London'))).toBe('2026-07-15T08:00:00.000Z');
    // 01:30 does not exist on 2026-03-29: moves to 02:00 BST, the first instant after the gap.
    expect(iso(zonedDateTimeToInstant('2026-03-29', '01:30', 'Europe/London'))).toBe('2026-03-29T01:00:00.000Z');
    // 01:30 happens twice on 2026-10-25: the earlier (BST) one wins.
    expect(iso(zonedDateTimeToInstant('2026-10-25', '01:30', 'Europe/London'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-10-25', '02:00', 'Europe/London'))).toBe('2026-10-25T02:00:00.000Z');
  });

  it('handles America/New_York including its gap and overlap', () => {
    expect(iso(zonedDateTimeToInstant('2026-01-15', '09:00', 'America/New_York'))).toBe('2026-01-15T14:00:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-07-15', '09:00', 'America/New_York'))).toBe('2026-07-15T13:00:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:00:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('handles half-hour offsets and UTC', () => {
    expect(iso(zonedDateTimeToInstant('2026-05-01', '09:00', 'Asia/Kolkata'))).toBe('2026-05-01T03:30:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-05-01', '00:15', 'Asia/Kolkata'))).toBe('2026-04-30T18:45:00.000Z');
    expect(iso(zonedDateTimeToInstant('2026-05-01', '23:59', 'UTC'))).toBe('2026-05-01T23:59:00.000Z');
  });

  it('moves to the next day when a whole local date is skipped (Samoa, 2011-12-30)', () => {
    expect(iso(zonedDateTimeToInstant('2011-12-30', '12:00', 'Pacific/Apia'))).toBe('2011-12-30T10:00:00.000Z');
    expect(instantToLocalDate(Date.parse('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe('2011-12-31');
  });

  it('rejects invalid input', () => {
    expect(() => zonedDateTimeToInstant('2026-02-30', '09:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedDateTimeToInstant('2026-02-03', '9:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedDateTimeToInstant('2026-02-03', '09:00', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('instantToLocalDate', () => {
  it('gives the local date either side of local midnight', () => {
    const ms = (s: string): number => Date.parse(s);
    expect(instantToLocalDate(ms('2026-05-01T23:30:00Z'), 'UTC')).toBe('2026-05-01');
    expect(instantToLocalDate(ms('2026-05-01T23:30:00Z'), 'Asia/Kolkata')).toBe('2026-05-02');
    expect(instantToLocalDate(ms('2026-05-01T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-05-01');
    expect(instantToLocalDate(ms('2026-05-01T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-05-02');
    expect(instantToLocalDate(ms('2026-05-02T03:59:59Z'), 'America/New_York')).toBe('2026-05-01');
    expect(instantToLocalDate(ms('2026-05-02T04:00:00Z'), 'America/New_York')).toBe('2026-05-02');
    expect(instantToLocalDate(ms('2026-07-01T23:00:00Z'), 'Europe/London')).toBe('2026-07-02');
    expect(instantToLocalDate(ms('2026-01-01T23:00:00Z'), 'Europe/London')).toBe('2026-01-01');
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, compareDates, dayOfWeek, daysInMonth, isValidDate } from '../../../src/domain/schedule/index.js';

describe('calendar dates', () => {
  it('recognises real calendar dates only', () => {
    expect(['2024-02-29', '2026-12-31', '0001-01-01'].every(isValidDate)).toBe(true);
    expect(['2026-02-29', '2026-04-31', '2026-1-01', '2026-01-01T00:00', '0000-01-01', 20260101].some(isValidDate)).toBe(false);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    // Straddles both DST changes: UTC arithmetic keeps whole days.
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('knows days of week, month lengths and ordering', () => {
    expect(dayOfWeek('2026-03-02')).toBe('Mon');
    expect(dayOfWeek('1970-01-01')).toBe('Thu');
    expect(dayOfWeek('1969-12-28')).toBe('Sun');
    expect([daysInMonth(2024, 2), daysInMonth(2026, 2), daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2026, 4)]).toEqual([29, 28, 28, 29, 30]);
    expect(compareDates('2026-01-02', '2026-01-10')).toBeLessThan(0);
    expect(compareDates('2026-01-10', '2026-01-10')).toBe(0);
    expect(() => compareDates('2026-01-10', 'tomorrow')).toThrow(RangeError);
  });
});

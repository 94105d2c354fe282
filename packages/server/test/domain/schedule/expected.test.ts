import { describe, expect, it } from 'vitest';
import {
  addDays,
  expectedByInstant,
  expectedDatesBetween,
  isExpectedOn,
  latestDueDate,
  latestExpectedDateOnOrBefore,
  nextExpectedDateAfter,
  type DeliverySchedule,
} from '../../../src/domain/schedule/index.js';

const daily: DeliverySchedule = {
  isActive: true,
  cadence: 'daily',
  expectedBy: '09:00',
  timeZone: 'Europe/London',
  startDate: '2020-01-01',
  endDate: null,
};
const weekdays: DeliverySchedule = { ...daily, cadence: 'weekdays' };
const monThu: DeliverySchedule = { ...daily, cadence: 'weekly', daysOfWeek: ['Mon', 'Thu'] };
const monthly = (dayOfMonth: number): DeliverySchedule => ({ ...daily, cadence: 'monthly', dayOfMonth });

describe('expectedDatesBetween per cadence', () => {
  it('daily expects every date in March 2026', () => {
    const dates = expectedDatesBetween(daily, '2026-03-01', '2026-03-31');
    expect(dates).toHaveLength(31);
    expect([dates[0], dates[30]]).toEqual(['2026-03-01', '2026-03-31']);
  });

  it('weekdays skip weekends', () => {
    // March 2026 starts on a Sunday: 22 weekdays.
    const dates = expectedDatesBetween(weekdays, '2026-03-01', '2026-03-31');
    expect(dates).toHaveLength(22);
    expect(dates.slice(0, 6)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09']);
    expect(isExpectedOn(weekdays, '2026-03-07')).toBe(false);
    expect(isExpectedOn(weekdays, '2026-03-09')).toBe(true);
  });

  it('weekly Mon+Thu', () => {
    expect(expectedDatesBetween(monThu, '2026-03-01', '2026-03-31')).toEqual([
      '2026-03-02', '2026-03-05', '2026-03-09', '2026-03-12', '2026-03-16', '2026-03-19', '2026-03-23', '2026-03-26', '2026-03-30',
    ]);
  });

  it('monthly 31 falls on the last day of shorter months, including leap Februaries', () => {
    expect(expectedDatesBetween(monthly(31), '2026-01-01', '2026-06-30')).toEqual([
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30',
    ]);
    expect(expectedDatesBetween(monthly(31), '2024-02-01', '2024-02-29')).toEqual(['2024-02-29']);
    expect(expectedDatesBetween(monthly(30), '2026-02-01', '2026-03-31')).toEqual(['2026-02-28', '2026-03-30']);
    expect(expectedDatesBetween(monthly(15), '2026-03-01', '2026-03-31')).toEqual(['2026-03-15']);
  });

  it('monthly -1 is always the last day', () => {
    expect(expectedDatesBetween(monthly(-1), '2024-01-01', '2024-04-30')).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    const lastDays = expectedDatesBetween(monthly(-1), '2024-01-01', '2026-12-31');
    expect(lastDays).toHaveLength(36);
    for (const date of lastDays) expect(addDays(date, 1).endsWith('-01')).toBe(true);
  });

  it('clips to startDate and endDate', () => {
    const bounded = { ...daily, startDate: '2026-03-10', endDate: '2026-03-12' };
    expect(expectedDatesBetween(bounded, '2026-03-01', '2026-03-31')).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
    expect(expectedDatesBetween(bounded, '2026-03-12', '2026-03-20')).toEqual(['2026-03-12']);
    expect(expectedDatesBetween(bounded, '2026-03-13', '2026-03-20')).toEqual([]);
    expect(expectedDatesBetween({ ...monthly(10), startDate: '2026-03-11' }, '2026-03-01', '2026-04-30')).toEqual(['2026-04-10']);
    expect(isExpectedOn(bounded, '2026-03-09')).toBe(false);
    expect(isExpectedOn(bounded, '2026-03-13')).toBe(false);
  });

  it('expects nothing from an inactive schedule or a reversed range', () => {
    const inactive = { ...daily, isActive: false };
    expect(expectedDatesBetween(inactive, '2026-03-01', '2026-03-31')).toEqual([]);
    expect(isExpectedOn(inactive, '2026-03-02')).toBe(false);
    expect(latestDueDate(inactive, Date.parse('2026-03-02T12:00:00Z'))).toBeUndefined();
    expect(expectedDatesBetween(daily, '2026-03-31', '2026-03-01')).toEqual([]);
  });

  it('handles a 10-year range quickly', () => {
    const started = performance.now();
    const dates = expectedDatesBetween(daily, '2020-01-01', '2029-12-31');
    expect(dates).toHaveLength(3653);
    expect(new Set(dates).size).toBe(3653);
    expect(expectedDatesBetween(monthly(-1), '2020-01-01', '2029-12-31')).toHaveLength(120);
    expect(expectedDatesBetween(monThu, '2020-01-01', '2029-12-31').length).toBeGreaterThan(1040);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('neighbouring expected dates', () => {
  it('finds the latest expected date on or before a date', () => {
    expect(latestExpectedDateOnOrBefore(weekdays, '2026-03-08')).toBe('2026-03-06'); // Sunday -> Friday
    expect(latestExpectedDateOnOrBefore(monThu, '2026-03-04')).toBe('2026-03-02');
    expect(latestExpectedDateOnOrBefore(monthly(31), '2026-03-15')).toBe('2026-02-28');
    expect(latestExpectedDateOnOrBefore(monthly(31), '2026-03-31')).toBe('2026-03-31');
    expect(latestExpectedDateOnOrBefore(monthly(1), '2026-01-01')).toBe('2026-01-01');
    expect(latestExpectedDateOnOrBefore({ ...daily, endDate: '2026-02-01' }, '2026-03-15')).toBe('2026-02-01');
    expect(latestExpectedDateOnOrBefore({ ...monThu, startDate: '2026-03-03' }, '2026-03-04')).toBeUndefined();
  });

  it('finds the next expected date after a date', () => {
    expect(nextExpectedDateAfter(weekdays, '2026-03-06')).toBe('2026-03-09'); // Friday -> Monday
    expect(nextExpectedDateAfter(monThu, '2026-03-05')).toBe('2026-03-09');
    expect(nextExpectedDateAfter(monthly(31), '2026-01-31')).toBe('2026-02-28');
    expect(nextExpectedDateAfter(monthly(-1), '2024-02-28')).toBe('2024-02-29');
    expect(nextExpectedDateAfter({ ...daily, startDate: '2026-06-01' }, '2026-01-01')).toBe('2026-06-01');
    expect(nextExpectedDateAfter({ ...monThu, endDate: '2026-03-08' }, '2026-03-05')).toBeUndefined();
    expect(nextExpectedDateAfter(daily, '9999-12-31')).toBeUndefined();
  });
});

describe('latestDueDate', () => {
  const at = (s: string): number => Date.parse(s);

  it('is today only once the expectedBy time has passed', () => {
    // 09:00 BST on 2026-07-15 is 08:00Z.
    expect(latestDueDate(daily, at('2026-07-15T07:59:59Z'))).toBe('2026-07-14');
    expect(latestDueDate(daily, at('2026-07-15T08:00:00Z'))).toBe('2026-07-15');
    expect(expectedByInstant(daily, '2026-07-15')).toBe(at('2026-07-15T08:00:00Z'));
  });

  it('steps back over unexpected days and uses the schedule zone for "today"', () => {
    // Monday 2026-03-09 before 09:00 London: the last due weekday is Friday.
    expect(latestDueDate(weekdays, at('2026-03-09T08:59:00Z'))).toBe('2026-03-06');
    // 23:30 in New York on the 14th is already the 15th in UTC, but the 14th's slot is the latest due.
    const ny: DeliverySchedule = { ...daily, timeZone: 'America/New_York', expectedBy: '23:00' };
    expect(latestDueDate(ny, at('2026-07-15T03:30:00Z'))).toBe('2026-07-14');
    expect(latestDueDate(ny, at('2026-07-15T02:59:00Z'))).toBe('2026-07-13');
  });

  it('is undefined before the first slot is due', () => {
    const fresh = { ...daily, startDate: '2026-07-15' };
    expect(latestDueDate(fresh, at('2026-07-15T07:00:00Z'))).toBeUndefined();
    expect(latestDueDate(fresh, at('2026-07-15T09:00:00Z'))).toBe('2026-07-15');
  });
});

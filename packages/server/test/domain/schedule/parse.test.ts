import { describe, expect, it } from 'vitest';
import {
  normalizeSchedule,
  parseDeliverySchedule,
  schedulesEqual,
  type DeliverySchedule,
  type FieldError,
} from '../../../src/domain/schedule/index.js';

const base = { cadence: 'daily', expectedBy: '09:00', timeZone: 'Europe/London', startDate: '2026-01-01' };

function errorsOf(value: unknown, path?: string): FieldError[] {
  const result = parseDeliverySchedule(value, path);
  if (!('errors' in result)) throw new Error(`expected errors, got ${JSON.stringify(result.schedule)}`);
  return result.errors;
}

function scheduleOf(value: unknown): DeliverySchedule {
  const result = parseDeliverySchedule(value);
  if (!('schedule' in result)) throw new Error(`expected a schedule, got ${JSON.stringify(result.errors)}`);
  return result.schedule;
}

describe('parseDeliverySchedule errors', () => {
  it('rejects non-objects at the root path', () => {
    expect(errorsOf(null).map((e) => e.field)).toEqual(['delivery']);
    expect(errorsOf(['daily'], 'body.delivery')[0]).toMatchObject({ field: 'body.delivery', message: expect.stringMatching(/must be an object/) });
  });

  it('reports every missing required field', () => {
    const fields = errorsOf({}).map((e) => e.field);
    expect(fields).toEqual(['delivery.cadence', 'delivery.expectedBy', 'delivery.timeZone', 'delivery.startDate']);
  });

  it('names the bad entry of daysOfWeek under a custom path, and says what is allowed', () => {
    const errors = errorsOf({ ...base, cadence: 'weekly', daysOfWeek: ['Mon', 'Funday', 'mon'] }, 'delivery[0]');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toEqual({ field: 'delivery[0].daysOfWeek[1]', message: expect.stringContaining('Mon, Tue, Wed, Thu, Fri, Sat, Sun') });
    expect(errors[0]?.message).toContain('"Funday"');
    expect(errors[1]).toEqual({ field: 'delivery[0].daysOfWeek[2]', message: expect.stringContaining('repeats Mon (already at index 0)') });
  });

  it('requires a non-empty daysOfWeek for weekly and rejects it for other cadences', () => {
    expect(errorsOf({ ...base, cadence: 'weekly' })[0]?.field).toBe('delivery.daysOfWeek');
    expect(errorsOf({ ...base, cadence: 'weekly', daysOfWeek: [] })[0]?.message).toMatch(/at least one day/);
    expect(errorsOf({ ...base, daysOfWeek: ['Mon'] })[0]).toEqual({
      field: 'delivery.daysOfWeek',
      message: "is only allowed when cadence is 'weekly' (cadence is 'daily')",
    });
  });

  it('checks dayOfMonth range and type', () => {
    for (const bad of [0, 32, -2, 1.5, '15']) {
      const errors = errorsOf({ ...base, cadence: 'monthly', dayOfMonth: bad });
      expect(errors).toEqual([{ field: 'delivery.dayOfMonth', message: expect.stringContaining('1 to 31, or -1') }]);
    }
    expect(errorsOf({ ...base, cadence: 'monthly' })[0]?.field).toBe('delivery.dayOfMonth');
    expect(errorsOf({ ...base, dayOfMonth: 3 })[0]?.message).toMatch(/only allowed when cadence is 'monthly'/);
  });

  it('is strict about cadence spelling, times, zones, dates, isActive and unknown fields', () => {
    const errors = errorsOf({
      cadence: 'fortnightly',
      expectedBy: '9:00',
      timeZone: 'Mars/Olympus',
      startDate: '2026-02-30',
      endDate: '2026-13-01',
      isActive: 'yes',
      colour: 'blue',
    });
    const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
    expect(Object.keys(byField).sort()).toEqual(
      ['delivery.cadence', 'delivery.colour', 'delivery.endDate', 'delivery.expectedBy', 'delivery.isActive', 'delivery.startDate', 'delivery.timeZone'].sort(),
    );
    expect(byField['delivery.cadence']).toMatch(/one of 'daily', 'weekdays', 'weekly', 'monthly'; got "fortnightly"/);
    expect(byField['delivery.expectedBy']).toMatch(/'HH:MM'.*got "9:00"/);
    expect(byField['delivery.timeZone']).toMatch(/IANA time zone.*got "Mars\/Olympus"/);
    expect(byField['delivery.startDate']).toMatch(/'YYYY-MM-DD'; got "2026-02-30"/);
    expect(byField['delivery.colour']).toMatch(/not a known field; allowed fields are isActive, cadence/);
    expect(byField['delivery.isActive']).toMatch(/true or false; got "yes"/);
  });

  it('rejects times past 23:59, UTC offsets as zones, and an endDate before startDate', () => {
    expect(errorsOf({ ...base, expectedBy: '24:00' })[0]?.field).toBe('delivery.expectedBy');
    expect(errorsOf({ ...base, timeZone: '+05:30' })[0]?.field).toBe('delivery.timeZone');
    expect(errorsOf({ ...base, endDate: '2025-12-31' })).toEqual([
      { field: 'delivery.endDate', message: "must be on or after startDate (2026-01-01); got '2025-12-31'" },
    ]);
  });
});

describe('parseDeliverySchedule date bounds', () => {
  it('refuses start and end dates before 1900-01-01, naming the field and the bounds', () => {
    expect(errorsOf({ ...base, startDate: '0001-01-01' })).toEqual([
      { field: 'delivery.startDate', message: "must be a date from 1900-01-01 to 9999-12-31; got '0001-01-01'" },
    ]);
    expect(errorsOf({ ...base, startDate: '1899-12-31' })[0]?.field).toBe('delivery.startDate');
    expect(errorsOf({ ...base, startDate: '0001-01-01', endDate: '0001-12-31' }).map((e) => e.field)).toEqual(['delivery.startDate', 'delivery.endDate']);
    expect(errorsOf({ ...base, endDate: '0202-06-30' })).toEqual([
      { field: 'delivery.endDate', message: "must be a date from 1900-01-01 to 9999-12-31, or null for no end; got '0202-06-30'" },
    ]);
  });

  it('accepts the bounds themselves', () => {
    expect(scheduleOf({ ...base, startDate: '1900-01-01', endDate: '9999-12-31' })).toMatchObject({ startDate: '1900-01-01', endDate: '9999-12-31' });
    expect(scheduleOf({ ...base, startDate: '9999-12-31' }).startDate).toBe('9999-12-31');
  });
});

describe('parseDeliverySchedule leniency and normalisation', () => {
  it('accepts cadence and day names in any case, abbreviated or full, and orders the days', () => {
    const schedule = scheduleOf({ ...base, cadence: 'WEEKLY', daysOfWeek: ['thursday', 'MON', 'Friday', 'wed'] });
    expect(schedule.cadence).toBe('weekly');
    expect(schedule.daysOfWeek).toEqual(['Mon', 'Wed', 'Thu', 'Fri']);
  });

  it('defaults isActive to true, treats null optional fields as absent and fixes zone casing', () => {
    const schedule = scheduleOf({ ...base, timeZone: 'europe/london', endDate: null, daysOfWeek: null });
    expect(schedule).toEqual({
      isActive: true,
      cadence: 'daily',
      expectedBy: '09:00',
      timeZone: 'Europe/London',
      startDate: '2026-01-01',
      endDate: null,
    });
    expect(scheduleOf({ ...base, isActive: false }).isActive).toBe(false);
  });

  it('round-trips parse -> JSON -> parse without change', () => {
    const inputs = [
      { ...base, cadence: 'Weekly', daysOfWeek: ['sun', 'Tue'], endDate: '2026-12-31' },
      { ...base, cadence: 'monthly', dayOfMonth: -1, timeZone: 'asia/kolkata', isActive: false },
      { ...base, cadence: 'weekdays', timeZone: 'UTC' },
    ];
    for (const input of inputs) {
      const first = scheduleOf(input);
      const exported = JSON.stringify(first);
      const second = scheduleOf(JSON.parse(exported));
      expect(second).toEqual(first);
      expect(JSON.stringify(second)).toBe(exported);
      expect(normalizeSchedule(second)).toEqual(second);
    }
  });

  it('normalises hand-built schedules and compares them by meaning', () => {
    const a: DeliverySchedule = {
      isActive: true,
      cadence: 'weekly',
      daysOfWeek: ['Thu', 'Mon', 'Thu'],
      expectedBy: '06:30',
      timeZone: 'America/New_York',
      startDate: '2026-01-01',
    };
    const b: DeliverySchedule = { ...a, daysOfWeek: ['Mon', 'Thu'], endDate: null, dayOfMonth: 5 };
    expect(normalizeSchedule(a).daysOfWeek).toEqual(['Mon', 'Thu']);
    expect(normalizeSchedule(b)).not.toHaveProperty('dayOfMonth');
    expect(schedulesEqual(a, b)).toBe(true);
    expect(schedulesEqual(a, { ...b, expectedBy: '06:31' })).toBe(false);
    expect(schedulesEqual(a, { ...b, isActive: false })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateInZone, daysBetween, isDate, isMonth, lastOfMonth, startOfWeek, weekday } from '../src/format/dates';
import { between, formatDuration, formatInstant, formatNumber, zoneTitle } from '../src/format/time';
import { sequenceFullName, sequenceLabel } from '../src/format/names';

describe('calendar dates', () => {
  it('checks dates and months for real', () => {
    expect(isDate('2026-02-28')).toBe(true);
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('2026-2-1')).toBe(false);
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
  });

  it('does day and month arithmetic across month, year and DST boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30'); // Europe's DST change has no effect
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(lastOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastOfMonth('2026-12')).toBe('2026-12-31');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });

  it('counts weeks from Monday', () => {
    expect(weekday('2026-12-07')).toBe(0); // a Monday
    expect(weekday('2026-12-06')).toBe(6); // a Sunday
    expect(startOfWeek('2026-12-06')).toBe('2026-11-30');
    expect(startOfWeek('2026-12-07')).toBe('2026-12-07');
  });

  it('finds the date an instant falls on in a zone', () => {
    const instant = Date.parse('2026-12-04T23:30:00Z');
    expect(dateInZone(instant, 'UTC')).toBe('2026-12-04');
    expect(dateInZone(instant, 'Europe/Berlin')).toBe('2026-12-05');
    expect(dateInZone(instant, 'America/New_York')).toBe('2026-12-04');
  });
});

describe('instants', () => {
  it('formats in the zone asked for', () => {
    const iso = '2026-12-04T09:00:00Z';
    expect(formatInstant(iso, { timeZone: 'UTC', locale: 'en-GB' })).toBe('4 Dec 2026, 09:00');
    expect(formatInstant(iso, { timeZone: 'Asia/Tokyo', locale: 'en-GB' })).toBe('4 Dec 2026, 18:00');
    expect(formatInstant(iso, { timeZone: 'UTC', locale: 'en-GB', seconds: true })).toBe('4 Dec 2026, 09:00:00');
  });

  it('shows a dash for a missing or unreadable instant', () => {
    expect(formatInstant(null)).toBe('—');
    expect(formatInstant('not a time')).toBe('—');
  });

  it('names the zone in the tooltip', () => {
    expect(zoneTitle('2026-12-04T09:00:00Z', 'Europe/London', 'en-GB')).toBe('4 Dec 2026, 09:00 (Europe/London)');
    expect(zoneTitle('2026-07-04T09:00:00Z', 'Europe/London', 'en-GB')).toBe('4 Jul 2026, 10:00 (Europe/London)');
    expect(zoneTitle(null, 'UTC')).toBeUndefined();
    expect(zoneTitle('2026-12-04T09:00:00Z', undefined)).toBeUndefined();
  });
});

describe('durations and numbers', () => {
  it('says how long in the largest two units', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(184_000)).toBe('3 min 4 s');
    expect(formatDuration(180_000)).toBe('3 min');
    expect(formatDuration(7_500_000)).toBe('2 h 5 min');
    expect(formatDuration(273_600_000)).toBe('3 d 4 h');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });

  it('measures between two instants', () => {
    expect(between('2026-12-04T09:00:00Z', '2026-12-04T09:01:30Z')).toBe(90_000);
    expect(between('2026-12-04T09:00:00Z', null)).toBeNull();
    expect(between('x', '2026-12-04T09:00:00Z')).toBeNull();
  });

  it('groups integers and trims fractions', () => {
    expect(formatNumber(1234567, 'en-GB')).toBe('1,234,567');
    expect(formatNumber(0.1234567891, 'en-GB')).toBe('0.123457');
  });
});

describe('sequence names', () => {
  const name = [
    { slotParameter: { key: 'feed', value: 'orders' }, position: 1 },
    { slotParameter: { key: 'client', value: 'acme' }, position: 0 },
  ];

  it('orders parts by position', () => {
    expect(sequenceLabel(name)).toBe('acme / orders');
    expect(sequenceFullName(name)).toBe('client=acme, feed=orders');
    expect(sequenceLabel([])).toBe('(no name)');
  });
});

import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { durationSeconds, durationText, reminderSeconds } from '../../src/parse/durations.js';
import { muteWindow } from '../../src/parse/mute-window.js';

describe('time spans (--grace, --reminder)', () => {
  it('reads seconds and d/h/m/s units in order', () => {
    expect(durationSeconds('90')).toBe(90);
    expect(durationSeconds('30s')).toBe(30);
    expect(durationSeconds('15m')).toBe(900);
    expect(durationSeconds('1h30m')).toBe(5400);
    expect(durationSeconds('2d')).toBe(172_800);
    expect(durationSeconds(' 1H ')).toBe(3600);
    expect(reminderSeconds('none')).toBe('none');
    expect(reminderSeconds('OFF')).toBe('none');
    expect(reminderSeconds('1h')).toBe(3600);
  });

  it('refuses anything else with a usage error', () => {
    for (const bad of ['', '5x', '1.5h', 'm', '30m1h', '-1', '1h 30m']) expect(() => durationSeconds(bad), bad).toThrow(InvalidArgumentError);
  });

  it('prints spans back in their shortest form', () => {
    expect([0, 45, 900, 3600, 5400, 90_061].map(durationText)).toEqual(['0s', '45s', '15m', '1h', '1h30m', '1d1h1m1s']);
    expect(durationText(null)).toBeUndefined();
  });
});

describe('mute windows (--mute)', () => {
  it('days (lists, ranges, full names, any case), times and a zone (UTC when none)', () => {
    expect(muteWindow('Sat,Sun 00:00-23:59 Europe/London')).toEqual({ days: ['Sat', 'Sun'], start: '00:00', end: '23:59', timeZone: 'Europe/London' });
    expect(muteWindow('mon-fri 22:00-6:00')).toEqual({ days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '22:00', end: '06:00', timeZone: 'UTC' });
    expect(muteWindow('Fri-Mon, Wednesday 1:30-2:45 America/New_York')).toEqual({ days: ['Mon', 'Wed', 'Fri', 'Sat', 'Sun'], start: '01:30', end: '02:45', timeZone: 'America/New_York' });
    expect(muteWindow('12:00-13:00')).toEqual({ days: [], start: '12:00', end: '13:00', timeZone: 'UTC' });
  });

  it('refuses what it cannot read', () => {
    for (const bad of ['', 'weekends', 'Sat 00:00', 'Funday 00:00-01:00', 'Sat 0000-0100', 'Sat 00:00-01:00 UTC extra']) expect(() => muteWindow(bad), bad).toThrow(InvalidArgumentError);
  });
});

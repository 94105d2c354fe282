import { describe, expect, it } from 'vitest';
import { formatTimeDifference, parseTimeDifference } from '../../src/services/submissions/time-difference.js';
import { parseUtcInstant } from '../../src/services/submissions/expected-window.js';
import { parseSubmissionStatus } from '../../src/services/submissions/status-events.js';
import { scheduledDateOf } from '../../src/services/slots/tags.js';
import { InputError } from '../../src/wire/input-error.js';

const DAY = 86_400_000;

describe('TimeDifference', () => {
  it.each([
    ['1:00:00:00', DAY],
    ['0:01:02:03', 3_723_000],
    ['7.12:00:00', 7.5 * DAY],
    ['12:30:00', 45_000_000],
    ['1 day, 2:00:00', DAY + 7_200_000],
    ['3 days, 0:00:00.5', 3 * DAY + 500],
    ['0:00:00:00', 0],
  ])('reads %s', (text, ms) => {
    expect(parseTimeDifference('TimeDifference', text)).toBe(ms);
  });

  it.each(['1:24:00:00', '0:00:60:00', '-1:00:00:00', '1d', '', '1:2:3', '-1 day, 23:00:00'])('refuses %j naming the parameter', (text) => {
    const error = (() => {
      try {
        parseTimeDifference('TimeDifference', text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0]?.field).toBe('TimeDifference');
  });

  it('formats d:HH:MM:SS from milliseconds, whole seconds', () => {
    expect(formatTimeDifference(0)).toBe('0:00:00:00');
    expect(formatTimeDifference(DAY + 3_723_999)).toBe('1:01:02:03');
    expect(formatTimeDifference(-2 * DAY)).toBe('2:00:00:00');
  });
});

describe('ExpectedAfterUtc / ExpectedBeforeUtc', () => {
  it.each([
    ['2026-11-27', '2026-11-27T00:00:00.000Z'],
    ['2026-11-27T09:30:00', '2026-11-27T09:30:00.000Z'],
    ['2026-11-27T09:30:00Z', '2026-11-27T09:30:00.000Z'],
    ['2026-11-27 09:30', '2026-11-27T09:30:00.000Z'],
    ['2026-11-27T09:30:00.250Z', '2026-11-27T09:30:00.250Z'],
    ['2026-11-27T10:30:00+01:00', '2026-11-27T09:30:00.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(new Date(parseUtcInstant('ExpectedAfterUtc', text)).toISOString()).toBe(iso);
  });

  it.each(['27/11/2026', '2026-13-01', '2026-02-30', '2026-11-27T25:00:00', 'yesterday', '2026-11-27T09:30:00+25:00'])('refuses %s', (text) => {
    expect(() => parseUtcInstant('ExpectedBeforeUtc', text)).toThrow(InputError);
  });
});

describe('status values and scheduled tags', () => {
  it('reads status names in any case, with or without the space', () => {
    expect(['completed', 'COMPLETED', 'Completed'].map(parseSubmissionStatus)).toEqual(['Completed', 'Completed', 'Completed']);
    expect(['In Progress', 'InProgress', 'in_progress', 'in-progress'].map(parseSubmissionStatus)).toEqual(Array(4).fill('In Progress'));
    expect(parseSubmissionStatus('FAILED')).toBe('Failed');
    expect(() => parseSubmissionStatus('Cancelled')).toThrow(InputError);
  });

  it('reads a scheduled tag as its date', () => {
    expect(scheduledDateOf('2026-11-27')).toBe('2026-11-27');
    expect(scheduledDateOf('2026-11-27 00:00:00')).toBe('2026-11-27');
    expect(scheduledDateOf('2026-11-27T06:00:00+00:00')).toBe('2026-11-27');
    expect(scheduledDateOf('2026-02-29')).toBeUndefined();
    expect(scheduledDateOf('None')).toBeUndefined();
  });
});

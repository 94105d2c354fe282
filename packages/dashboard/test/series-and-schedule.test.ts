import { describe, expect, it } from 'vitest';
import type { DeliverySchedule } from '../src/api/types';
import { chartColumns, seriesKey, seriesTitle } from '../src/charts/series-data';
import { activeSchedule, describeCadence, describeSpan } from '../src/state/schedule';
import { trendDays } from '../src/charts/trend-window';

describe('chartColumns', () => {
  it('sorts points by time and marks the failed runs only', () => {
    const columns = chartColumns({
      stage: 'load',
      metric: 'rows',
      points: [
        { slotId: 2, tag: '2026-12-02', submissionId: 20, at: '2026-12-02T09:00:00Z', value: 120, failed: true },
        { slotId: 1, tag: '2026-12-01', submissionId: 10, at: '2026-12-01T09:00:00Z', value: 100, failed: false },
        { slotId: 3, tag: '2026-12-03', submissionId: 30, at: 'garbage', value: 5, failed: false },
      ],
    });
    expect(columns.xs).toEqual([Date.parse('2026-12-01T09:00:00Z') / 1000, Date.parse('2026-12-02T09:00:00Z') / 1000]);
    expect(columns.values).toEqual([100, 120]);
    expect(columns.failed).toEqual([null, 120]);
    expect(columns.points.map((point) => point.submissionId)).toEqual([10, 20]);
  });

  it('names series, the run duration plainly', () => {
    expect(seriesTitle({ stage: 'run', metric: 'durationSeconds' })).toBe('Run duration (seconds)');
    expect(seriesTitle({ stage: 'load', metric: 'rows' })).toBe('rows (load)');
    expect(seriesTitle({ stage: null, metric: 'rows' })).toBe('rows');
    expect(seriesKey({ stage: null, metric: 'rows' })).not.toBe(seriesKey({ stage: 'load', metric: 'rows' }));
  });
});

describe('trendDays', () => {
  it('takes 30, 90 or 365 from the URL, else 90', () => {
    expect(trendDays(new URLSearchParams('days=30'))).toBe(30);
    expect(trendDays(new URLSearchParams('days=365'))).toBe(365);
    expect(trendDays(new URLSearchParams('days=5000'))).toBe(90);
    expect(trendDays(new URLSearchParams(''))).toBe(90);
  });
});

describe('schedules in words', () => {
  const base: DeliverySchedule = { isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'Europe/London', startDate: '2026-01-01', endDate: null };

  it('describes each cadence', () => {
    expect(describeCadence(base)).toBe('Every day by 09:00');
    expect(describeCadence({ ...base, cadence: 'weekdays' })).toBe('Every weekday (Mon–Fri) by 09:00');
    expect(describeCadence({ ...base, cadence: 'weekly', daysOfWeek: ['Mon', 'Thu'] })).toBe('Every Mon, Thu by 09:00');
    expect(describeCadence({ ...base, cadence: 'monthly', dayOfMonth: 1 })).toBe('Monthly on the 1st by 09:00');
    expect(describeCadence({ ...base, cadence: 'monthly', dayOfMonth: 22 })).toBe('Monthly on the 22nd by 09:00');
    expect(describeCadence({ ...base, cadence: 'monthly', dayOfMonth: 13 })).toBe('Monthly on the 13th by 09:00');
    expect(describeCadence({ ...base, cadence: 'monthly', dayOfMonth: -1 })).toBe('Monthly on the last day by 09:00');
  });

  it('describes the dates covered and finds the schedule in force', () => {
    expect(describeSpan(base)).toBe('from 2026-01-01');
    expect(describeSpan({ ...base, endDate: '2026-12-31' })).toBe('2026-01-01 to 2026-12-31');
    expect(activeSchedule([{ ...base, isActive: false, timeZone: 'UTC' }, base])?.timeZone).toBe('Europe/London');
    expect(activeSchedule(undefined)).toBeUndefined();
  });
});

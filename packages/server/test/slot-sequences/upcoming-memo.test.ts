import { describe, expect, it } from 'vitest';
import type { DeliverySchedule } from '../../src/domain/schedule/index.js';
import { upcomingSlotOf } from '../../src/services/slot-sequences/upcoming-memo.js';
import { upcomingSlot } from '../../src/services/slot-sequences/upcoming.js';
import { seededRandom } from '../support/seeded-random.js';

// The remembered upcoming slot must be the computed one at any instant, whatever the order the
// instants come in: forward in small and large steps, across daylight-saving changes, past a
// schedule's end, and back in time (a clock set back, or another caller's older `now`).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const schedules: Array<{ isActive: boolean; delivery: DeliverySchedule[] }> = [
  { isActive: true, delivery: [{ isActive: true, cadence: 'daily', expectedBy: '01:30', timeZone: 'America/New_York', startDate: '2026-01-01' }] },
  { isActive: true, delivery: [{ isActive: true, cadence: 'weekdays', expectedBy: '23:45', timeZone: 'Europe/London', startDate: '2026-02-01' }] },
  { isActive: true, delivery: [{ isActive: true, cadence: 'weekly', daysOfWeek: ['Mon', 'Thu'], expectedBy: '06:00', timeZone: 'Asia/Tokyo', startDate: '2026-01-05' }] },
  { isActive: true, delivery: [{ isActive: true, cadence: 'monthly', dayOfMonth: -1, expectedBy: '12:00', timeZone: 'Australia/Sydney', startDate: '2026-01-01' }] },
  // Ends within the walk; starts within it; an inactive schedule beside an active one.
  { isActive: true, delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-01-01', endDate: '2026-06-30' }] },
  { isActive: true, delivery: [{ isActive: true, cadence: 'daily', expectedBy: '02:30', timeZone: 'Europe/Berlin', startDate: '2026-09-01' }] },
  {
    isActive: true,
    delivery: [
      { isActive: false, cadence: 'daily', expectedBy: '08:00', timeZone: 'UTC', startDate: '2026-01-01' },
      { isActive: true, cadence: 'weekly', daysOfWeek: ['Sun'], expectedBy: '00:00', timeZone: 'America/Sao_Paulo', startDate: '2026-01-01' },
    ],
  },
  // An archived sequence has no upcoming slot.
  { isActive: false, delivery: [{ isActive: true, cadence: 'daily', expectedBy: '09:00', timeZone: 'UTC', startDate: '2026-01-01' }] },
];

describe('the remembered upcoming slot', () => {
  it('is the computed one at every instant of a walk through a year, forward and back', () => {
    const next = seededRandom(5);
    let now = Date.parse('2026-01-01T00:00:00Z');
    let remembered = 0;
    for (let step = 0; step < 3_000; step++) {
      const roll = next();
      // Mostly minutes to hours forward (the memo's case), sometimes days, sometimes back.
      if (roll < 0.7) now += Math.round(next() * 3 * HOUR);
      else if (roll < 0.9) now += Math.round(next() * 10 * DAY);
      else now -= Math.round(next() * 20 * DAY);
      for (const schedule of schedules) {
        const json = JSON.stringify(schedule.delivery);
        const first = upcomingSlotOf(schedule.isActive, json, now);
        const again = upcomingSlotOf(schedule.isActive, json, now);
        if (first === again && first !== undefined) remembered += 1;
        expect(first, `${json} at ${new Date(now).toISOString()}`).toEqual(upcomingSlot(schedule, now));
        // Exactly when the slot is due, the next one is upcoming.
        if (first) expect(upcomingSlotOf(schedule.isActive, json, first.expectedBy)).toEqual(upcomingSlot(schedule, first.expectedBy));
      }
    }
    expect(remembered).toBeGreaterThan(1_000);
  });
});

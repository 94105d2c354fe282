import { describe, expect, it } from 'vitest';
import { planRun } from '../src/day-plan.js';
import { DEMO_SEQUENCES, importItems } from '../src/demo-sequences.js';

const [sales, orders] = DEMO_SEQUENCES;
const slot = (ordinal: number, tag = '2026-11-20') => ({ slotId: 7, tag, date: tag, ordinal, expectedBy: new Date(`${tag}T09:00:00Z`) });

describe('planRun', () => {
  it('is the same for the same sequence and date (seeded by them), different for another date', () => {
    expect(planRun(sales!, slot(0))).toEqual(planRun(sales!, slot(0)));
    expect(planRun(sales!, slot(0))!.stages[0]!.metrics).not.toEqual(planRun(sales!, slot(0, '2026-11-19'))!.stages[0]!.metrics);
  });

  it('finishes before expectedBy on an ordinary day, after it on the late one', () => {
    const ordinary = planRun(sales!, slot(0))!;
    expect(ordinary.outcome).toBe('onTime');
    expect(ordinary.endedOn.getTime()).toBeLessThan(Date.parse('2026-11-20T09:00:00Z'));
    const late = planRun(sales!, slot(4))!;
    expect(late.outcome).toBe('late');
    expect(late.endedOn.getTime()).toBeGreaterThan(Date.parse('2026-11-20T09:00:00Z'));
  });

  it('has one failing check, one failed run with a message, and one delivery that never came', () => {
    const failingCheck = planRun(sales!, slot(9))!;
    expect(failingCheck.stages.at(-1)!.quality!.success).toBe(false);
    expect(failingCheck.stages.at(-1)!.quality!.action()).toBe('Continued');
    const failed = planRun(orders!, slot(3))!;
    expect(failed.outcome).toBe('failed');
    expect(failed.failure).toMatch(/503/);
    expect(planRun(orders!, slot(6))).toBeUndefined();
  });
});

describe('importItems', () => {
  it('schedules every sequence but the ad-hoc one from the start date', () => {
    const items = importItems('2026-11-13');
    expect(items.map((item) => (item.delivery as unknown[]).length)).toEqual([1, 1, 1, 0]);
    expect(items[0]).toMatchObject({ delivery: [{ cadence: 'daily', expectedBy: '09:00', timeZone: 'Europe/London', startDate: '2026-11-13' }] });
  });
});

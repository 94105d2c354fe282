import { describe, expect, it } from 'vitest';
import type { CalendarSlot, SlotHealth } from '../src/api/types';
import { calendarWindow, layoutCalendar, moveInGrid } from '../src/calendar/layout';

function slot(tag: string, health: SlotHealth, slotId = Number(tag.replace(/\D/g, '').slice(-6)) || 1): CalendarSlot {
  return { slotId, tag, expectedBy: null, health, submissionCount: 0, lastSubmissionId: null, lastStatus: null, deliveredOn: null };
}

describe('calendarWindow', () => {
  it('shows the month asked for, with the months around it', () => {
    const span = calendarWindow(new URLSearchParams('view=month&month=2026-02'), '2026-12-04');
    expect(span).toMatchObject({ view: 'month', anchor: '2026-02', from: '2026-02-01', to: '2026-02-28', title: 'February 2026' });
    expect(span.previous).toEqual({ view: 'month', month: '2026-01' });
    expect(span.next).toEqual({ view: 'month', month: '2026-03' });
  });

  it("falls back to today's month for a missing or bad month", () => {
    expect(calendarWindow(new URLSearchParams(''), '2026-12-04')).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(calendarWindow(new URLSearchParams('month=2026-13'), '2026-12-04')).toMatchObject({ anchor: '2026-12' });
  });

  it('shows the Monday-to-Sunday week holding the date asked for', () => {
    const span = calendarWindow(new URLSearchParams('view=week&week=2026-12-03'), '2026-12-04');
    expect(span).toMatchObject({ view: 'week', anchor: '2026-11-30', from: '2026-11-30', to: '2026-12-06' });
    expect(span.previous).toEqual({ view: 'week', week: '2026-11-23' });
    expect(span.next).toEqual({ view: 'week', week: '2026-12-07' });
    expect(calendarWindow(new URLSearchParams('view=week&week=junk'), '2026-12-04').from).toBe('2026-11-30');
  });
});

describe('layoutCalendar', () => {
  it('puts each slot on its day, in whole Monday-first weeks', () => {
    // December 2026 starts on a Tuesday and ends on a Thursday.
    const layout = layoutCalendar([slot('2026-12-01', 'Delivered'), slot('2026-12-04', 'Overdue'), slot('2026-12-31', 'Failed')], '2026-12-01', '2026-12-31', '2026-12-04');
    expect(layout.weeks).toHaveLength(5);
    expect(layout.weeks.every((week) => week.length === 7)).toBe(true);
    const first = layout.weeks[0] ?? [];
    expect(first[0]).toMatchObject({ date: '2026-11-30', inWindow: false, slot: undefined });
    expect(first[1]?.slot?.health).toBe('Delivered');
    expect(first[4]).toMatchObject({ date: '2026-12-04', isToday: true });
    expect(first[4]?.slot?.health).toBe('Overdue');
    const last = layout.weeks[4] ?? [];
    expect(last[3]?.slot?.health).toBe('Failed');
    expect(last[6]).toMatchObject({ date: '2027-01-03', inWindow: false });
    const placed = layout.weeks.flat().filter((cell) => cell.slot);
    expect(placed.map((cell) => cell.date)).toEqual(['2026-12-01', '2026-12-04', '2026-12-31']);
  });

  it('leaves out slots outside the window and lists tags that are not dates apart', () => {
    const layout = layoutCalendar([slot('2026-11-30', 'Delivered'), slot('run-42', 'Pending', 42), slot('2026-12-02', 'QualityFailed')], '2026-12-01', '2026-12-07', '2026-12-04');
    expect(layout.weeks.flat().filter((cell) => cell.slot).map((cell) => cell.date)).toEqual(['2026-12-02']);
    expect(layout.undated.map((item) => item.tag)).toEqual(['run-42']);
  });

  it('lays a week out as one row', () => {
    const layout = layoutCalendar([], '2026-11-30', '2026-12-06', '2026-12-04');
    expect(layout.weeks).toHaveLength(1);
    expect(layout.weeks[0]?.every((cell) => cell.inWindow)).toBe(true);
  });
});

describe('moveInGrid', () => {
  it('moves by one day sideways and one week up or down, staying in the grid', () => {
    expect(moveInGrid(8, 'ArrowRight', 7, 35)).toBe(9);
    expect(moveInGrid(8, 'ArrowLeft', 7, 35)).toBe(7);
    expect(moveInGrid(8, 'ArrowDown', 7, 35)).toBe(15);
    expect(moveInGrid(8, 'ArrowUp', 7, 35)).toBe(1);
    expect(moveInGrid(3, 'ArrowUp', 7, 35)).toBe(3);
    expect(moveInGrid(34, 'ArrowRight', 7, 35)).toBe(34);
    expect(moveInGrid(10, 'Home', 7, 35)).toBe(0);
    expect(moveInGrid(10, 'End', 7, 35)).toBe(34);
    expect(moveInGrid(10, 'x', 7, 35)).toBe(10);
  });
});

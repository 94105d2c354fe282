import type { CalendarSlot } from '../api/types';
import { addDays, addMonths, daysBetween, firstOfMonth, isDate, isMonth, lastOfMonth, monthOf, startOfWeek } from '../format/dates';

export type CalendarView = 'month' | 'week';

/** Which stretch of days the sequence page shows, read from its URL (`?view=&month=` / `&week=`). */
export interface CalendarWindow {
  view: CalendarView;
  /** 'YYYY-MM' for the month view; the Monday 'YYYY-MM-DD' for the week view. */
  anchor: string;
  from: string;
  to: string;
  /** The same view one step back and forward, as URL query values. */
  previous: Record<string, string>;
  next: Record<string, string>;
  /** How the window reads as a heading. */
  title: string;
}

/**
 * The window for a sequence page's query; a missing or unreadable month or week falls back to
 * the one holding `today` (a date in the sequence's zone), so a bad link still shows a calendar.
 */
export function calendarWindow(query: URLSearchParams, today: string): CalendarWindow {
  const view: CalendarView = query.get('view') === 'week' ? 'week' : 'month';
  if (view === 'week') {
    const asked = query.get('week') ?? '';
    const monday = startOfWeek(isDate(asked) ? asked : today);
    const sunday = addDays(monday, 6);
    return {
      view,
      anchor: monday,
      from: monday,
      to: sunday,
      previous: { view, week: addDays(monday, -7) },
      next: { view, week: addDays(monday, 7) },
      title: `Week of ${monday}`,
    };
  }
  const asked = query.get('month') ?? '';
  const month = isMonth(asked) ? asked : monthOf(today);
  return {
    view,
    anchor: month,
    from: firstOfMonth(month),
    to: lastOfMonth(month),
    previous: { view, month: addMonths(month, -1) },
    next: { view, month: addMonths(month, 1) },
    title: monthTitle(month),
  };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function monthTitle(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[monthNumber - 1] ?? month} ${year}`;
}

export interface CalendarCell {
  date: string;
  /** False for the days before the 1st and after the last that fill the first and last weeks. */
  inWindow: boolean;
  isToday: boolean;
  slot: CalendarSlot | undefined;
}

export interface CalendarLayout {
  /** Rows of 7 cells, Monday first. */
  weeks: CalendarCell[][];
  /** Slots whose tag is not a date (unscheduled sequences), in the order given. */
  undated: CalendarSlot[];
}

/**
 * Lays slots out on whole weeks from the Monday before `from` to the Sunday after `to`: one cell
 * per day, holding the slot tagged with that date. Slots outside the window are left out.
 */
export function layoutCalendar(slots: readonly CalendarSlot[], from: string, to: string, today: string): CalendarLayout {
  const byDate = new Map<string, CalendarSlot>();
  const undated: CalendarSlot[] = [];
  for (const slot of slots) {
    if (!isDate(slot.tag)) undated.push(slot);
    else if (!byDate.has(slot.tag)) byDate.set(slot.tag, slot);
  }
  const first = startOfWeek(from);
  const last = addDays(startOfWeek(to), 6);
  const weeks: CalendarCell[][] = [];
  const total = daysBetween(first, last) + 1;
  for (let offset = 0; offset < total; offset += 7) {
    const week: CalendarCell[] = [];
    for (let day = 0; day < 7; day += 1) {
      const date = addDays(first, offset + day);
      const inWindow = date >= from && date <= to;
      week.push({ date, inWindow, isToday: date === today, slot: inWindow ? byDate.get(date) : undefined });
    }
    weeks.push(week);
  }
  return { weeks, undated };
}

/**
 * Arrow-key movement in a grid of `count` cells, `columns` wide: the index focus moves to, or the
 * same index when the key does not move or would leave the grid.
 */
export function moveInGrid(index: number, key: string, columns: number, count: number): number {
  const step: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns };
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  const delta = step[key];
  if (delta === undefined) return index;
  const target = index + delta;
  return target >= 0 && target < count ? target : index;
}

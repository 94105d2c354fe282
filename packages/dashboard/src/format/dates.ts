// Calendar dates as 'YYYY-MM-DD' text (slot tags are such dates in the sequence's zone), with
// arithmetic done on UTC midnights so no local zone or daylight saving change can shift a day.

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** Whether text is a real calendar date 'YYYY-MM-DD' (2026-02-30 is not). */
export function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  return toDate(Number(match[1]), Number(match[2]), Number(match[3])) === text;
}

/** Whether text is a month 'YYYY-MM'. */
export function isMonth(text: string): boolean {
  const match = MONTH.exec(text);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

function toDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function utcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(utcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcMs(b) - utcMs(a)) / DAY_MS);
}

/** 0 = Monday ... 6 = Sunday (ISO order, as the calendar's columns). */
export function weekday(date: string): number {
  return (new Date(utcMs(date)).getUTCDay() + 6) % 7;
}

/** The Monday of the week holding date. */
export function startOfWeek(date: string): string {
  return addDays(date, -weekday(date));
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function firstOfMonth(month: string): string {
  return `${month}-01`;
}

export function lastOfMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return toDate(year, monthNumber + 1, 0);
}

export function addMonths(month: string, months: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return toDate(year, monthNumber + months, 1).slice(0, 7);
}

/** Today's date in a time zone (the viewer's when none is given). */
export function todayIn(timeZone: string | undefined, now: number = Date.now()): string {
  return dateInZone(now, timeZone);
}

/** One formatter per zone: making one costs far more than using it, and pages ask per render. */
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let found = dateFormatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(key, found);
  }
  return found;
}

/** The calendar date an instant falls on in a time zone. */
export function dateInZone(instant: number, timeZone: string | undefined): string {
  const parts = dateFormatter(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

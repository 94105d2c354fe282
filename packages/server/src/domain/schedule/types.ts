/** How often a scheduled slot sequence expects a delivery. */
export type Cadence = 'daily' | 'weekdays' | 'weekly' | 'monthly';

/** Canonical short day names; weekly schedules keep them in Mon..Sun order. */
export type DayOfWeek = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';

export interface DeliverySchedule {
  isActive: boolean;
  cadence: Cadence;
  /** Weekly only, required there: non-empty, no repeats, Mon..Sun order. */
  daysOfWeek?: DayOfWeek[];
  /** Monthly only, required there: 1..31, or -1 for the last day. Days past a month's end mean its last day. */
  dayOfMonth?: number;
  /** 'HH:MM', 24-hour local time in `timeZone`. */
  expectedBy: string;
  /** IANA time zone name, e.g. 'Europe/London'. */
  timeZone: string;
  /** 'YYYY-MM-DD', the first date that can be expected. */
  startDate: string;
  /** 'YYYY-MM-DD', the last date that can be expected; null or absent for open-ended. */
  endDate?: string | null;
}

/** One validation problem, located by its path in the request body. */
export interface FieldError {
  field: string;
  message: string;
}

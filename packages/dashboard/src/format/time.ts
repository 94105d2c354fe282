// Instants shown to people: in the viewer's own time zone on the page, and in another zone (the
// sequence's) in a tooltip, so "due 09:00" means the same to the viewer and to the schedule.

/** The viewer's IANA time zone, as the browser reports it. */
export function viewerZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined, locale: string | undefined, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${locale ?? ''}|${withSeconds}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    });
    formatters.set(key, found);
  }
  return found;
}

export interface InstantFormat {
  /** IANA zone; the viewer's when left out. */
  timeZone?: string | undefined;
  /** BCP 47 locale; the viewer's when left out (tests pin one). */
  locale?: string | undefined;
  seconds?: boolean;
}

/** An ISO instant as a date and time, or an em dash for none or an unreadable one. */
export function formatInstant(iso: string | null | undefined, options: InstantFormat = {}): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  return formatter(options.timeZone, options.locale, options.seconds ?? false).format(ms);
}

/** The tooltip for an instant: the same moment in `zone` (the sequence's), naming the zone. */
export function zoneTitle(iso: string | null | undefined, zone: string | undefined, locale?: string): string | undefined {
  if (!iso || !zone) return undefined;
  const text = formatInstant(iso, { timeZone: zone, locale });
  return text === '—' ? undefined : `${text} (${zone})`;
}

/** A length of time for people: 850 ms, 42 s, 3 min 4 s, 2 h 5 min, 3 d 4 h. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** The time between two ISO instants in ms, or null when either is missing or unreadable. */
export function between(startIso: string | null | undefined, endIso: string | null | undefined): number | null {
  if (!startIso || !endIso) return null;
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  return Number.isNaN(start) || Number.isNaN(end) ? null : end - start;
}

/** Number formatters by locale and kind, made once (a chart's data table formats hundreds of values). */
const numberFormatters = new Map<string, Intl.NumberFormat>();

function numberFormatter(locale: string | undefined, integer: boolean): Intl.NumberFormat {
  const key = `${locale ?? ''}|${integer}`;
  let found = numberFormatters.get(key);
  if (!found) {
    found = integer ? new Intl.NumberFormat(locale) : new Intl.NumberFormat(locale, { maximumSignificantDigits: 6 });
    numberFormatters.set(key, found);
  }
  return found;
}

/** A number for a table: integers with grouping, fractions to at most 6 significant digits. */
export function formatNumber(value: number, locale?: string): string {
  if (!Number.isFinite(value)) return String(value);
  return numberFormatter(locale, Number.isInteger(value)).format(value);
}

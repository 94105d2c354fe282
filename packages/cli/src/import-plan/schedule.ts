import { isPlainObject, type FieldError, type Schedule } from './types.js';

const FIELDS = ['isActive', 'cadence', 'daysOfWeek', 'dayOfMonth', 'expectedBy', 'timeZone', 'startDate', 'endDate'];
const CADENCES = ['daily', 'weekdays', 'weekly', 'monthly'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const FULL_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * One delivery schedule, checked and put in the server's canonical form: cadence in lower case,
 * only the fields its cadence uses, days in Mon..Sun order, the zone's canonical spelling and an
 * explicit `endDate: null`. Two schedules are equal when their canonical JSON is.
 */
export function readSchedule(value: unknown, path: string): { schedule: Schedule } | { errors: FieldError[] } {
  if (!isPlainObject(value)) return { errors: [{ field: path, message: 'must be an object' }] };
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): void => void errors.push({ field: `${path}.${field}`, message });
  for (const key of Object.keys(value)) if (!FIELDS.includes(key)) fail(key, 'is not a known field');

  const isActive = value.isActive ?? true;
  if (typeof isActive !== 'boolean') fail('isActive', 'must be true or false');
  const cadence = typeof value.cadence === 'string' ? CADENCES.find((candidate) => candidate === (value.cadence as string).toLowerCase()) : undefined;
  if (!cadence) fail('cadence', `must be one of ${CADENCES.join(', ')}`);

  let daysOfWeek: string[] | undefined;
  if (cadence === 'weekly') {
    daysOfWeek = readDays(value.daysOfWeek);
    if (!daysOfWeek) fail('daysOfWeek', 'must be a non-empty list of distinct days (Mon..Sun or full names)');
  } else if (value.daysOfWeek != null) fail('daysOfWeek', "is only allowed when cadence is 'weekly'");
  const dayOfMonth = value.dayOfMonth;
  const validDay = typeof dayOfMonth === 'number' && Number.isInteger(dayOfMonth) && (dayOfMonth === -1 || (dayOfMonth >= 1 && dayOfMonth <= 31));
  if (cadence === 'monthly' && !validDay) fail('dayOfMonth', 'must be 1 to 31, or -1 for the last day');
  else if (cadence !== 'monthly' && dayOfMonth != null) fail('dayOfMonth', "is only allowed when cadence is 'monthly'");

  if (typeof value.expectedBy !== 'string' || !TIME.test(value.expectedBy)) fail('expectedBy', "must be a local time 'HH:MM'");
  const timeZone = typeof value.timeZone === 'string' ? canonicalTimeZone(value.timeZone) : undefined;
  if (!timeZone) fail('timeZone', 'must be an IANA time zone name');
  if (!isDate(value.startDate)) fail('startDate', "must be a date 'YYYY-MM-DD'");
  const endDate = value.endDate ?? null;
  if (endDate !== null && (!isDate(endDate) || (isDate(value.startDate) && endDate < value.startDate))) fail('endDate', "must be a date 'YYYY-MM-DD' on or after startDate, or null");

  if (errors.length > 0) return { errors };
  return {
    schedule: {
      isActive: isActive as boolean,
      cadence,
      ...(cadence === 'weekly' ? { daysOfWeek } : {}),
      ...(cadence === 'monthly' ? { dayOfMonth } : {}),
      expectedBy: value.expectedBy,
      timeZone,
      startDate: value.startDate,
      endDate,
    },
  };
}

export function schedulesEqual(a: readonly Schedule[], b: readonly Schedule[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function readDays(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const seen = new Set<string>();
  for (const item of value) {
    if (typeof item !== 'string') return undefined;
    const lower = item.toLowerCase();
    const index = DAYS.findIndex((day, i) => day.toLowerCase() === lower || FULL_DAYS[i] === lower);
    const day = DAYS[index];
    if (day === undefined || seen.has(day)) return undefined;
    seen.add(day);
  }
  return DAYS.filter((day) => seen.has(day));
}

function isDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

let zoneCasing: Map<string, string> | undefined;

/** The zone's canonical spelling (`europe/london` -> `Europe/London`), or undefined if Intl does not know it. */
function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  zoneCasing ??= new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));
  const lower = name.toLowerCase();
  return zoneCasing.get(lower) ?? (resolved.toLowerCase() === lower ? resolved : name);
}

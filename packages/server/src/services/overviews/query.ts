import { MS_PER_DAY } from '../../domain/schedule/dates.js';
import { InputError } from '../../wire/input-error.js';
import { instantMs, readIsoInstant } from '../../wire/instants.js';

/** Reading the overview query parameters the schema cannot check (choices in any case, instants). */

export type SortDirection = 'asc' | 'desc';
export type FilterOperator = 'and' | 'or';

/** Inclusive bounds, epoch ms. */
export interface InstantRange {
  from?: number;
  to?: number;
}

/** Inclusive bounds on a count. */
export interface CountRange {
  min?: number;
  max?: number;
}

/** The canonical spelling of a choice given in any case, or a 400 naming the parameter. */
export function parseChoice<T extends string>(field: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  const found = choices.find((choice) => choice.toLowerCase() === value.toLowerCase());
  if (!found) throw InputError.of(field, `must be one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
  return found;
}

export function parseSortDirection(value: string | undefined): SortDirection {
  return parseChoice('sortDir', value, ['asc', 'desc'] as const) ?? 'asc';
}

export function parseFilterOperator(value: string | undefined): FilterOperator {
  return parseChoice('slotSequenceDefinitionValuesFilterOperator', value, ['and', 'or'] as const) ?? 'and';
}

export const CADENCE_FILTERS = ['daily', 'weekdays', 'weekly', 'monthly', 'unscheduled'] as const;

/** Cadence filter values; `unscheduled` (no active schedule) becomes null. */
export function parseCadences(values: readonly string[] | undefined): Array<string | null> | undefined {
  if (!values || values.length === 0) return undefined;
  return values.map((value, index) => {
    const cadence = parseChoice(`cadence[${index}]`, value, CADENCE_FILTERS);
    return cadence === 'unscheduled' || cadence === undefined ? null : cadence;
  });
}

/** Maps each value through `parse`, reporting every bad one by its index. */
export function parseEach<T>(field: string, values: readonly string[] | undefined, parse: (value: string) => T | undefined, rule: string): T[] | undefined {
  if (!values || values.length === 0) return undefined;
  const problems: Array<{ field: string; message: string }> = [];
  const out: T[] = [];
  values.forEach((value, index) => {
    const parsed = parse(value);
    if (parsed === undefined) problems.push({ field: `${field}[${index}]`, message: `must be ${rule}; got ${JSON.stringify(value)}` });
    else out.push(parsed);
  });
  if (problems.length > 0) throw new InputError(problems);
  return out;
}

/**
 * An ISO 8601 date or date-time as epoch ms; a date-time without a zone is UTC. For an end bound
 * a date alone means the whole day (up to its last millisecond, UTC).
 */
export function parseInstant(field: string, value: string | undefined, bound: 'start' | 'end'): number | undefined {
  if (value === undefined || value === '') return undefined;
  const read = readIsoInstant(value);
  if (!read) throw InputError.of(field, `must be an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ss, optional fraction and Z or ±hh:mm); got ${JSON.stringify(value)}`);
  return instantMs(read) + (read.time === undefined && bound === 'end' ? MS_PER_DAY - 1 : 0);
}

export function instantRange(startField: string, start: string | undefined, endField: string, end: string | undefined): InstantRange | undefined {
  const from = parseInstant(startField, start, 'start');
  const to = parseInstant(endField, end, 'end');
  if (from === undefined && to === undefined) return undefined;
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

export function countRange(min: number | undefined, max: number | undefined): CountRange | undefined {
  if (min === undefined && max === undefined) return undefined;
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

export interface Paging {
  pageNumber: number;
  pageSize: number;
  offset: number;
}

export function paging(pageNumber: number | undefined, pageSize: number | undefined, defaultSize: number): Paging {
  const number = pageNumber ?? 1;
  const size = pageSize ?? defaultSize;
  return { pageNumber: number, pageSize: size, offset: (number - 1) * size };
}

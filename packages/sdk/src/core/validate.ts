import { ValidationError } from './errors.js';

/**
 * Input checks that run before any request, so bad input never costs a round trip. They refuse
 * what the server refuses too (a PostgreSQL server cannot store a NUL character or an id above
 * 2^31-1): a write the server would refuse must never reach the delivery queue, where it would be
 * retried in vain.
 */

/** The largest id the server stores (a PostgreSQL `integer`). */
export const MAX_ID = 2 ** 31 - 1;
/** How deeply the server lets a JSON body nest objects and arrays. */
export const MAX_JSON_DEPTH = 64;
const NUL = '\u0000';
const NUL_PROBLEM = 'must not contain a NUL character (\\u0000)';

/** Text the server can store: no NUL character. */
export function plainText(field: string, value: string): string {
  if (value.includes(NUL)) throw new ValidationError(field, NUL_PROBLEM);
  return value;
}

/** Free text from elsewhere (an error message, a command's stderr) made storable: each NUL becomes U+FFFD. */
export function withoutNul(value: string): string {
  return value.includes(NUL) ? value.replaceAll(NUL, '\uFFFD') : value;
}

/** An optional free-text field (a status message, a tool name): a string without NUL, or null. */
export function optionalText(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${describe(value)}`);
  return plainText(field, value);
}

export function nonEmptyString(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${describe(value)}`);
  if (value.trim() === '') throw new ValidationError(field, 'must not be empty');
  return plainText(field, value);
}

export function optionalNonEmptyString(field: string, value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : nonEmptyString(field, value);
}

/** A Luco id: a positive integer the server can store (at most 2^31-1). */
export function id(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_ID) {
    throw new ValidationError(field, `must be a positive integer up to ${MAX_ID}, got ${describe(value)}`);
  }
  return value;
}

export function positiveInteger(field: string, value: unknown): number {
  return id(field, value);
}

export function nonNegativeInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(field, `must be a whole number of 0 or more, got ${describe(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(field, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** The date part must be a real calendar day (no 2026-02-30). */
function validDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function checkDate(field: string, value: Date): Date {
  if (Number.isNaN(value.getTime())) throw new ValidationError(field, 'is an invalid Date');
  return value;
}

/** A calendar date `YYYY-MM-DD`; a Date is taken in UTC. */
export function dateOnly(field: string, value: Date | string): string {
  if (value instanceof Date) return checkDate(field, value).toISOString().slice(0, 10);
  if (typeof value !== 'string' || !DATE_ONLY.test(value) || !validDate(value)) {
    throw new ValidationError(field, `must be a date YYYY-MM-DD, got ${describe(value)}`);
  }
  return value;
}

/** `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss` (UTC), as the find-submissions window takes it. */
export function utcDateOrDateTime(field: string, value: Date | string): string {
  if (value instanceof Date) return checkDate(field, value).toISOString().slice(0, 19);
  if (typeof value !== 'string' || !(DATE_ONLY.test(value) || DATE_TIME.test(value)) || !validDate(value)) {
    throw new ValidationError(field, `must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ss, got ${describe(value)}`);
  }
  return value;
}

/** An ISO 8601 instant for overview filters; a Date is sent as UTC. */
export function isoInstant(field: string, value: Date | string): string {
  if (value instanceof Date) return checkDate(field, value).toISOString();
  if (typeof value !== 'string' || !(DATE_ONLY.test(value) || DATE_TIME.test(value)) || !validDate(value)) {
    throw new ValidationError(field, `must be an ISO 8601 date or date-time, got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks a value sent as JSON the way the server parses it: no NUL character in any string or
 * object key, every number finite (JSON.stringify would send NaN as null), and no deeper than
 * MAX_JSON_DEPTH levels counted from the body's root; `depth` is how many levels the body nests
 * around `value` (e.g. 2 for an item of `{ runData: [item] }`). Throws a ValidationError naming the
 * path, e.g. `runEnvironments[0].tags[2]`.
 */
export function wireJson(field: string, value: unknown, depth = 0): void {
  if (typeof value === 'string') {
    plainText(field, value);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(field, `must be a finite number, got ${value}`);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') {
    wireJson(field, (json as () => unknown).call(value), depth);
    return;
  }
  if (depth + 1 > MAX_JSON_DEPTH) throw new ValidationError(field, `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => wireJson(`${field}[${index}]`, item, depth + 1));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const path = field === '' ? key : `${field}.${key}`;
    // The field is named with the NUL spelled out, so the message itself stays printable.
    if (key.includes(NUL)) throw new ValidationError(path.replaceAll(NUL, '\\u0000'), 'is a field name with a NUL character (\\u0000)');
    wireJson(path, item, depth + 1);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return 'Date';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

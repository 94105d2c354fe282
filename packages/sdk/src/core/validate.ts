import { ValidationError } from './errors.js';

/** Input checks that run before any request, so bad input never costs a round trip. */

export function nonEmptyString(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${describe(value)}`);
  if (value.trim() === '') throw new ValidationError(field, 'must not be empty');
  return value;
}

export function optionalNonEmptyString(field: string, value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : nonEmptyString(field, value);
}

/** A Luco id: a positive integer. */
export function id(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ValidationError(field, `must be a positive integer, got ${describe(value)}`);
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

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return 'Date';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

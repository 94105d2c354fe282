/**
 * Field validators shared by CheckResult and CollectionResult. Each takes the full field path so
 * that an error inside a collection names e.g. `checks[2].tags[0]`, not just `tags`.
 * Optional readers return undefined only for undefined: null and other wrong types are errors,
 * because silently dropping them would hide a caller's mistake.
 */

import { ValidationError } from '../core/errors.js';
import { describe, isPlainObject } from './json.js';

export function requireObject(field: string, value: unknown): Record<string, unknown> {
  if (!isPlainObject(value)) throw new ValidationError(field, `must be a plain object, got ${describe(value)}`);
  return value;
}

export function requireBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(field, `must be a boolean, got ${describe(value)}`);
  return value;
}

export function optionalBoolean(field: string, value: unknown): boolean | undefined {
  return value === undefined ? undefined : requireBoolean(field, value);
}

export function optionalString(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${describe(value)}`);
  return value;
}

export function optionalStringArray(field: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new ValidationError(field, `must be an array of strings, got ${describe(value)}`);
  return value.map((item: unknown, i) => {
    if (typeof item !== 'string') throw new ValidationError(`${field}[${i}]`, `must be a string, got ${describe(item)}`);
    return item;
  });
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A timestamp as an ISO 8601 string. A Date is converted with toISOString; a string is checked
 * and kept as given, because GE's times carry microseconds and no zone, which Date would lose.
 */
export function optionalTimestamp(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError(field, 'is an invalid Date');
    return value.toISOString();
  }
  if (typeof value !== 'string') {
    throw new ValidationError(field, `must be an ISO 8601 string or a Date, got ${describe(value)}`);
  }
  const match = ISO_DATE_TIME.exec(value);
  if (!match || !validParts(match)) throw new ValidationError(field, `is not an ISO 8601 date-time: ${JSON.stringify(value)}`);
  return value;
}

function validParts(match: RegExpExecArray): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  if (year === undefined || month === undefined || day === undefined) return false;
  // Date.UTC rolls 2023-02-30 over to March; a round trip catches impossible days.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 61;
}

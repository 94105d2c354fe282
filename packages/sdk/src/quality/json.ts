/**
 * JSON value types and a validating deep copy. Quality results are sent as JSON, so free-form
 * fields (observed, onFail, metadata) are checked up front: a bad value fails here, naming its
 * path, instead of being silently changed by JSON.stringify (NaN -> null, undefined dropped).
 */

import { ValidationError } from '../core/errors.js';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** `a` + `b` as a field path: `checks[2]` + `success` -> `checks[2].success`. */
export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns a deep copy of `value` as JSON, or throws a ValidationError naming the first
 * bad path. Dates become ISO strings (as JSON.stringify would do); undefined object members are
 * dropped (likewise); everything else that JSON cannot carry is refused.
 */
export function toJsonValue(field: string, value: unknown): JsonValue {
  return copy(field, value, new Set());
}

/** Like toJsonValue, but the value must be a plain object. */
export function toJsonObject(field: string, value: unknown): JsonObject {
  if (!isPlainObject(value)) throw new ValidationError(field, `must be a plain object, got ${describe(value)}`);
  return copy(field, value, new Set()) as JsonObject;
}

function copy(field: string, value: unknown, ancestors: Set<object>): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError(field, `must be a finite number, got ${value}`);
    return value;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError(field, 'is an invalid Date');
    return value.toISOString();
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    if (ancestors.has(value)) throw new ValidationError(field, 'contains a circular reference');
    ancestors.add(value);
    const result = Array.isArray(value)
      ? value.map((item, i) => copy(`${field}[${i}]`, item, ancestors))
      : copyObject(field, value, ancestors);
    ancestors.delete(value);
    return result;
  }
  throw new ValidationError(field, `must be a JSON value, got ${describe(value)}`);
}

function copyObject(field: string, value: Record<string, unknown>, ancestors: Set<object>): JsonObject {
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) result[key] = copy(joinPath(field, key), item, ancestors);
  }
  return result;
}

/** A short type name for error messages; never the value itself (it may be large or private). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}

import type { QualityAction } from '../../storage/repositories/quality.js';
import { InputError, type FieldProblem } from '../../wire/input-error.js';

/** `Continued` or `Cancelled` in any case (`Canceled` too); anything else is a 400 on `field`. */
export function parseQualityAction(field: string, text: string): QualityAction {
  const lower = text.trim().toLowerCase();
  if (lower === 'continued') return 'Continued';
  if (lower === 'cancelled' || lower === 'canceled') return 'Cancelled';
  throw InputError.of(field, `must be Continued or Cancelled, got ${JSON.stringify(text)}`);
}

/** A v2 body normalised to a collection, with `success` always present. */
export interface NormalisedCollection {
  collection: Record<string, unknown> & { checks: Array<Record<string, unknown>>; success: boolean };
  /** Whether the checks themselves demand a stop (see derivedAction). */
  demandsStop: boolean;
}

const COLLECTION_STRINGS = ['name', 'start', 'end', 'tool', 'toolVersion', 'referenceUrl', 'dataSet'] as const;
const CHECK_OBJECTS = ['checkArgs', 'onFail'] as const;

/**
 * Reads a v2 quality body: a collection `{checks: [...], ...}` or a single check `{check, success,
 * ...}` (stored as a collection of one). Every check needs a non-empty `check` and a boolean
 * `success`. A missing collection `success` is derived from the checks, because LucoPy drops
 * `success: false` (it leaves out every falsy optional field).
 */
export function normaliseQualityBody(body: unknown): NormalisedCollection {
  if (!isRecord(body)) throw InputError.of('body', 'must be a quality collection {checks: [...]} or a single check {check, success}');
  const problems: FieldProblem[] = [];
  let collection: Record<string, unknown>;
  let checks: Array<Record<string, unknown>>;
  if ('checks' in body) {
    collection = { ...body };
    const raw = body.checks;
    if (!Array.isArray(raw) || raw.length === 0) {
      throw InputError.of('checks', 'must be a non-empty array of checks {check, success}');
    }
    raw.forEach((check, index) => validateCheck(check, `checks[${index}]`, problems));
    checks = raw as Array<Record<string, unknown>>;
    if (body.success !== undefined && typeof body.success !== 'boolean') problems.push({ field: 'success', message: 'must be true or false' });
    for (const field of COLLECTION_STRINGS) optionalString(body[field], field, problems);
    optionalStringArray(body.tags, 'tags', problems);
  } else if ('check' in body) {
    validateCheck(body, '', problems);
    checks = [body];
    collection = { checks };
  } else {
    throw InputError.of('body', 'must be a quality collection {checks: [...]} or a single check {check, success}: it has neither `checks` nor `check`');
  }
  if (problems.length > 0) throw new InputError(problems);
  const success = typeof collection.success === 'boolean' ? collection.success : checks.every((check) => check.success === true);
  return { collection: { ...collection, checks, success }, demandsStop: checks.some(checkDemandsStop) };
}

/** The action when none is given: Cancelled when the checks demand a stop, else Continued. */
export function derivedAction(demandsStop: boolean): QualityAction {
  return demandsStop ? 'Cancelled' : 'Continued';
}

/** A failed check whose `onFail` has an `action` key (any case) with the value `fail` (any case). */
export function checkDemandsStop(check: Record<string, unknown>): boolean {
  if (check.success !== false || !isRecord(check.onFail)) return false;
  return Object.entries(check.onFail).some(([key, value]) => key.toLowerCase() === 'action' && typeof value === 'string' && value.trim().toLowerCase() === 'fail');
}

/**
 * v1 results: a string is kept as sent; an object or array (LucoPy 1.2.5 sends the dict) is kept
 * as its JSON text. `success` is read from Great Expectations results when they carry it.
 */
export function v1Results(results: unknown): { text: string; success: boolean | null } {
  if (typeof results === 'string') {
    if (results.trim() === '') throw InputError.of('results', 'must not be blank');
    return { text: results, success: geSuccess(tryParse(results)) };
  }
  if (typeof results === 'object' && results !== null) return { text: JSON.stringify(results), success: geSuccess(results) };
  throw InputError.of('results', `must be a string or a JSON object, got ${results === null ? 'null' : typeof results}`);
}

function geSuccess(value: unknown): boolean | null {
  if (!isRecord(value)) return null;
  if (typeof value.success === 'boolean') return value.success;
  const inner = value.validation_result;
  return isRecord(inner) && typeof inner.success === 'boolean' ? inner.success : null;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function validateCheck(check: unknown, path: string, problems: FieldProblem[]): void {
  const at = (field: string) => (path === '' ? field : `${path}.${field}`);
  if (!isRecord(check)) {
    problems.push({ field: path, message: 'must be a check object {check, success}' });
    return;
  }
  if (typeof check.check !== 'string' || check.check.trim() === '') problems.push({ field: at('check'), message: 'is required: a non-empty string saying what was checked' });
  if (typeof check.success !== 'boolean') {
    problems.push({ field: at('success'), message: check.success === undefined ? 'is required: true or false' : 'must be true or false' });
  }
  for (const field of CHECK_OBJECTS) {
    if (check[field] !== undefined && check[field] !== null && !isRecord(check[field])) problems.push({ field: at(field), message: 'must be an object' });
  }
  optionalString(check.referenceUrl, at('referenceUrl'), problems);
  optionalStringArray(check.tags, at('tags'), problems);
}

function optionalString(value: unknown, field: string, problems: FieldProblem[]): void {
  if (value !== undefined && value !== null && typeof value !== 'string') problems.push({ field, message: 'must be a string' });
}

function optionalStringArray(value: unknown, field: string, problems: FieldProblem[]): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) problems.push({ field, message: 'must be an array of strings' });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

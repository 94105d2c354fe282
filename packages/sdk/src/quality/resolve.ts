/**
 * Turns whatever a caller passes as quality results into a CheckResult or CollectionResult
 * (LucoPy's resolve_object_from_json_dict), and recognises raw Great Expectations results.
 */

import { ValidationError } from '../core/errors.js';
import { CheckResult } from './check-result.js';
import { CollectionResult } from './collection-result.js';
import { describe, isPlainObject } from './json.js';

const FIELD = 'results';

/**
 * Accepts a CheckResult or CollectionResult (returned as is), a plain object, or a JSON string of
 * one. An object with a `checks` array is a collection; one with a `check` string is a check.
 * Anything else throws a ValidationError on field `results` (LucoPy returned the exception instead
 * of raising it, so the failure surfaced later as an unrelated AttributeError).
 */
export function resolveQualityResult(value: unknown): CheckResult | CollectionResult {
  if (value instanceof CheckResult || value instanceof CollectionResult) return value;
  const parsed = typeof value === 'string' ? parseJson(value) : value;
  if (!isPlainObject(parsed)) {
    throw new ValidationError(FIELD, `must be a CheckResult, a CollectionResult, an object or a JSON string of one, got ${describe(parsed)}`);
  }
  const isCollection = Array.isArray(parsed.checks);
  const isCheck = typeof parsed.check === 'string';
  if (isCollection && isCheck) throw new ValidationError(FIELD, 'has both `check` and `checks`; it must be one check or one collection');
  if (isCollection) return CollectionResult.from(parsed, FIELD);
  if (isCheck) return CheckResult.from(parsed, FIELD);
  const hint = isGreatExpectationsResult(parsed)
    ? '; this is a Great Expectations result: convert it with convertSuiteToCollection'
    : '';
  throw new ValidationError(FIELD, `must have a \`checks\` array (a collection) or a \`check\` string (a check)${hint}`);
}

/**
 * True for Great Expectations output that LucoPy would send to the legacy v1 quality endpoint,
 * or that convertSuiteToCollection can turn into a collection:
 * - an object with a `validation_result` key (LucoPy's test, e.g. a checkpoint's run result item);
 * - a raw suite validation result: a `results` array whose items all have `expectation_config`
 *   (an empty array counts only when `meta.great_expectations_version` is present);
 * - a JSON string of either. LucoPy's test was a bare substring match on `validation_result`;
 *   here a string must also parse as JSON, so free text that mentions the word is not GE.
 */
export function isGreatExpectationsResult(value: unknown): boolean {
  if (typeof value === 'string') {
    const likely = value.includes('validation_result') || value.includes('expectation_config') || value.includes('great_expectations_version');
    if (!likely) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return false;
    }
    // A JSON string naming validation_result anywhere goes to v1 in LucoPy, nested or not.
    return value.includes('validation_result') || isGreatExpectationsObject(parsed);
  }
  return isGreatExpectationsObject(value);
}

function isGreatExpectationsObject(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  if (Object.hasOwn(value, 'validation_result')) return true;
  const results = value.results;
  if (!Array.isArray(results)) return false;
  if (results.length === 0) return isPlainObject(value.meta) && value.meta.great_expectations_version !== undefined;
  return results.every((item: unknown) => isPlainObject(item) && isPlainObject(item.expectation_config));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(FIELD, `is a string but not valid JSON (${(error as Error).message})`);
  }
}

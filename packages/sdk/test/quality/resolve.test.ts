import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CheckResult, CollectionResult, isGreatExpectationsResult, resolveQualityResult } from '../../src/quality/index.js';
import { validationErrorOf } from './helpers.js';

const check = { check: 'x', success: false, onFail: { action: 'fail' } };
const collection = { name: 'suite', checks: [check, { check: 'y', success: true }] };
const geSuite = JSON.parse(readFileSync(new URL('./fixtures/ge-suite-result.json', import.meta.url), 'utf8')) as unknown;

describe('resolveQualityResult', () => {
  it('returns instances as they are', () => {
    const c = new CheckResult(check);
    const col = new CollectionResult(collection);
    expect(resolveQualityResult(c)).toBe(c);
    expect(resolveQualityResult(col)).toBe(col);
  });

  it('builds a check or a collection from a plain object', () => {
    const resolvedCheck = resolveQualityResult(check);
    expect(resolvedCheck).toBeInstanceOf(CheckResult);
    expect(resolvedCheck.isExceptionThrown()).toBe(true);
    const resolved = resolveQualityResult(collection);
    expect(resolved).toBeInstanceOf(CollectionResult);
    expect(resolved.toDict()).toEqual({ name: 'suite', success: false, checks: collection.checks });
  });

  it('parses JSON strings', () => {
    expect(resolveQualityResult(JSON.stringify(check))).toBeInstanceOf(CheckResult);
    const resolved = resolveQualityResult(JSON.stringify(collection));
    expect(resolved).toBeInstanceOf(CollectionResult);
    expect((resolved as CollectionResult).checks).toHaveLength(2);
  });

  it.each([
    ['{not json', /not valid JSON/],
    ['[1, 2]', /got an array/],
    [42, /got a number/],
    [null, /got null/],
    [{ checks: 'x' }, /`checks` array/],
    [{ check: 'x', checks: [] }, /both/],
    [{}, /`checks` array/],
  ])('throws a ValidationError on field results for %j', (value, message) => {
    const error = validationErrorOf(() => resolveQualityResult(value));
    expect(error.field).toBe('results');
    expect(error.message).toMatch(message);
  });

  it('names nested fields under results', () => {
    expect(validationErrorOf(() => resolveQualityResult({ checks: [{ check: 'x' }] })).field).toBe('results.checks[0].success');
    expect(validationErrorOf(() => resolveQualityResult({ check: '', success: true })).field).toBe('results.check');
  });

  it('points Great Expectations input to the converter', () => {
    expect(validationErrorOf(() => resolveQualityResult(geSuite)).message).toMatch(/convertSuiteToCollection/);
  });
});

describe('isGreatExpectationsResult', () => {
  it('recognises a validation_result wrapper as object or JSON string', () => {
    expect(isGreatExpectationsResult({ validation_result: geSuite })).toBe(true);
    expect(isGreatExpectationsResult(JSON.stringify({ run_results: { x: { validation_result: {} } } }))).toBe(true);
  });

  it('recognises a raw suite validation result', () => {
    expect(isGreatExpectationsResult(geSuite)).toBe(true);
    expect(isGreatExpectationsResult(JSON.stringify(geSuite))).toBe(true);
    expect(isGreatExpectationsResult({ success: true, results: [], meta: { great_expectations_version: '0.18.8' } })).toBe(true);
  });

  it('rejects Luco-format results, non-JSON text and look-alikes', () => {
    expect(isGreatExpectationsResult(collection)).toBe(false);
    expect(isGreatExpectationsResult(JSON.stringify(collection))).toBe(false);
    expect(isGreatExpectationsResult('the validation_result was bad')).toBe(false);
    expect(isGreatExpectationsResult({ results: [] })).toBe(false);
    expect(isGreatExpectationsResult({ results: [{ expectation_config: {} }, { other: 1 }] })).toBe(false);
    expect(isGreatExpectationsResult(undefined)).toBe(false);
  });
});

import { convertSuiteToCollection, ValidationError } from '@lucots/sdk';
import { describe, expect, it } from 'vitest';
import { readGreatExpectations, type ConvertedCollection } from '../../../src/domain/quality/great-expectations.js';
import { everyObserved, everyStatement, everySuiteMeta, expectation, suite, unreadableSuites } from './ge-fixtures.js';

/** The server's conversion of one suite (as a v1 record holds it: JSON text, parsed). */
function serverCollections(value: unknown): ConvertedCollection[] {
  const reading = readGreatExpectations(JSON.parse(JSON.stringify(value)));
  if (reading.kind !== 'collections') throw new Error(`expected collections, got ${JSON.stringify(reading)}`);
  return reading.collections;
}

/** The SDK's conversion of the same suite, as the JSON it would send to the v2 route. */
function sdkCollection(value: unknown): unknown {
  return JSON.parse(JSON.stringify(convertSuiteToCollection(JSON.parse(JSON.stringify(value)))));
}

describe('the server converts Great Expectations results as the SDK does', () => {
  it('every expectation statement: check, checkArgs and success', () => {
    const input = suite(everyStatement());
    const [collection] = serverCollections(input);
    expect(collection).toEqual(sdkCollection(input));
    // The comparison covers real statements, not two empty lists.
    expect(collection!.checks).toHaveLength(everyStatement().length);
    expect(collection!.checks.find((check) => check.check.startsWith('If $row_condition'))?.check).toBe('If $row_condition, then $column mean must be greater than $min_value.');
  });

  it('every form of observed values and expectation meta', () => {
    const input = suite(everyObserved());
    expect(serverCollections(input)).toEqual([sdkCollection(input)]);
    expect(serverCollections(input)[0]!.checks[0]!.observed).toEqual({ elementCount: 1000, failedPercentage: '2.50%', partialFailedRecordsList: [null, null], partialFailedRecordsIndexList: [3, 17], partialUnexpectedCounts: [{ value: null, count: 25 }] });
  });

  it.each(everySuiteMeta().map((item, index) => [index, item] as const))('suite meta variant %i', (_index, input) => {
    expect(serverCollections(input)).toEqual([sdkCollection(input)]);
  });

  it('a checkpoint run item {validation_result: suite}', () => {
    const inner = suite(everyObserved().slice(0, 3));
    expect(serverCollections({ validation_result: inner, actions_results: {} })).toEqual([sdkCollection({ validation_result: inner })]);
  });

  it('a whole checkpoint result: one collection per run, each as the SDK converts that run', () => {
    const first = suite([expectation('expect_column_to_exist', { column: 'id' })], { expectation_suite_name: 'first' });
    const second = suite([{ ...expectation('expect_table_row_count_to_equal', { value: 3 }), success: false }], { expectation_suite_name: 'second' });
    const checkpoint = { run_id: { run_name: 'nightly' }, run_results: { 'ValidationResultIdentifier::a': { validation_result: first, actions_results: {} }, 'ValidationResultIdentifier::b': { validation_result: second } }, success: false };
    expect(serverCollections(checkpoint)).toEqual([sdkCollection(first), sdkCollection(second)]);
    // GE 1.x puts the suite results straight under run_results.
    expect(serverCollections({ run_results: { a: first } })).toEqual([sdkCollection(first)]);
  });

  it.each(unreadableSuites())('both refuse %s, the server saying which field', (_name, input) => {
    expect(() => convertSuiteToCollection(JSON.parse(JSON.stringify(input)))).toThrow(ValidationError);
    const reading = readGreatExpectations(JSON.parse(JSON.stringify(input)));
    expect(reading.kind).toBe('unreadable');
    expect(reading.kind === 'unreadable' && reading.reason).toMatch(/^(validation_result\.)?(results|meta|success)\b/);
  });
});

describe('readGreatExpectations', () => {
  it('says what is not Great Expectations output', () => {
    for (const value of [undefined, null, 'all good', 42, [], {}, { success: true }, { results: [{ success: true }] }, { results: [] }, { run_results: {} }, { run_results: { a: 'text' } }]) {
      expect(readGreatExpectations(value), JSON.stringify(value)).toEqual({ kind: 'not-great-expectations' });
    }
  });

  it('an expectation type named like an Object method gets the generic statement', () => {
    const [collection] = serverCollections(suite([expectation('toString', { column: 'a' })]));
    expect(collection!.checks[0]).toMatchObject({ check: 'toString(column=$column)', checkArgs: { column: 'a' } });
  });
});

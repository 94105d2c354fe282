import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CollectionResult, convertExpectationToCheck, convertSuiteToCollection } from '../../src/quality/index.js';
import { validationErrorOf } from './helpers.js';

const suiteText = readFileSync(new URL('./fixtures/ge-suite-result.json', import.meta.url), 'utf8');
/** A fresh parsed copy of the fixture, so tests can alter it freely. */
function suite(): { results: Array<Record<string, any>>; meta: Record<string, unknown>; [key: string]: unknown } {
  return JSON.parse(suiteText) as ReturnType<typeof suite>;
}

function expectation(type: string, kwargs: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { success: true, expectation_config: { expectation_type: type, kwargs, meta: {} }, result: {}, ...extra };
}

describe('convertSuiteToCollection on a realistic suite result', () => {
  const collection = convertSuiteToCollection(suite());
  const [notNull, between, rowCount, columns, inSet] = collection.toDict().checks;

  it('maps the suite meta and drops the default suite name', () => {
    const dict = collection.toDict();
    expect(dict).toMatchObject({
      success: false,
      tool: 'Great Expectations',
      toolVersion: '0.15.50',
      start: '2023-06-15T10:15:30.123456',
      dataSet: 'customers',
      tags: ['nightly'],
    });
    expect(dict.name).toBeUndefined();
    expect(Object.keys(dict.metadata ?? {}).sort()).toEqual(['active_batch_definition', 'batch_markers', 'batch_spec', 'checkpoint_name', 'run_id']);
    expect(dict.checks).toHaveLength(5);
  });

  it('turns a failing column-map expectation into a check with partial unexpected values', () => {
    expect(notNull).toEqual({
      check: '$column values must never be null.',
      success: false,
      checkArgs: { column: 'customer_id' },
      onFail: { Action: 'Fail', failedRecordsLink: 'https://example.test/failed/1' },
      tags: ['completeness'],
      observed: {
        elementCount: 1000,
        failedPercentage: '2.50%',
        partialFailedRecordsList: [null, null, null],
        partialFailedRecordsIndexList: [3, 17, 42],
        partialUnexpectedCounts: [{ value: null, count: 25 }],
      },
      metadata: { owner: 'data-team' },
    });
  });

  it('renders bounds and mostly, with only scalar params in checkArgs', () => {
    expect(between?.check).toBe(
      '$column values must be greater than or equal to $min_value and less than or equal to $max_value, at least $mostly_pct % of the time.',
    );
    expect(between?.checkArgs).toEqual({ column: 'age', min_value: '0', max_value: '120', mostly_pct: '95' });
    expect(between?.observed).toMatchObject({ failedPercentage: '8.00%', partialFailedRecordsList: [-1, 130, 150] });
    expect(between).not.toHaveProperty('onFail');
  });

  it('uses observed_value when present, with a one-sided bound and referenceUrl from meta', () => {
    expect(rowCount).toEqual({
      check: 'Must have greater than or equal to $min_value rows.',
      success: true,
      checkArgs: { min_value: '500' },
      referenceUrl: 'https://wiki.example.test/row-counts',
      observed: 1000,
    });
  });

  it('expands list kwargs into one placeholder per item and filters __eval_col artefacts', () => {
    expect(columns?.check).toBe('Must have these columns in this order: $column_list_0, $column_list_1, $column_list_2.');
    expect(columns?.checkArgs).toEqual({ column_list_0: 'customer_id', column_list_1: 'age', column_list_2: 'country' });
    expect(columns?.observed).toEqual(['customer_id', 'age', 'country']);
  });

  it('emits no observed for an empty (BOOLEAN_ONLY) result', () => {
    expect(inSet?.check).toBe('$column values must belong to this set: $value_set_0, $value_set_1, $value_set_2.');
    expect(inSet).not.toHaveProperty('observed');
  });

  it('is Cancelled because a failed check has onFail Action Fail', () => {
    expect(collection.action()).toBe('Cancelled');
  });

  it('accepts the validation_result wrapper and JSON text', () => {
    const wrapped = convertSuiteToCollection({ validation_result: suite() });
    expect(wrapped.toDict()).toEqual(collection.toDict());
    expect(convertSuiteToCollection(suiteText)).toBeInstanceOf(CollectionResult);
  });
});

describe('convertSuiteToCollection options and edge cases', () => {
  it('keeps a real suite name and converts a validation_time without fraction', () => {
    const input = suite();
    input.meta.expectation_suite_name = 'customers.warning';
    input.meta.validation_time = '20240101T000000Z';
    const collection = convertSuiteToCollection(input);
    expect(collection.name).toBe('customers.warning');
    expect(collection.start).toBe('2024-01-01T00:00:00.000000');
  });

  it('remaps suite and expectation meta keys; the unused default keys go to metadata', () => {
    const input = suite();
    input.results[0]!.expectation_config.meta = { on_fail: { action: 'fail' }, categories: ['validity'], onFail: 'kept' };
    const collection = convertSuiteToCollection(input, {
      suiteMappings: { dataSet: 'checkpoint_name' },
      expectationMappings: { onFail: 'on_fail', tags: 'categories' },
    });
    expect(collection.dataSet).toBe('customers_checkpoint');
    expect(collection.metadata).toMatchObject({ dataSet: 'customers' });
    expect(collection.metadata).not.toHaveProperty('checkpoint_name');
    const first = collection.checks[0]!;
    expect(first.onFail).toEqual({ action: 'fail' });
    expect(first.tags).toEqual(['validity']);
    expect(first.metadata).toEqual({ onFail: 'kept' });
  });

  it('derives success from the checks when the suite has none', () => {
    const input = suite();
    delete input.success;
    input.results = input.results.slice(2);
    expect(convertSuiteToCollection(input).success).toBe(true);
  });

  it.each([
    ['a number', () => convertSuiteToCollection(42), 'suiteResult'],
    ['bad JSON text', () => convertSuiteToCollection('{oops'), 'suiteResult'],
    ['no results', () => convertSuiteToCollection({ success: true }), 'results'],
    ['a wrapper without results', () => convertSuiteToCollection({ validation_result: { meta: {} } }), 'validation_result.results'],
    ['a result without expectation_config', () => convertSuiteToCollection({ results: [expectation('expect_column_to_exist', { column: 'a' }), { success: true }] }), 'results[1].expectation_config'],
    ['a non-boolean success', () => convertSuiteToCollection({ results: [{ ...expectation('expect_column_to_exist', {}), success: 'true' }] }), 'results[0].success'],
    ['a missing expectation type', () => convertSuiteToCollection({ results: [{ success: true, expectation_config: { kwargs: {} } }] }), 'results[0].expectation_config.expectation_type'],
    ['bad tags in expectation meta', () => {
      const input = suite();
      input.results[0]!.expectation_config.meta.tags = 'completeness';
      return convertSuiteToCollection(input);
    }, 'results[0].expectation_config.meta.tags'],
    ['a bad validation_time', () => {
      const input = suite();
      input.meta.validation_time = 'June 15th';
      return convertSuiteToCollection(input);
    }, 'meta.validation_time'],
    ['an unknown mapping field', () => convertSuiteToCollection(suite(), { suiteMappings: { colour: 'x' } as never }), 'suiteMappings.colour'],
  ])('names the path for %s', (_name, run, field) => {
    expect(validationErrorOf(run).field).toBe(field);
  });
});

describe('convertExpectationToCheck', () => {
  it('renders a fallback template for unknown expectations, leaving dicts and run kwargs out', () => {
    const check = convertExpectationToCheck(
      expectation('expect_custom_thing', { column: 'a', threshold: 3, options: { deep: true }, allowed: ['x', 'y'], result_format: 'SUMMARY' }),
    );
    expect(check.check).toBe('expect_custom_thing(column=$column, threshold=$threshold, allowed=[$allowed_0, $allowed_1])');
    expect(check.checkArgs).toEqual({ column: 'a', threshold: '3', allowed_0: 'x', allowed_1: 'y' });
  });

  it('an expectation named like an object method is rendered by the fallback, not mistaken for a template', () => {
    expect(convertExpectationToCheck(expectation('toString', { column: 'a' })).check).toBe('toString(column=$column)');
    expect(convertExpectationToCheck(expectation('constructor', { column: 'a' })).check).toBe('constructor(column=$column)');
  });

  it('handles strict bounds, row conditions, and GE 1.x `type`', () => {
    const check = convertExpectationToCheck({
      success: true,
      expectation_config: {
        type: 'expect_column_mean_to_be_between',
        kwargs: { column: 'price', min_value: 1.5, strict_min: true, row_condition: 'country=="NL"', condition_parser: 'pandas' },
      },
      result: { observed_value: 2.25 },
    });
    expect(check.check).toBe('If $row_condition, then $column mean must be greater than $min_value.');
    expect(check.checkArgs).toEqual({ row_condition: 'country=="NL"', column: 'price', min_value: '1.5' });
    expect(check.observed).toBe(2.25);
  });

  it('leaves out an evaluation-parameter dict but keeps its placeholder readable', () => {
    const check = convertExpectationToCheck(
      expectation('expect_table_row_count_to_be_between', { min_value: { $PARAMETER: 'previous_count' }, max_value: 10 }),
    );
    expect(check.check).toBe('Must have greater than or equal to $min_value and less than or equal to $max_value rows.');
    expect(check.checkArgs).toEqual({ max_value: '10' });
  });

  it('reads remapped meta keys through metadataMappings', () => {
    const input = expectation('expect_column_values_to_be_unique', { column: 'id' });
    (input.expectation_config as Record<string, unknown>).meta = { link: 'https://x.test', team: 'core' };
    const check = convertExpectationToCheck(input, { metadataMappings: { referenceUrl: 'link' } });
    expect(check.toDict()).toEqual({
      check: '$column values must be unique.',
      success: true,
      checkArgs: { column: 'id' },
      referenceUrl: 'https://x.test',
      metadata: { team: 'core' },
    });
  });

  it('names the root when the input is not an object', () => {
    expect(validationErrorOf(() => convertExpectationToCheck([])).field).toBe('expectationResult');
    expect(validationErrorOf(() => convertExpectationToCheck({ success: true, expectation_config: { expectation_type: 'x', kwargs: [] } })).field).toBe(
      'expectation_config.kwargs',
    );
  });
});

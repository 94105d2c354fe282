/**
 * Great Expectations validation results for the converter tests: every expectation type the
 * statements know, with the kwargs that change their wording, plus suites shaped as GE 0.15-0.18
 * and 1.x write them. Plain JSON, as a v1 record stores it.
 */

type Json = Record<string, unknown>;

export function expectation(type: string, kwargs: Json, extra: Json = {}, typeKey: 'expectation_type' | 'type' = 'expectation_type'): Json {
  return { success: true, expectation_config: { [typeKey]: type, kwargs, meta: {} }, result: {}, ...extra };
}

const BETWEEN = [
  'expect_column_values_to_be_between',
  'expect_column_value_lengths_to_be_between',
  'expect_column_mean_to_be_between',
  'expect_column_median_to_be_between',
  'expect_column_min_to_be_between',
  'expect_column_max_to_be_between',
  'expect_column_sum_to_be_between',
  'expect_column_stdev_to_be_between',
  'expect_column_unique_value_count_to_be_between',
  'expect_column_proportion_of_unique_values_to_be_between',
  'expect_table_row_count_to_be_between',
  'expect_table_column_count_to_be_between',
];

const BOUNDS: Json[] = [
  { min_value: 0, max_value: 120 },
  { min_value: 1.5, strict_min: true },
  { max_value: 10, strict_max: true },
  { min_value: null, max_value: null },
  { min_value: 0, max_value: 100, strict_min: true, strict_max: true, mostly: 0.9 },
  { min_value: { $PARAMETER: 'previous_count' }, max_value: 10 },
];

const SETS = [
  'expect_column_values_to_be_in_set',
  'expect_column_values_to_not_be_in_set',
  'expect_column_distinct_values_to_be_in_set',
  'expect_column_distinct_values_to_contain_set',
  'expect_column_distinct_values_to_equal_set',
];

const COLUMN_ONLY = [
  'expect_column_to_exist',
  'expect_column_values_to_not_be_null',
  'expect_column_values_to_be_null',
  'expect_column_values_to_be_unique',
  'expect_column_values_to_be_dateutil_parseable',
  'expect_column_values_to_be_json_parseable',
];

/** One expectation result per statement variant; successes alternate so both show up. */
export function everyStatement(): Json[] {
  const items: Json[] = [];
  for (const type of COLUMN_ONLY) {
    items.push(expectation(type, { column: 'customer_id' }));
    items.push(expectation(type, { column: 'customer_id', mostly: 0.95 }));
  }
  for (const type of BETWEEN) for (const bounds of BOUNDS) items.push(expectation(type, { column: 'age', ...bounds }));
  for (const type of SETS) {
    items.push(expectation(type, { column: 'country', value_set: ['NL', 'BE', 3, true] }));
    items.push(expectation(type, { column: 'country', value_set: [] }));
  }
  items.push(
    expectation('expect_column_values_to_be_increasing', { column: 'ts', strictly: true }),
    expectation('expect_column_values_to_be_increasing', { column: 'ts' }),
    expectation('expect_column_values_to_be_decreasing', { column: 'ts', strictly: true }),
    expectation('expect_column_values_to_be_decreasing', { column: 'ts', strictly: false }),
    expectation('expect_column_values_to_match_regex', { column: 'email', regex: '^[^@]+@[^@]+$' }),
    expectation('expect_column_values_to_not_match_regex', { column: 'email', regex: '\\s', mostly: 0.57 }),
    expectation('expect_column_values_to_match_strftime_format', { column: 'day', strftime_format: '%Y-%m-%d' }),
    expectation('expect_column_values_to_be_of_type', { column: 'age', type_: 'int64' }),
    expectation('expect_column_values_to_be_in_type_list', { column: 'age', type_list: ['int', 'float'] }),
    expectation('expect_column_value_lengths_to_equal', { column: 'code', value: 3 }),
    expectation('expect_column_pair_values_to_be_equal', { column_A: 'a', column_B: 'b' }),
    expectation('expect_compound_columns_to_be_unique', { column_list: ['a', 'b'] }),
    expectation('expect_multicolumn_values_to_be_unique', { column_list: ['a', 'b', 'c'] }),
    expectation('expect_select_column_values_to_be_unique_within_record', { column_list: [] }),
    expectation('expect_table_row_count_to_equal', { value: 1000 }),
    expectation('expect_table_column_count_to_equal', { value: 7 }),
    expectation('expect_table_columns_to_match_ordered_list', { column_list: ['id', 'age'] }),
    expectation('expect_table_columns_to_match_set', { column_set: ['id', 'age'], exact_match: false }),
    expectation('expect_table_columns_to_match_set', { column_set: ['id'] }),
    // Row conditions, on statements that start with a placeholder and with a word.
    expectation('expect_column_mean_to_be_between', { column: 'price', min_value: 1.5, strict_min: true, row_condition: 'country=="NL"', condition_parser: 'pandas' }, {}, 'type'),
    expectation('expect_table_row_count_to_equal', { value: 5, row_condition: 'a>1' }),
    expectation('expect_column_values_to_be_unique', { column: 'id', row_condition: '' }),
    // No statement of their own: the generic form, leaving out steering kwargs, objects and nulls.
    expectation('expect_custom_thing', { column: 'a', threshold: 3, options: { deep: true }, allowed: ['x', 'y'], result_format: 'SUMMARY', skip: null }),
    expectation('expect_custom_thing', { result_format: 'BOOLEAN_ONLY' }),
    expectation('expect_custom_thing', { column: 'a', mostly: 0.8 }),
  );
  return items.map((item, index) => ({ ...item, success: index % 3 !== 0 }));
}

/** What GE reports as `result`, in its several forms. */
export function everyObserved(): Json[] {
  const base = (result: unknown, meta: Json = {}) => ({ success: false, expectation_config: { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'id' }, meta }, result });
  return [
    base({ element_count: 1000, unexpected_count: 25, unexpected_percent_total: 2.5, partial_unexpected_list: [null, null], partial_unexpected_index_list: [3, 17], partial_unexpected_counts: [{ value: null, count: 25 }] }),
    base({ element_count: 10, unexpected_percent_total: 33.333333 }),
    base({ observed_value: ['id', '__eval_col_1', 'age', 7] }),
    base({ observed_value: 2.25, element_count: 5 }),
    base({ observed_value: { min: 1, max: 9 } }),
    base({ observed_value: null, element_count: 0 }),
    base({}),
    base(null),
    base({ observed_value: false }),
    base({ observed_value: 0 }, { onFail: { Action: 'Fail', link: 'https://example.test/failed' }, referenceUrl: 'https://wiki.example.test/ids', tags: ['completeness', 'ids'], owner: 'data-team', extra: null }),
    base({}, { onFail: null, referenceUrl: null, tags: null }),
  ];
}

/** A suite result as GE 0.15-0.18 writes it (suite meta, statistics, evaluation parameters). */
export function suite(results: Json[], meta: Json = {}, success: boolean | undefined = false): Json {
  return {
    ...(success === undefined ? {} : { success }),
    evaluation_parameters: {},
    statistics: { evaluated_expectations: results.length },
    results,
    meta: {
      great_expectations_version: '0.18.12',
      expectation_suite_name: 'customers.critical',
      run_id: { run_name: 'nightly', run_time: '2026-11-27T02:00:00+00:00' },
      batch_spec: { path: '/data/customers.csv' },
      validation_time: '20261127T020000.123456Z',
      checkpoint_name: 'customers_checkpoint',
      ...meta,
    },
  };
}

/** Suite-level variants: names, times, tags, data sets, derived success. */
export function everySuiteMeta(): Json[] {
  const results = [expectation('expect_column_to_exist', { column: 'id' }), { ...expectation('expect_column_values_to_be_unique', { column: 'id' }), success: false }];
  return [
    suite(results),
    suite(results, { expectation_suite_name: 'default' }),
    suite(results, { validation_time: '20240101T000000Z', tags: ['nightly'], dataSet: 'customers', referenceUrl: 'https://docs.example.test/suite' }),
    suite(results, { validation_time: '2024-01-01T10:15:30+02:00' }),
    suite(results, { validation_time: '20240101T101530.5' }),
    suite(results, { validation_time: null, expectation_suite_name: null }),
    suite(results.slice(0, 1), {}, undefined),
    suite(results, {}, undefined),
    suite([], {}, true),
    { results, meta: null },
    { results },
  ];
}

/** GE output that looks like GE but breaks its shape: both converters refuse these. */
export function unreadableSuites(): Array<[string, Json]> {
  const ok = expectation('expect_column_to_exist', { column: 'id' });
  return [
    ['a non-boolean expectation success', suite([{ ...ok, success: 'true' }])],
    ['an empty expectation type', suite([expectation('', {})])],
    ['a blank expectation type', suite([expectation('   ', {})])],
    ['kwargs that are a list', suite([{ ...ok, expectation_config: { expectation_type: 'x', kwargs: [] } }])],
    ['a result that is a list', suite([{ ...ok, result: [] }])],
    ['meta tags that are text', suite([{ ...ok, expectation_config: { expectation_type: 'x', kwargs: {}, meta: { tags: 'completeness' } } }])],
    ['meta tags with a number', suite([{ ...ok, expectation_config: { expectation_type: 'x', kwargs: {}, meta: { tags: ['a', 1] } } }])],
    ['an onFail that is text', suite([{ ...ok, expectation_config: { expectation_type: 'x', kwargs: {}, meta: { onFail: 'fail' } } }])],
    ['a referenceUrl that is a number', suite([{ ...ok, expectation_config: { expectation_type: 'x', kwargs: {}, meta: { referenceUrl: 3 } } }])],
    ['an expectation meta that is a list', suite([{ ...ok, expectation_config: { expectation_type: 'x', kwargs: {}, meta: [] } }])],
    ['an impossible validation_time', suite([ok], { validation_time: '20230230T101530Z' })],
    ['a validation_time in words', suite([ok], { validation_time: 'June 15th' })],
    ['a numeric validation_time', suite([ok], { validation_time: 20230615 })],
    ['a suite success of null', { ...suite([ok]), success: null }],
    ['a numeric suite name', suite([ok], { expectation_suite_name: 7 })],
    ['suite tags that are text', suite([ok], { tags: 'nightly' })],
    ['a suite meta that is a list', { results: [ok], meta: [] }],
    ['a wrapper without results', { validation_result: { meta: {} } }],
  ];
}

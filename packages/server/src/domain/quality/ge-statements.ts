/**
 * A Great Expectations expectation as a Luco check statement: `$name` placeholders whose values
 * go to `checkArgs`. The wording is the SDK's (packages/sdk/src/quality/ge-templates.ts), so a
 * suite gives the same checks whether the SDK converts it before sending (v2) or the server
 * converts the v1 text it stored; a test runs both on the same suites.
 */

type Kwargs = Readonly<Record<string, unknown>>;

/** The values a statement may refer to: the kwargs, plus one entry per list item it spelled out. */
class Statement {
  readonly values: Record<string, unknown>;

  constructor(kwargs: Kwargs) {
    this.values = { ...kwargs };
  }

  isSet(name: string): boolean {
    const value = this.values[name];
    return value !== undefined && value !== null;
  }

  /** `$value_set_0, $value_set_1`: checkArgs hold scalars, so a list is spelled out item by item. */
  items(name: string): string {
    const list = this.values[name];
    if (!Array.isArray(list) || list.length === 0) return '[ ]';
    const names = list.map((item: unknown, index) => {
      this.values[`${name}_${index}`] = item;
      return `$${name}_${index}`;
    });
    return names.join(', ');
  }

  /** `mostly` in [0, 1) lets some rows fail, which the statement then says. */
  get allowsSomeFailures(): boolean {
    const mostly = this.values.mostly;
    return typeof mostly === 'number' && mostly >= 0 && mostly < 1;
  }
}

type Render = (s: Statement) => string;

/** The `*_to_be_between` family: either bound may be missing, either may be strict. */
function between(before: string, whenUnbounded: string, after = ''): Render {
  return (s) => {
    const lower = `${s.values.strict_min === true ? 'greater than' : 'greater than or equal to'} $min_value`;
    const upper = `${s.values.strict_max === true ? 'less than' : 'less than or equal to'} $max_value`;
    const hasMin = s.isSet('min_value');
    const hasMax = s.isSet('max_value');
    if (hasMin && hasMax) return `${before} ${lower} and ${upper}${after}.`;
    if (hasMin) return `${before} ${lower}${after}.`;
    if (hasMax) return `${before} ${upper}${after}.`;
    return whenUnbounded;
  };
}

const fixed =
  (text: string): Render =>
  () =>
    text;

const STATEMENTS: Readonly<Record<string, Render>> = {
  expect_column_to_exist: fixed('$column is a required field.'),
  expect_column_values_to_not_be_null: (s) => (s.allowsSomeFailures ? '$column values must not be null.' : '$column values must never be null.'),
  expect_column_values_to_be_null: fixed('$column values must be null.'),
  expect_column_values_to_be_unique: fixed('$column values must be unique.'),
  expect_column_values_to_be_in_set: (s) => `$column values must belong to this set: ${s.items('value_set')}.`,
  expect_column_values_to_not_be_in_set: (s) => `$column values must not belong to this set: ${s.items('value_set')}.`,
  expect_column_values_to_be_between: between('$column values must be', '$column may have any numerical value.'),
  expect_column_values_to_be_increasing: (s) => `$column values must be ${s.values.strictly === true ? 'greater than' : 'greater than or equal to'} previous values.`,
  expect_column_values_to_be_decreasing: (s) => `$column values must be ${s.values.strictly === true ? 'less than' : 'less than or equal to'} previous values.`,
  expect_column_values_to_match_regex: fixed('$column values must match this regular expression: $regex.'),
  expect_column_values_to_not_match_regex: fixed('$column values must not match this regular expression: $regex.'),
  expect_column_values_to_match_strftime_format: fixed('$column values must match this strftime format: $strftime_format.'),
  expect_column_values_to_be_dateutil_parseable: fixed('$column values must be parseable by dateutil.'),
  expect_column_values_to_be_json_parseable: fixed('$column values must be parseable as JSON.'),
  expect_column_values_to_be_of_type: fixed('$column values must be of type $type_.'),
  expect_column_values_to_be_in_type_list: (s) => `$column value types must belong to this set: ${s.items('type_list')}.`,
  expect_column_value_lengths_to_equal: fixed('$column values must be $value characters long.'),
  expect_column_value_lengths_to_be_between: between('$column values must be', '$column values may have any length.', ' characters long'),
  expect_column_mean_to_be_between: between('$column mean must be', '$column mean may have any numerical value.'),
  expect_column_median_to_be_between: between('$column median must be', '$column median may have any numerical value.'),
  expect_column_min_to_be_between: between('$column minimum value must be', '$column minimum value may have any numerical value.'),
  expect_column_max_to_be_between: between('$column maximum value must be', '$column maximum value may have any numerical value.'),
  expect_column_sum_to_be_between: between('$column sum must be', '$column sum may have any numerical value.'),
  expect_column_stdev_to_be_between: between('$column standard deviation must be', '$column standard deviation may have any numerical value.'),
  expect_column_unique_value_count_to_be_between: between('$column must have', '$column may have any number of unique values.', ' unique values'),
  expect_column_proportion_of_unique_values_to_be_between: between('$column fraction of unique values must be', '$column may have any fraction of unique values.'),
  expect_column_distinct_values_to_be_in_set: (s) => `$column distinct values must belong to this set: ${s.items('value_set')}.`,
  expect_column_distinct_values_to_contain_set: (s) => `$column distinct values must contain this set: ${s.items('value_set')}.`,
  expect_column_distinct_values_to_equal_set: (s) => `$column distinct values must match this set: ${s.items('value_set')}.`,
  expect_column_pair_values_to_be_equal: fixed('Values in $column_A and $column_B must always be equal.'),
  expect_compound_columns_to_be_unique: (s) => `Values for given compound columns must be unique together: ${s.items('column_list')}.`,
  expect_multicolumn_values_to_be_unique: (s) => `Values must always be unique across columns: ${s.items('column_list')}.`,
  expect_select_column_values_to_be_unique_within_record: (s) => `Values must be unique across columns within each record: ${s.items('column_list')}.`,
  expect_table_row_count_to_be_between: between('Must have', 'May have any number of rows.', ' rows'),
  expect_table_row_count_to_equal: fixed('Must have exactly $value rows.'),
  expect_table_column_count_to_be_between: between('Must have', 'May have any number of columns.', ' columns'),
  expect_table_column_count_to_equal: fixed('Must have exactly $value columns.'),
  expect_table_columns_to_match_ordered_list: (s) => `Must have these columns in this order: ${s.items('column_list')}.`,
  expect_table_columns_to_match_set: (s) => `Must have ${s.values.exact_match === false ? 'at least' : 'exactly'} these columns (in any order): ${s.items('column_set')}.`,
};

/** Kwargs that steer how GE runs rather than what it expects: a generic statement leaves them out. */
const STEERING_KWARGS = new Set(['result_format', 'include_config', 'catch_exceptions', 'batch_id', 'meta', 'mostly', 'row_condition', 'condition_parser']);

/** An expectation without a statement of its own: `expect_x(column=$column, bound=$bound)`. */
function generic(type: string, s: Statement, kwargs: Kwargs): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(kwargs)) {
    if (STEERING_KWARGS.has(name) || value === null || value === undefined) continue;
    if (Array.isArray(value)) parts.push(`${name}=[${s.items(name)}]`);
    // An object cannot be a checkArg, so a placeholder for it would never be filled.
    else if (typeof value !== 'object') parts.push(`${name}=$${name}`);
  }
  return parts.length > 0 ? `${type}(${parts.join(', ')})` : type;
}

/** 0.95 -> "95"; 0.57 -> "57", not "56.99999999999999". */
function percent(fraction: number): string {
  return String(Number((fraction * 100).toPrecision(12)));
}

const PLACEHOLDER = /\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The placeholders `check` uses, with their scalar values as text; lists and objects have none. */
function argumentsOf(check: string, values: Readonly<Record<string, unknown>>): Record<string, string> {
  const args: Record<string, string> = {};
  for (const match of check.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    const value = values[name];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') args[name] = String(value);
  }
  return args;
}

export interface ExpectationStatement {
  check: string;
  checkArgs: Record<string, string>;
}

/** The statement of one expectation and the values of the placeholders it uses. */
export function expectationStatement(type: string, kwargs: Kwargs): ExpectationStatement {
  const s = new Statement(kwargs);
  // hasOwn: a type such as `toString` must not find Object.prototype's.
  let check = Object.hasOwn(STATEMENTS, type) ? STATEMENTS[type]!(s) : generic(type, s, kwargs);
  if (s.allowsSomeFailures && !check.includes('$mostly_pct')) {
    s.values.mostly_pct = percent(s.values.mostly as number);
    check = `${check.replace(/\.$/, '')}, at least $mostly_pct % of the time.`;
  }
  const condition = kwargs.row_condition;
  if (typeof condition === 'string' && condition !== '') {
    const rest = check.startsWith('$') ? check : `${check.charAt(0).toLowerCase()}${check.slice(1)}`;
    check = `If $row_condition, then ${rest}`;
  }
  return { check, checkArgs: argumentsOf(check, s.values) };
}

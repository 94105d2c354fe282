/**
 * Readable `check` statements for Great Expectations expectations. GE's own prescriptive renderer
 * is Python-only, so this keeps a table of templates in its style: `$name` placeholders whose
 * values go to checkArgs, letting Luco show the statement and highlight the values.
 */

type Kwargs = Readonly<Record<string, unknown>>;

/** Parameters a template can refer to: the kwargs plus values derived while rendering. */
class Params {
  readonly values: Record<string, unknown>;

  constructor(kwargs: Kwargs) {
    this.values = { ...kwargs };
  }

  has(name: string): boolean {
    return this.values[name] !== undefined && this.values[name] !== null;
  }

  /**
   * Placeholders for a list kwarg, one per item (`$value_set_0, $value_set_1`), because checkArgs
   * holds scalars only: the list itself would be left out and its placeholder left unresolved.
   */
  list(name: string): string {
    const items = this.values[name];
    if (!Array.isArray(items) || items.length === 0) return '[ ]';
    return items
      .map((item: unknown, i) => {
        const key = `${name}_${i}`;
        this.values[key] = item;
        return `$${key}`;
      })
      .join(', ');
  }

  /** `mostly` below 1 lets a share of rows fail; the statement must say so. */
  get partial(): boolean {
    const mostly = this.values.mostly;
    return typeof mostly === 'number' && mostly >= 0 && mostly < 1;
  }
}

type Template = (p: Params) => string;

interface RangeWords {
  /** Text before the bounds, e.g. `$column values must be`. */
  before: string;
  /** Text after the bounds, e.g. ` rows`. */
  after?: string;
  /** The statement when neither bound is set. */
  any: string;
}

/** GE's `*_to_be_between` family: either bound may be missing, and either may be strict. */
function range(words: RangeWords): Template {
  return (p) => {
    const min = `${p.values.strict_min === true ? 'greater than' : 'greater than or equal to'} $min_value`;
    const max = `${p.values.strict_max === true ? 'less than' : 'less than or equal to'} $max_value`;
    const after = words.after ?? '';
    if (p.has('min_value') && p.has('max_value')) return `${words.before} ${min} and ${max}${after}.`;
    if (p.has('min_value')) return `${words.before} ${min}${after}.`;
    if (p.has('max_value')) return `${words.before} ${max}${after}.`;
    return words.any;
  };
}

const TEMPLATES: Readonly<Record<string, Template>> = {
  expect_column_to_exist: () => '$column is a required field.',
  expect_column_values_to_not_be_null: (p) =>
    p.partial ? '$column values must not be null.' : '$column values must never be null.',
  expect_column_values_to_be_null: () => '$column values must be null.',
  expect_column_values_to_be_unique: () => '$column values must be unique.',
  expect_column_values_to_be_in_set: (p) => `$column values must belong to this set: ${p.list('value_set')}.`,
  expect_column_values_to_not_be_in_set: (p) => `$column values must not belong to this set: ${p.list('value_set')}.`,
  expect_column_values_to_be_between: range({ before: '$column values must be', any: '$column may have any numerical value.' }),
  expect_column_values_to_be_increasing: (p) =>
    `$column values must be ${p.values.strictly === true ? 'greater than' : 'greater than or equal to'} previous values.`,
  expect_column_values_to_be_decreasing: (p) =>
    `$column values must be ${p.values.strictly === true ? 'less than' : 'less than or equal to'} previous values.`,
  expect_column_values_to_match_regex: () => '$column values must match this regular expression: $regex.',
  expect_column_values_to_not_match_regex: () => '$column values must not match this regular expression: $regex.',
  expect_column_values_to_match_strftime_format: () => '$column values must match this strftime format: $strftime_format.',
  expect_column_values_to_be_dateutil_parseable: () => '$column values must be parseable by dateutil.',
  expect_column_values_to_be_json_parseable: () => '$column values must be parseable as JSON.',
  expect_column_values_to_be_of_type: () => '$column values must be of type $type_.',
  expect_column_values_to_be_in_type_list: (p) => `$column value types must belong to this set: ${p.list('type_list')}.`,
  expect_column_value_lengths_to_equal: () => '$column values must be $value characters long.',
  expect_column_value_lengths_to_be_between: range({
    before: '$column values must be',
    after: ' characters long',
    any: '$column values may have any length.',
  }),
  expect_column_mean_to_be_between: range({ before: '$column mean must be', any: '$column mean may have any numerical value.' }),
  expect_column_median_to_be_between: range({ before: '$column median must be', any: '$column median may have any numerical value.' }),
  expect_column_min_to_be_between: range({ before: '$column minimum value must be', any: '$column minimum value may have any numerical value.' }),
  expect_column_max_to_be_between: range({ before: '$column maximum value must be', any: '$column maximum value may have any numerical value.' }),
  expect_column_sum_to_be_between: range({ before: '$column sum must be', any: '$column sum may have any numerical value.' }),
  expect_column_stdev_to_be_between: range({
    before: '$column standard deviation must be',
    any: '$column standard deviation may have any numerical value.',
  }),
  expect_column_unique_value_count_to_be_between: range({
    before: '$column must have',
    after: ' unique values',
    any: '$column may have any number of unique values.',
  }),
  expect_column_proportion_of_unique_values_to_be_between: range({
    before: '$column fraction of unique values must be',
    any: '$column may have any fraction of unique values.',
  }),
  expect_column_distinct_values_to_be_in_set: (p) => `$column distinct values must belong to this set: ${p.list('value_set')}.`,
  expect_column_distinct_values_to_contain_set: (p) => `$column distinct values must contain this set: ${p.list('value_set')}.`,
  expect_column_distinct_values_to_equal_set: (p) => `$column distinct values must match this set: ${p.list('value_set')}.`,
  expect_column_pair_values_to_be_equal: () => 'Values in $column_A and $column_B must always be equal.',
  expect_compound_columns_to_be_unique: (p) => `Values for given compound columns must be unique together: ${p.list('column_list')}.`,
  expect_multicolumn_values_to_be_unique: (p) => `Values must always be unique across columns: ${p.list('column_list')}.`,
  expect_select_column_values_to_be_unique_within_record: (p) =>
    `Values must be unique across columns within each record: ${p.list('column_list')}.`,
  expect_table_row_count_to_be_between: range({ before: 'Must have', after: ' rows', any: 'May have any number of rows.' }),
  expect_table_row_count_to_equal: () => 'Must have exactly $value rows.',
  expect_table_column_count_to_be_between: range({ before: 'Must have', after: ' columns', any: 'May have any number of columns.' }),
  expect_table_column_count_to_equal: () => 'Must have exactly $value columns.',
  expect_table_columns_to_match_ordered_list: (p) => `Must have these columns in this order: ${p.list('column_list')}.`,
  expect_table_columns_to_match_set: (p) =>
    `Must have ${p.values.exact_match === false ? 'at least' : 'exactly'} these columns (in any order): ${p.list('column_set')}.`,
};

/** Kwargs that steer GE's run rather than state the expectation; the fallback leaves them out. */
const RUN_KWARGS = new Set(['result_format', 'include_config', 'catch_exceptions', 'batch_id', 'meta', 'mostly', 'row_condition', 'condition_parser']);

/** For expectations without a template: `expect_x(column=$column, threshold=$threshold)`. */
function fallback(type: string, p: Params, kwargs: Kwargs): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(kwargs)) {
    if (RUN_KWARGS.has(name) || value === null || value === undefined) continue;
    if (Array.isArray(value)) parts.push(`${name}=[${p.list(name)}]`);
    else if (typeof value !== 'object') parts.push(`${name}=$${name}`);
    // Dicts are skipped: they cannot be checkArgs, so a placeholder would never resolve.
  }
  return parts.length === 0 ? type : `${type}(${parts.join(', ')})`;
}

export interface RenderedExpectation {
  check: string;
  /** The values of the placeholders used in `check`, stringified; lists and dicts left out. */
  checkArgs: Record<string, string>;
}

/** Renders an expectation's statement and the arguments its placeholders use. */
export function renderExpectation(type: string, kwargs: Kwargs): RenderedExpectation {
  const p = new Params(kwargs);
  // Own keys only: an expectation named `toString` or `constructor` is not a template.
  const template = Object.hasOwn(TEMPLATES, type) ? TEMPLATES[type] : undefined;
  let check = template?.(p) ?? fallback(type, p, kwargs);
  if (p.partial && !check.includes('$mostly_pct')) {
    p.values.mostly_pct = formatPercent(p.values.mostly as number);
    check = `${check.replace(/\.$/, '')}, at least $mostly_pct % of the time.`;
  }
  if (typeof kwargs.row_condition === 'string' && kwargs.row_condition !== '') {
    check = `If $row_condition, then ${check.startsWith('$') ? check : check.charAt(0).toLowerCase() + check.slice(1)}`;
  }
  return { check, checkArgs: usedArgs(check, p.values) };
}

const PLACEHOLDER = /\$([A-Za-z_][A-Za-z0-9_]*)/g;

function usedArgs(check: string, values: Readonly<Record<string, unknown>>): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [, name] of check.matchAll(PLACEHOLDER)) {
    if (name === undefined) continue;
    const value = values[name];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') args[name] = String(value);
  }
  return args;
}

/** 0.95 -> "95", 0.57 -> "57" (not 56.99999999999999). */
function formatPercent(fraction: number): string {
  return String(Number((fraction * 100).toPrecision(12)));
}

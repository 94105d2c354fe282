/**
 * Converters from Great Expectations validation results (the JSON/dict form of
 * ExpectationSuiteValidationResult and ExpectationValidationResult, GE 0.13-0.18) to Luco's
 * generic check and collection format.
 */

import { ValidationError } from '../core/errors.js';
import { CheckResult } from './check-result.js';
import { CollectionResult } from './collection-result.js';
import { optionalString, optionalStringArray, optionalTimestamp, requireBoolean, requireObject } from './fields.js';
import { renderExpectation } from './ge-templates.js';
import { describe, joinPath, toJsonObject } from './json.js';

export const GREAT_EXPECTATIONS_TOOL = 'Great Expectations';

/** Check fields read from an expectation's `meta`; everything else there becomes `metadata`. */
export type ExpectationMetaField = 'onFail' | 'referenceUrl' | 'tags';
/** Collection fields read from a suite result's `meta`; everything else there becomes `metadata`. */
export type SuiteMetaField = 'toolVersion' | 'name' | 'start' | 'referenceUrl' | 'tags' | 'dataSet';

/** Our field name -> the meta key to read it from, for keys named differently in your suites. */
export type MetadataMappings = Partial<Record<ExpectationMetaField, string>>;
export type SuiteMappings = Partial<Record<SuiteMetaField, string>>;

export interface ExpectationConversionOptions {
  metadataMappings?: MetadataMappings | undefined;
}

export interface SuiteConversionOptions {
  suiteMappings?: SuiteMappings | undefined;
  /** Passed to every expectation as its metadataMappings. */
  expectationMappings?: MetadataMappings | undefined;
}

const EXPECTATION_META_DEFAULTS: Readonly<Record<ExpectationMetaField, string>> = {
  onFail: 'onFail',
  referenceUrl: 'referenceUrl',
  tags: 'tags',
};

const SUITE_META_DEFAULTS: Readonly<Record<SuiteMetaField, string>> = {
  toolVersion: 'great_expectations_version',
  name: 'expectation_suite_name',
  start: 'validation_time',
  referenceUrl: 'referenceUrl',
  tags: 'tags',
  dataSet: 'dataSet',
};

/** GE's result keys -> Luco's `observed` keys, used when there is no observed_value. */
const OBSERVED_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['element_count', 'elementCount'],
  ['unexpected_percent_total', 'failedPercentage'],
  ['partial_unexpected_list', 'partialFailedRecordsList'],
  ['partial_unexpected_index_list', 'partialFailedRecordsIndexList'],
  ['partial_unexpected_counts', 'partialUnexpectedCounts'],
];

/**
 * One ExpectationValidationResult (`{success, expectation_config: {expectation_type, kwargs, meta},
 * result}`) as a CheckResult. The expectation's `meta` keys `onFail`, `referenceUrl` and `tags`
 * (renamable with metadataMappings) become those fields; the rest of `meta` becomes `metadata`.
 */
export function convertExpectationToCheck(expectationResult: unknown, options: ExpectationConversionOptions = {}): CheckResult {
  const mappings = readMappings('metadataMappings', options.metadataMappings, EXPECTATION_META_DEFAULTS);
  return convertExpectation(expectationResult, '', mappings);
}

/**
 * A suite validation result (`{success, results: [...], meta: {...}}`), or a checkpoint item that
 * wraps one as `{validation_result: ...}`, or a JSON string of either, as a CollectionResult.
 */
export function convertSuiteToCollection(suiteResult: unknown, options: SuiteConversionOptions = {}): CollectionResult {
  const suiteMappings = readMappings('suiteMappings', options.suiteMappings, SUITE_META_DEFAULTS);
  const expectationMappings = readMappings('expectationMappings', options.expectationMappings, EXPECTATION_META_DEFAULTS);
  let path = '';
  let suite = requireObject('suiteResult', typeof suiteResult === 'string' ? parseJson('suiteResult', suiteResult) : suiteResult);
  if (Object.hasOwn(suite, 'validation_result')) {
    path = 'validation_result';
    suite = requireObject(path, suite.validation_result);
  }
  const at = (key: string): string => joinPath(path, key);

  const results = suite.results;
  if (!Array.isArray(results)) {
    throw new ValidationError(at('results'), `must be an array of expectation results (is this a Great Expectations suite validation result?), got ${describe(results)}`);
  }
  const checks = results.map((item: unknown, i) => convertExpectation(item, `${at('results')}[${i}]`, expectationMappings));
  const success = suite.success === undefined ? undefined : requireBoolean(at('success'), suite.success);

  const { picked, rest } = splitMeta(at('meta'), suite.meta, suiteMappings);
  const meta = at('meta');
  const name = optionalString(joinPath(meta, suiteMappings.name), picked.name);
  return new CollectionResult(
    {
      checks,
      success,
      tool: GREAT_EXPECTATIONS_TOOL,
      toolVersion: optionalString(joinPath(meta, suiteMappings.toolVersion), picked.toolVersion),
      // GE names ad-hoc suites `default`, which tells Luco nothing.
      name: name === 'default' ? undefined : name,
      start: geTimeToIso(joinPath(meta, suiteMappings.start), picked.start),
      referenceUrl: optionalString(joinPath(meta, suiteMappings.referenceUrl), picked.referenceUrl),
      tags: optionalStringArray(joinPath(meta, suiteMappings.tags), picked.tags),
      dataSet: optionalString(joinPath(meta, suiteMappings.dataSet), picked.dataSet),
      metadata: rest,
    },
    path,
  );
}

function convertExpectation(value: unknown, path: string, mappings: Readonly<Record<ExpectationMetaField, string>>): CheckResult {
  const result = requireObject(path || 'expectationResult', value);
  const at = (key: string): string => joinPath(path, key);
  const config = requireObject(at('expectation_config'), result.expectation_config);
  // GE 1.x renamed expectation_type to type; accepting both costs nothing.
  const typeKey = config.expectation_type === undefined && config.type !== undefined ? 'type' : 'expectation_type';
  const type = config[typeKey];
  if (typeof type !== 'string' || type === '') {
    throw new ValidationError(at(`expectation_config.${typeKey}`), `must be a non-empty string, got ${describe(type)}`);
  }
  const kwargs = absent(config.kwargs) ? {} : requireObject(at('expectation_config.kwargs'), config.kwargs);
  const success = requireBoolean(at('success'), result.success);
  const details = absent(result.result) ? {} : requireObject(at('result'), result.result);

  const { check, checkArgs } = renderExpectation(type, kwargs);
  const metaPath = at('expectation_config.meta');
  const { picked, rest } = splitMeta(metaPath, config.meta, mappings);
  return new CheckResult(
    {
      check,
      success,
      checkArgs: Object.keys(checkArgs).length > 0 ? checkArgs : undefined,
      onFail: picked.onFail === undefined ? undefined : toJsonObject(joinPath(metaPath, mappings.onFail), picked.onFail),
      referenceUrl: optionalString(joinPath(metaPath, mappings.referenceUrl), picked.referenceUrl),
      tags: optionalStringArray(joinPath(metaPath, mappings.tags), picked.tags),
      observed: readObserved(details),
      metadata: rest,
    },
    path,
  );
}

/**
 * observed_value when GE reports one (column aggregates, table expectations); otherwise a summary
 * of the unexpected rows (column map expectations). Undefined when the result is empty, as with
 * result_format BOOLEAN_ONLY.
 */
function readObserved(result: Readonly<Record<string, unknown>>): unknown {
  const value = result.observed_value;
  if (!absent(value)) {
    // Spark-backed validations can leak temporary `__eval_col...` names into column lists.
    return Array.isArray(value) ? value.filter((item: unknown) => !(typeof item === 'string' && item.startsWith('__eval_col'))) : value;
  }
  const observed: Record<string, unknown> = {};
  for (const [from, to] of OBSERVED_KEYS) {
    const item = result[from];
    if (absent(item)) continue;
    observed[to] = from === 'unexpected_percent_total' && typeof item === 'number' ? `${item.toFixed(2)}%` : item;
  }
  return Object.keys(observed).length > 0 ? observed : undefined;
}

/**
 * Splits a `meta` object into the mapped fields and the rest. A null meta, or a null mapped field,
 * counts as absent: GE writes Python's None as null.
 */
function splitMeta<F extends string>(
  path: string,
  meta: unknown,
  mappings: Readonly<Record<F, string>>,
): { picked: Partial<Record<F, unknown>>; rest: Record<string, unknown> | undefined } {
  const source = absent(meta) ? {} : requireObject(path, meta);
  const picked: Partial<Record<F, unknown>> = {};
  const used = new Set<string>();
  for (const field of Object.keys(mappings) as F[]) {
    const key = mappings[field];
    used.add(key);
    if (!absent(source[key])) picked[field] = source[key];
  }
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) if (!used.has(key)) rest[key] = value;
  return { picked, rest: Object.keys(rest).length > 0 ? rest : undefined };
}

/** Defaults overlaid with the caller's mappings, each checked: a typo would silently read nothing. */
function readMappings<F extends string>(
  field: string,
  value: unknown,
  defaults: Readonly<Record<F, string>>,
): Readonly<Record<F, string>> {
  if (value === undefined) return defaults;
  const source = requireObject(field, value);
  const merged: Record<string, string> = { ...defaults };
  for (const [key, metaKey] of Object.entries(source)) {
    if (!Object.hasOwn(defaults, key)) {
      throw new ValidationError(joinPath(field, key), `is not a mappable field; expected one of ${Object.keys(defaults).join(', ')}`);
    }
    if (metaKey === undefined) continue;
    if (typeof metaKey !== 'string' || metaKey === '') throw new ValidationError(joinPath(field, key), 'must be a non-empty string (the meta key to read)');
    merged[key] = metaKey;
  }
  return merged as Record<F, string>;
}

const GE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,6}))?Z?$/;

/**
 * GE's `20230615T101530.123456Z` -> `2023-06-15T10:15:30.123456`: ISO 8601 without the Z, as LucoPy
 * sends it. A value that is already ISO 8601 is kept as it is.
 */
function geTimeToIso(field: string, value: unknown): string | undefined {
  if (typeof value === 'string') {
    const match = GE_TIME.exec(value);
    if (match) {
      const [, year, month, day, hour, minute, second, fraction = ''] = match;
      return optionalTimestamp(field, `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(6, '0')}`);
    }
  }
  return optionalTimestamp(field, value);
}

function absent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function parseJson(field: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(field, `is a string but not valid JSON (${(error as Error).message})`);
  }
}


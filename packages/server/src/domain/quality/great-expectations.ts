/**
 * Great Expectations validation results (GE 0.13-1.x JSON) as Luco check collections, the way the
 * SDK's adapter converts them before sending (packages/sdk/src/quality/great-expectations.ts, with
 * its default meta mappings). The server stores v1 results as text; reads convert them with this,
 * so LucoPy's `get_quality()` (which reads `collections`) sees them. The server does not import
 * the SDK; a test runs both converters on the same suites and expects the same collections.
 */

import { expectationStatement } from './ge-statements.js';

export const GREAT_EXPECTATIONS_TOOL = 'Great Expectations';

// Type aliases, not interfaces: they are plain JSON records to their readers.
export type ConvertedCheck = {
  check: string;
  success: boolean;
  checkArgs?: Record<string, string>;
  onFail?: Record<string, unknown>;
  referenceUrl?: string;
  tags?: string[];
  observed?: unknown;
  metadata?: Record<string, unknown>;
};

export type ConvertedCollection = {
  name?: string;
  success: boolean;
  start?: string;
  tool: string;
  toolVersion?: string;
  dataSet?: string;
  referenceUrl?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
  checks: ConvertedCheck[];
};

/** What a value turned out to be: GE results (as collections), GE results that break GE's shape, or not GE at all. */
export type GreatExpectationsReading = { kind: 'collections'; collections: ConvertedCollection[] } | { kind: 'unreadable'; reason: string } | { kind: 'not-great-expectations' };

/** A field that is not what GE writes there; the message names its path. */
class Unreadable extends Error {}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const absent = (value: unknown): value is null | undefined => value === undefined || value === null;
const pathOf = (base: string, key: string) => (base === '' ? key : `${base}.${key}`);

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function object(path: string, value: unknown): Json {
  if (!isObject(value)) throw new Unreadable(`${path} must be an object, got ${kindOf(value)}`);
  return value;
}

function boolean(path: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new Unreadable(`${path} must be true or false, got ${kindOf(value)}`);
  return value;
}

function text(path: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Unreadable(`${path} must be a string, got ${kindOf(value)}`);
  return value;
}

function texts(path: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new Unreadable(`${path} must be an array of strings, got ${kindOf(value)}`);
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string') throw new Unreadable(`${path}[${index}] must be a string, got ${kindOf(item)}`);
  });
  return value as string[];
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** GE's own form: `20230615T101530.123456Z`. */
const GE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,6}))?Z?$/;

/** An ISO 8601 date-time whose parts exist (no 30 February, no hour 24). */
function isoTime(path: string, value: string): string {
  const parts = ISO.exec(value)?.slice(1).map((part) => Number(part ?? 0));
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts ?? [];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = parts !== undefined && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 61;
  if (!real) throw new Unreadable(`${path} is not an ISO 8601 date-time: ${JSON.stringify(value)}`);
  return value;
}

/** GE's time as ISO 8601 without a zone and with microseconds, as LucoPy sends it; ISO input is kept. */
function startTime(path: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Unreadable(`${path} must be an ISO 8601 string, got ${kindOf(value)}`);
  const ge = GE_TIME.exec(value);
  if (!ge) return isoTime(path, value);
  const [, year, month, day, hour, minute, second, fraction = ''] = ge;
  return isoTime(path, `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(6, '0')}`);
}

/** A `meta` object split into the keys read as fields and the rest (kept as `metadata`); null values count as absent. */
function splitMeta<K extends string>(path: string, meta: unknown, keys: Readonly<Record<K, string>>): { fields: Partial<Record<K, unknown>>; rest: Json | undefined } {
  const source = absent(meta) ? {} : object(path, meta);
  const fields: Partial<Record<K, unknown>> = {};
  for (const field of Object.keys(keys) as K[]) {
    const value = source[keys[field]];
    if (!absent(value)) fields[field] = value;
  }
  const taken = new Set(Object.values(keys));
  const rest = Object.fromEntries(Object.entries(source).filter(([key]) => !taken.has(key)));
  return { fields, rest: Object.keys(rest).length > 0 ? rest : undefined };
}

const CHECK_META = { onFail: 'onFail', referenceUrl: 'referenceUrl', tags: 'tags' } as const;
const SUITE_META = {
  toolVersion: 'great_expectations_version',
  name: 'expectation_suite_name',
  start: 'validation_time',
  referenceUrl: 'referenceUrl',
  tags: 'tags',
  dataSet: 'dataSet',
} as const;

/** GE result keys shown as `observed` when there is no observed_value (column map expectations). */
const UNEXPECTED_SUMMARY: ReadonlyArray<readonly [string, string]> = [
  ['element_count', 'elementCount'],
  ['unexpected_percent_total', 'failedPercentage'],
  ['partial_unexpected_list', 'partialFailedRecordsList'],
  ['partial_unexpected_index_list', 'partialFailedRecordsIndexList'],
  ['partial_unexpected_counts', 'partialUnexpectedCounts'],
];

function observedOf(result: Json): unknown {
  const value = result.observed_value;
  if (!absent(value)) {
    // Spark can leak its temporary `__eval_col...` columns into column lists.
    return Array.isArray(value) ? value.filter((item: unknown) => !(typeof item === 'string' && item.startsWith('__eval_col'))) : value;
  }
  const summary: Json = {};
  for (const [from, to] of UNEXPECTED_SUMMARY) {
    const item = result[from];
    if (absent(item)) continue;
    summary[to] = from === 'unexpected_percent_total' && typeof item === 'number' ? `${item.toFixed(2)}%` : item;
  }
  return Object.keys(summary).length > 0 ? summary : undefined;
}

function convertExpectation(path: string, value: unknown): ConvertedCheck {
  const result = object(path, value);
  const configPath = pathOf(path, 'expectation_config');
  const config = object(configPath, result.expectation_config);
  // GE 1.x calls it `type`.
  const typeKey = config.expectation_type === undefined && config.type !== undefined ? 'type' : 'expectation_type';
  const type = config[typeKey];
  if (typeof type !== 'string' || type === '') throw new Unreadable(`${pathOf(configPath, typeKey)} must be a non-empty string, got ${kindOf(type)}`);
  const kwargs = absent(config.kwargs) ? {} : object(pathOf(configPath, 'kwargs'), config.kwargs);
  const success = boolean(pathOf(path, 'success'), result.success);
  const details = absent(result.result) ? {} : object(pathOf(path, 'result'), result.result);

  const { check, checkArgs } = expectationStatement(type, kwargs);
  if (check.trim() === '') throw new Unreadable(`${pathOf(configPath, typeKey)} must not be blank`);
  const metaPath = pathOf(configPath, 'meta');
  const { fields, rest } = splitMeta(metaPath, config.meta, CHECK_META);
  const converted: ConvertedCheck = { check, success };
  if (Object.keys(checkArgs).length > 0) converted.checkArgs = checkArgs;
  if (fields.onFail !== undefined) converted.onFail = object(pathOf(metaPath, CHECK_META.onFail), fields.onFail);
  const referenceUrl = text(pathOf(metaPath, CHECK_META.referenceUrl), fields.referenceUrl);
  if (referenceUrl !== undefined) converted.referenceUrl = referenceUrl;
  const tags = texts(pathOf(metaPath, CHECK_META.tags), fields.tags);
  if (tags !== undefined) converted.tags = tags;
  const observed = observedOf(details);
  if (observed !== undefined) converted.observed = observed;
  if (rest !== undefined) converted.metadata = rest;
  return converted;
}

function convertSuite(path: string, value: unknown): ConvertedCollection {
  const suite = object(path || 'the results', value);
  const resultsPath = pathOf(path, 'results');
  if (!Array.isArray(suite.results)) throw new Unreadable(`${resultsPath} must be an array of expectation results, got ${kindOf(suite.results)}`);
  const checks = suite.results.map((item: unknown, index) => convertExpectation(`${resultsPath}[${index}]`, item));
  const success = suite.success === undefined ? undefined : boolean(pathOf(path, 'success'), suite.success);
  const metaPath = pathOf(path, 'meta');
  const { fields, rest } = splitMeta(metaPath, suite.meta, SUITE_META);
  const at = (field: keyof typeof SUITE_META) => pathOf(metaPath, SUITE_META[field]);

  const collection: ConvertedCollection = { success: success ?? checks.every((check) => check.success), tool: GREAT_EXPECTATIONS_TOOL, checks };
  const name = text(at('name'), fields.name);
  // GE names ad-hoc suites `default`, which tells nobody anything.
  if (name !== undefined && name !== 'default') collection.name = name;
  const start = startTime(at('start'), fields.start);
  if (start !== undefined) collection.start = start;
  const toolVersion = text(at('toolVersion'), fields.toolVersion);
  if (toolVersion !== undefined) collection.toolVersion = toolVersion;
  const dataSet = text(at('dataSet'), fields.dataSet);
  if (dataSet !== undefined) collection.dataSet = dataSet;
  const referenceUrl = text(at('referenceUrl'), fields.referenceUrl);
  if (referenceUrl !== undefined) collection.referenceUrl = referenceUrl;
  const tags = texts(at('tags'), fields.tags);
  if (tags !== undefined) collection.tags = tags;
  if (rest !== undefined) collection.metadata = rest;
  return collection;
}

/** A raw suite validation result: a `results` list of expectation results (an empty one only with GE's version in `meta`). */
function isSuite(value: unknown): boolean {
  if (!isObject(value) || !Array.isArray(value.results)) return false;
  if (value.results.length === 0) return isObject(value.meta) && value.meta.great_expectations_version !== undefined;
  return value.results.every((item: unknown) => isObject(item) && isObject(item.expectation_config));
}

/**
 * The suites in a value, with their paths: a suite; a checkpoint run item `{validation_result:
 * suite}`; or a whole checkpoint result `{run_results: {<id>: item or suite}}` (one each).
 * Undefined when the value is none of these.
 */
function suitesIn(value: unknown): Array<{ path: string; suite: unknown }> | undefined {
  if (!isObject(value)) return undefined;
  if (Object.hasOwn(value, 'validation_result')) return [{ path: 'validation_result', suite: value.validation_result }];
  if (isSuite(value)) return [{ path: '', suite: value }];
  const runs = value.run_results;
  if (!isObject(runs) || Object.keys(runs).length === 0) return undefined;
  const suites = Object.entries(runs).map(([id, run]) => {
    const runPath = `run_results[${JSON.stringify(id)}]`;
    return isObject(run) && Object.hasOwn(run, 'validation_result') ? { path: `${runPath}.validation_result`, suite: run.validation_result } : { path: runPath, suite: run };
  });
  return suites.every(({ suite }) => isObject(suite)) ? suites : undefined;
}

/** Reads parsed v1 results as Great Expectations output. */
export function readGreatExpectations(value: unknown): GreatExpectationsReading {
  const suites = suitesIn(value);
  if (suites === undefined) return { kind: 'not-great-expectations' };
  try {
    return { kind: 'collections', collections: suites.map(({ path, suite }) => convertSuite(path, suite)) };
  } catch (error) {
    if (error instanceof Unreadable) return { kind: 'unreadable', reason: error.message };
    throw error;
  }
}

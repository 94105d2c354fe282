/**
 * A set of checks run together (a suite, in Great Expectations terms), in Luco's generic format
 * (LucoPy's CollectionResult).
 */

import { ValidationError } from '../core/errors.js';
import { actionFor, type QualityAction } from './action.js';
import { CheckResult, type CheckResultDict, type CheckResultInit } from './check-result.js';
import { describe, joinPath, toJsonObject, type JsonObject } from './json.js';
import { optionalBoolean, optionalString, optionalStringArray, optionalTimestamp, requireObject } from './fields.js';

export interface CollectionResultInit {
  checks: ReadonlyArray<CheckResult | CheckResultInit>;
  /** Derived from the checks when not given: true iff every check succeeded. */
  success?: boolean | undefined;
  name?: string | undefined;
  /** ISO 8601 string (kept as given) or Date (converted with toISOString). */
  start?: string | Date | undefined;
  end?: string | Date | undefined;
  /** The tool that ran the checks, e.g. `Great Expectations`. */
  tool?: string | undefined;
  toolVersion?: string | undefined;
  referenceUrl?: string | undefined;
  tags?: readonly string[] | undefined;
  /** The data set the checks ran against. */
  dataSet?: string | undefined;
  metadata?: Readonly<Record<string, unknown>> | undefined;
}

/** The JSON Luco receives for a collection. */
export interface CollectionResultDict {
  name?: string;
  success: boolean;
  start?: string;
  end?: string;
  tool?: string;
  toolVersion?: string;
  dataSet?: string;
  referenceUrl?: string;
  tags?: string[];
  metadata?: JsonObject;
  checks: CheckResultDict[];
}

export class CollectionResult {
  readonly checks: readonly CheckResult[];
  readonly success: boolean;
  readonly name: string | undefined;
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly tool: string | undefined;
  readonly toolVersion: string | undefined;
  readonly referenceUrl: string | undefined;
  readonly tags: readonly string[] | undefined;
  readonly dataSet: string | undefined;
  readonly metadata: Readonly<JsonObject> | undefined;

  /** @param path prefixes field names in validation errors; empty by default. */
  constructor(init: CollectionResultInit, path = '') {
    const source = requireObject(path || 'collectionResult', init);
    const at = (key: string): string => joinPath(path, key);
    const checks: unknown = source.checks;
    if (!Array.isArray(checks)) throw new ValidationError(at('checks'), `must be an array, got ${describe(checks)}`);
    this.checks = checks.map((check: unknown, i) => CheckResult.from(check, `${at('checks')}[${i}]`));
    this.success = optionalBoolean(at('success'), source.success) ?? this.checks.every((check) => check.success);
    this.name = optionalString(at('name'), source.name);
    this.start = optionalTimestamp(at('start'), source.start);
    this.end = optionalTimestamp(at('end'), source.end);
    this.tool = optionalString(at('tool'), source.tool);
    this.toolVersion = optionalString(at('toolVersion'), source.toolVersion);
    this.referenceUrl = optionalString(at('referenceUrl'), source.referenceUrl);
    this.tags = optionalStringArray(at('tags'), source.tags);
    this.dataSet = optionalString(at('dataSet'), source.dataSet);
    this.metadata = source.metadata === undefined ? undefined : toJsonObject(at('metadata'), source.metadata);
  }

  /** Returns `value` itself when it is already a CollectionResult, otherwise validates it. */
  static from(value: unknown, path = ''): CollectionResult {
    if (value instanceof CollectionResult) return value;
    return new CollectionResult(requireObject(path || 'collectionResult', value) as unknown as CollectionResultInit, path);
  }

  /** True when any check failed with an onFail action of `fail`. */
  isExceptionThrown(): boolean {
    return this.checks.some((check) => check.isExceptionThrown());
  }

  action(): QualityAction {
    return actionFor(this.isExceptionThrown());
  }

  /**
   * The JSON for Luco. `success` is always sent, false included, and `end` is kept: LucoPy dropped
   * both, leaving the server to guess. Other optional keys appear when defined.
   */
  toDict(): CollectionResultDict {
    const dict: Partial<CollectionResultDict> = {};
    if (this.name !== undefined) dict.name = this.name;
    dict.success = this.success;
    if (this.start !== undefined) dict.start = this.start;
    if (this.end !== undefined) dict.end = this.end;
    if (this.tool !== undefined) dict.tool = this.tool;
    if (this.toolVersion !== undefined) dict.toolVersion = this.toolVersion;
    if (this.dataSet !== undefined) dict.dataSet = this.dataSet;
    if (this.referenceUrl !== undefined) dict.referenceUrl = this.referenceUrl;
    if (this.tags !== undefined) dict.tags = [...this.tags];
    if (this.metadata !== undefined) dict.metadata = structuredClone(this.metadata);
    // Checks last: a reader of the JSON sees the summary before the long list.
    return { ...dict, success: this.success, checks: this.checks.map((check) => check.toDict()) };
  }

  toJSON(): CollectionResultDict {
    return this.toDict();
  }
}

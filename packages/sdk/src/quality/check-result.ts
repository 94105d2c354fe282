/**
 * One data-quality check in Luco's generic format (LucoPy's CheckResult): what was checked, whether
 * it passed, and optional context. Validated on construction so bad results fail before sending.
 */

import { ValidationError } from '../core/errors.js';
import { actionFor, type QualityAction } from './action.js';
import { describe, joinPath, toJsonObject, toJsonValue, type JsonObject, type JsonValue } from './json.js';
import { optionalString, optionalStringArray, requireBoolean, requireObject } from './fields.js';

/** Values of the `$name` placeholders used in `check`. */
export type CheckArgValue = string | number | boolean;

export interface CheckResultInit {
  /** A readable statement, optionally with `$name` placeholders, e.g. `$column values must be unique.` */
  check: string;
  success: boolean;
  /** Values for the placeholders in `check`. */
  checkArgs?: Readonly<Record<string, CheckArgValue>> | undefined;
  /** Free-form; `{ action: 'fail' }` makes a failed check stop the pipeline. */
  onFail?: Readonly<Record<string, unknown>> | undefined;
  referenceUrl?: string | undefined;
  /** Tied to data-quality categories in Luco. */
  tags?: readonly string[] | undefined;
  /** What the check saw, e.g. `{ elementCount: 100, failedPercentage: '5.00%' }`. Any JSON value. */
  observed?: unknown;
  metadata?: Readonly<Record<string, unknown>> | undefined;
}

/** The JSON Luco receives for a check. */
export interface CheckResultDict {
  check: string;
  success: boolean;
  checkArgs?: Record<string, CheckArgValue>;
  onFail?: JsonObject;
  referenceUrl?: string;
  tags?: string[];
  observed?: JsonValue;
  metadata?: JsonObject;
}

export class CheckResult {
  readonly check: string;
  readonly success: boolean;
  readonly checkArgs: Readonly<Record<string, CheckArgValue>> | undefined;
  readonly onFail: Readonly<JsonObject> | undefined;
  readonly referenceUrl: string | undefined;
  readonly tags: readonly string[] | undefined;
  readonly observed: JsonValue | undefined;
  readonly metadata: Readonly<JsonObject> | undefined;

  /**
   * @param path prefixes field names in validation errors (e.g. `checks[2]`); empty by default.
   * Unknown keys in `init` are ignored, so objects read back from Luco can be passed as they are.
   */
  constructor(init: CheckResultInit, path = '') {
    const source = requireObject(path || 'checkResult', init);
    const at = (key: string): string => joinPath(path, key);
    const check: unknown = source.check;
    if (typeof check !== 'string' || check.trim() === '') {
      throw new ValidationError(at('check'), `must be a non-empty string, got ${typeof check === 'string' ? 'a blank string' : describe(check)}`);
    }
    this.check = check;
    this.success = requireBoolean(at('success'), source.success);
    this.checkArgs = readCheckArgs(at('checkArgs'), source.checkArgs);
    this.onFail = source.onFail === undefined ? undefined : toJsonObject(at('onFail'), source.onFail);
    this.referenceUrl = optionalString(at('referenceUrl'), source.referenceUrl);
    this.tags = optionalStringArray(at('tags'), source.tags);
    this.observed = source.observed === undefined ? undefined : toJsonValue(at('observed'), source.observed);
    this.metadata = source.metadata === undefined ? undefined : toJsonObject(at('metadata'), source.metadata);
  }

  /** Returns `value` itself when it is already a CheckResult, otherwise validates it as an init object. */
  static from(value: unknown, path = ''): CheckResult {
    if (value instanceof CheckResult) return value;
    return new CheckResult(requireObject(path || 'checkResult', value) as unknown as CheckResultInit, path);
  }

  /**
   * True when the check failed and its onFail asks to stop: an `action` key in any letter case
   * (LucoPy only read `Action`, while its README wrote `action`) whose value is `fail` in any case.
   * A check without onFail never stops the pipeline (LucoPy raised TypeError here).
   */
  isExceptionThrown(): boolean {
    if (this.success || this.onFail === undefined) return false;
    return Object.entries(this.onFail).some(
      ([key, value]) => key.toLowerCase() === 'action' && typeof value === 'string' && value.toLowerCase() === 'fail',
    );
  }

  action(): QualityAction {
    return actionFor(this.isExceptionThrown());
  }

  /**
   * The JSON for Luco: required keys plus every optional key that is defined. Unlike LucoPy, falsy
   * values (false, 0, '', []) are kept, because they carry meaning. Returns a fresh copy each time.
   */
  toDict(): CheckResultDict {
    const dict: CheckResultDict = { check: this.check, success: this.success };
    if (this.checkArgs !== undefined) dict.checkArgs = { ...this.checkArgs };
    if (this.onFail !== undefined) dict.onFail = structuredClone(this.onFail);
    if (this.referenceUrl !== undefined) dict.referenceUrl = this.referenceUrl;
    if (this.tags !== undefined) dict.tags = [...this.tags];
    if (this.observed !== undefined) dict.observed = structuredClone(this.observed);
    if (this.metadata !== undefined) dict.metadata = structuredClone(this.metadata);
    return dict;
  }

  toJSON(): CheckResultDict {
    return this.toDict();
  }
}

function readCheckArgs(field: string, value: unknown): Record<string, CheckArgValue> | undefined {
  if (value === undefined) return undefined;
  const source = requireObject(field, value);
  const args: Record<string, CheckArgValue> = {};
  for (const [key, item] of Object.entries(source)) {
    if (item === undefined) continue;
    const ok = typeof item === 'string' || typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item));
    if (!ok) throw new ValidationError(joinPath(field, key), `must be a string, a finite number or a boolean, got ${describe(item)}`);
    args[key] = item;
  }
  return args;
}

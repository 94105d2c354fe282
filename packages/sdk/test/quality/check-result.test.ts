import { describe, expect, it } from 'vitest';
import { CheckResult } from '../../src/quality/index.js';
import { validationErrorOf } from './helpers.js';

const failing = { check: '$column values must be unique.', success: false };

describe('CheckResult validation', () => {
  it.each([
    [{ success: true }, 'check'],
    [{ check: '  ', success: true }, 'check'],
    [{ check: 'x', success: 'false' }, 'success'],
    [{ check: 'x', success: true, checkArgs: { column: { nested: true } } }, 'checkArgs.column'],
    [{ check: 'x', success: true, checkArgs: { n: Number.NaN } }, 'checkArgs.n'],
    [{ check: 'x', success: true, onFail: 'fail' }, 'onFail'],
    [{ check: 'x', success: true, referenceUrl: 42 }, 'referenceUrl'],
    [{ check: 'x', success: true, tags: ['ok', 7] }, 'tags[1]'],
    [{ check: 'x', success: true, tags: null }, 'tags'],
    [{ check: 'x', success: true, observed: { rows: [1, () => 2] } }, 'observed.rows[1]'],
    [{ check: 'x', success: true, metadata: { ratio: Infinity } }, 'metadata.ratio'],
    [{ check: 'x', success: true, metadata: [] }, 'metadata'],
  ])('rejects %j naming %s', (init, field) => {
    const error = validationErrorOf(() => CheckResult.from(init));
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('rejects a circular observed value', () => {
    const observed: Record<string, unknown> = {};
    observed.self = observed;
    expect(validationErrorOf(() => CheckResult.from({ check: 'x', success: true, observed })).field).toBe('observed.self');
  });

  it('prefixes fields with the given path and rejects non-objects', () => {
    expect(validationErrorOf(() => CheckResult.from({ check: 'x' }, 'checks[3]')).field).toBe('checks[3].success');
    expect(validationErrorOf(() => CheckResult.from('nope')).field).toBe('checkResult');
  });

  it('copies its inputs, so later changes by the caller do not leak in', () => {
    const tags = ['a'];
    const metadata = { nested: { n: 1 } };
    const check = new CheckResult({ check: 'x', success: true, tags, metadata });
    tags.push('b');
    metadata.nested.n = 2;
    expect(check.tags).toEqual(['a']);
    expect(check.metadata).toEqual({ nested: { n: 1 } });
  });

  it('from() returns an existing instance unchanged', () => {
    const check = new CheckResult(failing);
    expect(CheckResult.from(check)).toBe(check);
  });
});

describe('CheckResult.toDict', () => {
  it('keeps falsy values and drops only undefined ones', () => {
    const check = new CheckResult({
      check: 'Must have exactly $value rows.',
      success: false,
      checkArgs: { value: 0, strict: false, label: '' },
      tags: [],
      observed: 0,
      referenceUrl: undefined,
      metadata: { count: 0, flag: false, skipped: undefined },
    });
    expect(check.toDict()).toEqual({
      check: 'Must have exactly $value rows.',
      success: false,
      checkArgs: { value: 0, strict: false, label: '' },
      tags: [],
      observed: 0,
      metadata: { count: 0, flag: false },
    });
    expect(Object.keys(check.toDict())).not.toContain('referenceUrl');
  });

  it('keeps a null observed value and emits only required keys when nothing else is set', () => {
    expect(new CheckResult({ check: 'x', success: true, observed: null }).toDict()).toEqual({ check: 'x', success: true, observed: null });
    expect(new CheckResult(failing).toDict()).toStrictEqual(failing);
  });

  it('is what JSON.stringify sends, and returns a fresh copy each time', () => {
    const check = new CheckResult({ ...failing, observed: { failed: [1, 2] } });
    expect(JSON.parse(JSON.stringify(check))).toEqual(check.toDict());
    const dict = check.toDict();
    (dict.observed as { failed: number[] }).failed.push(3);
    expect(check.toDict().observed).toEqual({ failed: [1, 2] });
  });

  it('converts Dates inside free-form values to ISO strings', () => {
    const at = new Date('2024-01-02T03:04:05.000Z');
    expect(new CheckResult({ check: 'x', success: true, metadata: { at } }).toDict().metadata).toEqual({ at: '2024-01-02T03:04:05.000Z' });
  });
});

describe('CheckResult.isExceptionThrown', () => {
  it.each(['action', 'Action', 'ACTION'])('is true for a failed check with onFail.%s = fail in any case', (key) => {
    for (const value of ['fail', 'Fail', 'FAIL']) {
      const check = new CheckResult({ ...failing, onFail: { [key]: value } });
      expect(check.isExceptionThrown()).toBe(true);
      expect(check.action()).toBe('Cancelled');
    }
  });

  it('is false when onFail is missing, instead of throwing like LucoPy', () => {
    const check = new CheckResult(failing);
    expect(check.isExceptionThrown()).toBe(false);
    expect(check.action()).toBe('Continued');
  });

  it('is false when the check succeeded, even with action fail', () => {
    expect(new CheckResult({ check: 'x', success: true, onFail: { action: 'fail' } }).isExceptionThrown()).toBe(false);
  });

  it('is false for other actions, non-string values or no action key', () => {
    for (const onFail of [{ action: 'warn' }, { action: true }, { ignore: true }, { action: ' fail' }]) {
      expect(new CheckResult({ ...failing, onFail }).isExceptionThrown()).toBe(false);
    }
  });
});

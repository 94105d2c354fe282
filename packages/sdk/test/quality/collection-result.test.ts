import { describe, expect, it } from 'vitest';
import { CheckResult, CollectionResult } from '../../src/quality/index.js';
import { validationErrorOf } from './helpers.js';

const pass = { check: 'a', success: true };
const fail = { check: 'b', success: false };
const stop = { check: 'c', success: false, onFail: { action: 'fail' } };

describe('CollectionResult', () => {
  it('derives success from the checks when not given', () => {
    expect(new CollectionResult({ checks: [pass, pass] }).success).toBe(true);
    expect(new CollectionResult({ checks: [pass, fail] }).success).toBe(false);
    expect(new CollectionResult({ checks: [] }).success).toBe(true);
  });

  it('keeps an explicit success', () => {
    expect(new CollectionResult({ checks: [fail], success: true }).success).toBe(true);
  });

  it('converts plain checks and keeps CheckResult instances', () => {
    const instance = new CheckResult(pass);
    const collection = new CollectionResult({ checks: [instance, fail] });
    expect(collection.checks[0]).toBe(instance);
    expect(collection.checks[1]).toBeInstanceOf(CheckResult);
  });

  it.each([
    [{ checks: 'nope' }, 'checks'],
    [{}, 'checks'],
    [{ checks: [pass, { check: 'x', success: 1 }] }, 'checks[1].success'],
    [{ checks: [pass, pass, { check: 'x', success: true, tags: [1] }] }, 'checks[2].tags[0]'],
    [{ checks: [5] }, 'checks[0]'],
    [{ checks: [], success: 'yes' }, 'success'],
    [{ checks: [], start: 'yesterday' }, 'start'],
    [{ checks: [], end: '2023-02-30T00:00:00' }, 'end'],
    [{ checks: [], start: new Date(Number.NaN) }, 'start'],
    [{ checks: [], dataSet: 3 }, 'dataSet'],
    [{ checks: [], metadata: 'x' }, 'metadata'],
  ])('rejects %j naming %s', (init, field) => {
    expect(validationErrorOf(() => CollectionResult.from(init)).field).toBe(field);
  });

  it('accepts Dates and ISO strings for start and end', () => {
    const collection = new CollectionResult({
      checks: [],
      start: new Date('2024-05-01T08:00:00.000Z'),
      end: '2024-05-01T08:00:05.123456',
    });
    expect(collection.start).toBe('2024-05-01T08:00:00.000Z');
    expect(collection.end).toBe('2024-05-01T08:00:05.123456');
  });

  it('toDict always sends success (false included) and end, and drops only undefined', () => {
    const dict = new CollectionResult({
      checks: [fail],
      name: 'orders',
      end: '2024-05-01T08:00:05Z',
      tags: [],
      tool: undefined,
    }).toDict();
    expect(dict).toEqual({ name: 'orders', success: false, end: '2024-05-01T08:00:05Z', tags: [], checks: [fail] });
    expect(Object.keys(dict)).not.toContain('tool');
    expect(Object.keys(dict).at(-1)).toBe('checks');
    expect(JSON.parse(JSON.stringify(new CollectionResult({ checks: [fail] })))).toEqual({ success: false, checks: [fail] });
  });

  it('is Cancelled when any check asks to stop, Continued otherwise', () => {
    const stopping = new CollectionResult({ checks: [pass, fail, stop] });
    expect(stopping.isExceptionThrown()).toBe(true);
    expect(stopping.action()).toBe('Cancelled');
    const going = new CollectionResult({ checks: [pass, fail] });
    expect(going.isExceptionThrown()).toBe(false);
    expect(going.action()).toBe('Continued');
  });
});

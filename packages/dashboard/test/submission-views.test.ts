import { describe, expect, it } from 'vitest';
import { entriesOf, formatValue, safeHttpUrl } from '../src/format/values';
import { checkView, fillTemplate, onFailAction } from '../src/submission/quality';
import { runEnvironmentView } from '../src/submission/run-environment';

describe('quality checks', () => {
  it('fills template variables from the arguments', () => {
    expect(fillTemplate('expect $column to be between $min_value and $max_value', { column: 'amount', min_value: 0, max_value: 100 })).toBe(
      'expect amount to be between 0 and 100',
    );
    expect(fillTemplate('expect $column to exist', {})).toBe('expect $column to exist');
    expect(fillTemplate('expect $column to exist', null)).toBe('expect $column to exist');
    expect(fillTemplate('$a$b', { a: ['x'], b: { y: 1 } })).toBe('["x"]{"y":1}');
  });

  it('reads the action on failure', () => {
    expect(onFailAction({ action: 'fail' })).toBe('fail');
    expect(onFailAction('warn')).toBe('warn');
    expect(onFailAction({ severity: 'high' })).toBe('{"severity":"high"}');
    expect(onFailAction({})).toBeUndefined();
    expect(onFailAction(undefined)).toBeUndefined();
  });

  it('shows a check with its arguments, observed values, action, tags and a safe link', () => {
    const view = checkView({
      check: 'expect $column to not be null',
      success: false,
      checkArgs: { column: 'customer_id' },
      observed: { elementCount: 1000, unexpectedPercent: 2.5 },
      onFail: { action: 'fail' },
      tags: ['completeness'],
      referenceUrl: 'javascript:alert(1)',
    });
    expect(view).toEqual({
      text: 'expect customer_id to not be null',
      success: false,
      args: [['column', 'customer_id']],
      observed: [
        ['elementCount', '1000'],
        ['unexpectedPercent', '2.5'],
      ],
      action: 'fail',
      tags: ['completeness'],
      referenceUrl: undefined,
    });
    expect(checkView({ check: 'c', success: true, referenceUrl: 'https://docs.example/check' }).referenceUrl).toBe('https://docs.example/check');
  });
});

describe('free-form values', () => {
  it('formats any JSON value', () => {
    expect(formatValue('text')).toBe('text');
    expect(formatValue(3)).toBe('3');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(undefined)).toBe('');
    expect(formatValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(entriesOf(42)).toEqual([['value', '42']]);
    expect(entriesOf(null)).toEqual([]);
  });

  it('links only http and https URLs', () => {
    expect(safeHttpUrl('https://github.com/o/r/actions/runs/1')).toBe('https://github.com/o/r/actions/runs/1');
    expect(safeHttpUrl('http://host:8080/x')).toBe('http://host:8080/x');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('data:text/html,hi')).toBeUndefined();
    expect(safeHttpUrl('/relative')).toBeUndefined();
    expect(safeHttpUrl(42)).toBeUndefined();
  });
});

describe('run environments', () => {
  it('makes the reference URL the headline link, named by the platform', () => {
    const view = runEnvironmentView({ platform: 'GitHub Actions', referenceUrl: 'https://github.com/o/r/actions/runs/9', runNumber: 9, logs: 'https://logs.example/9' });
    expect(view.link).toEqual({ label: 'GitHub Actions run', url: 'https://github.com/o/r/actions/runs/9' });
    expect(view.facts).toEqual([
      { key: 'runNumber', text: '9', url: undefined },
      { key: 'logs', text: 'https://logs.example/9', url: 'https://logs.example/9' },
    ]);
  });

  it('names a link by its host without a platform, and gives no link for an unsafe URL', () => {
    expect(runEnvironmentView({ referenceUrl: 'https://adb-1.azuredatabricks.net/jobs/5' }).link?.label).toBe('adb-1.azuredatabricks.net');
    expect(runEnvironmentView({ platform: 'Airflow', referenceUrl: 'javascript:x' }).link).toBeUndefined();
  });
});

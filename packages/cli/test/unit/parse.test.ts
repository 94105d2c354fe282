import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/exit-codes.js';
import { formatSequenceName, parseSequenceName } from '../../src/parse/sequence-name.js';
import { parseMetricValue } from '../../src/parse/values.js';
import { parseMetricsFile } from '../../src/run/metrics-file.js';

describe('parseSequenceName', () => {
  it('keeps the order of the parts, even for keys an object would reorder', () => {
    expect(parseSequenceName('feed=sales,client=acme,2=two,1=one')).toEqual([
      ['feed', 'sales'],
      ['client', 'acme'],
      ['2', 'two'],
      ['1', 'one'],
    ]);
  });

  it('unescapes \\, \\= and \\\\, and takes the value from the first unescaped =', () => {
    expect(parseSequenceName('client=acme\\, inc,expr=a=b,k\\=ey=v,path=c:\\\\tmp')).toEqual([
      ['client', 'acme, inc'],
      ['expr', 'a=b'],
      ['k=ey', 'v'],
      ['path', 'c:\\tmp'],
    ]);
  });

  it('round-trips through formatSequenceName', () => {
    const pairs: Array<[string, string]> = [['client', 'acme, inc'], ['k=ey', 'a\\b']];
    expect(parseSequenceName(formatSequenceName(pairs))).toEqual(pairs);
  });

  it.each([[''], ['client'], ['=acme'], ['client=acme,,feed=x']])('rejects %j as a usage error', (text) => {
    expect(() => parseSequenceName(text)).toThrow(UsageError);
  });
});

describe('parseMetricValue', () => {
  it.each([
    ['1200', 1200],
    ['-3.5', -3.5],
    ['0', 0],
    ['1e6', 1e6],
    [' 42 ', 42],
  ])('reads %j as the number %j', (text, value) => {
    expect(parseMetricValue(text)).toBe(value);
  });

  it.each(['007', '0x1f', 'Infinity', 'NaN', '1,000', '12abc', '', '1.'])('keeps %j as text', (text) => {
    expect(parseMetricValue(text)).toBe(text);
  });
});

describe('parseMetricsFile', () => {
  it('reads name=value lines, skips blanks and comments, reports bad lines with their number', () => {
    const parsed = parseMetricsFile('rows=12\r\n\n# comment\nsource = sftp\nbroken\n=nameless\nnote=a=b\n');
    expect(parsed.metrics).toEqual([
      ['rows', 12],
      ['source', 'sftp'],
      ['note', 'a=b'],
    ]);
    expect(parsed.problems).toEqual(['LUCO_METRICS_FILE line 5: expected name=value, got "broken"', 'LUCO_METRICS_FILE line 6: expected name=value, got "=nameless"']);
  });

  it('is empty for an empty file', () => {
    expect(parseMetricsFile('')).toEqual({ metrics: [], problems: [] });
  });
});

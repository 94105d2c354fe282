import { Redactor } from '@lucots/sdk';
import { describe, expect, it } from 'vitest';
import { failureTail } from '../../src/run/failure-tail.js';
import { parseMetricsFile } from '../../src/run/metrics-file.js';
import { exitCodeOf, failureMessage, type ChildOutcome } from '../../src/run/outcome.js';
import { StderrTail, TAIL_CHARS } from '../../src/run/stderr-tail.js';

const outcome = (over: Partial<ChildOutcome>): ChildOutcome => ({ code: 0, signal: null, stderrTail: '', durationSeconds: 1, endedAt: new Date(), ...over });

describe('exitCodeOf / failureMessage', () => {
  it('passes the exit code through; a signal is 128 + its number; a command that cannot start is 127 or 126', () => {
    expect(exitCodeOf(outcome({ code: 9 }))).toBe(9);
    expect(exitCodeOf(outcome({ code: null, signal: 'SIGINT' }))).toBe(130);
    expect(exitCodeOf(outcome({ code: null, signal: 'SIGKILL' }))).toBe(137);
    expect(exitCodeOf(outcome({ code: null, spawnError: Object.assign(new Error('x'), { code: 'ENOENT' }) }))).toBe(127);
    expect(exitCodeOf(outcome({ code: null, spawnError: Object.assign(new Error('x'), { code: 'EACCES' }) }))).toBe(126);
  });

  it('prefers the stderr tail, else says how the command ended', () => {
    expect(failureMessage(outcome({ code: 2, stderrTail: 'no such table' }))).toBe('no such table');
    expect(failureMessage(outcome({ code: 2 }))).toBe('exited with code 2');
    expect(failureMessage(outcome({ code: null, signal: 'SIGTERM' }))).toBe('killed by SIGTERM');
  });
});

describe('StderrTail', () => {
  it('keeps only the last bytes, across chunks', () => {
    const tail = new StderrTail(10);
    tail.push(Buffer.from('aaaaaaaaaa'));
    tail.push(Buffer.from('bbbb'));
    tail.push(Buffer.from('cccc\n'));
    expect(tail.text()).toBe('abbbbcccc');
  });

  it('drops a multi-byte character cut in half at the start', () => {
    const tail = new StderrTail(4);
    tail.push(Buffer.from('xé€'));
    // '€' is 3 bytes, 'é' 2: the last 4 bytes hold half of 'é' and the whole '€'.
    expect(tail.text()).toBe('€');
  });
});

describe('parseMetricsFile', () => {
  it('drops a line Luco would refuse (a NUL character), naming it, and keeps the rest', () => {
    const { metrics, problems } = parseMetricsFile('rows=5\nbad\u0000name=1\nnote=a\u0000b\nok=2\n');
    expect(metrics).toEqual([
      ['rows', 5],
      ['ok', 2],
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^LUCO_METRICS_FILE line 2: dropped, Luco would refuse it: metrics: metric names must not contain a NUL character/);
    expect(problems[1]).toMatch(/^LUCO_METRICS_FILE line 3: dropped, Luco would refuse it: metrics\.note: must not contain a NUL character/);
    // The reports themselves stay printable.
    for (const problem of problems) expect(problem).not.toContain('\u0000');
  });
});

describe('failureTail', () => {
  it('redacts secrets before it cuts, so a secret at the cut is never half shown, and replaces NUL characters', () => {
    const redactor = new Redactor();
    redactor.add('the-client-secret-value');
    const secretAtCut = 'the-client-secret-value';
    // The secret straddles the point TAIL_CHARS from the end: cut first, its end would show.
    const raw = `${'a'.repeat(100)}${secretAtCut}${'b'.repeat(TAIL_CHARS - 42)}\nfailed: token=abc123 \u0000 end`;
    expect(raw.slice(-TAIL_CHARS)).toMatch(/^nt-secret-value/);
    const tail = failureTail(raw, redactor);
    expect(tail.length).toBeLessThanOrEqual(TAIL_CHARS);
    expect(tail).not.toMatch(/secret-value|value|abc123/);
    expect(tail).toMatch(/failed: token=\[REDACTED\] \uFFFD end$/);
    expect(tail).not.toContain('\u0000');
  });
});

import { describe, expect, it } from 'vitest';
import { exitCodeOf, failureMessage, type ChildOutcome } from '../../src/run/outcome.js';
import { StderrTail } from '../../src/run/stderr-tail.js';

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

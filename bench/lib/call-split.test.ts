import { describe, expect, it } from 'vitest';
import { routeOf, splitRun } from './call-split.js';
import type { TracedChunk } from './latency-proxy.js';

const up = (arrivedAt: number, sentAt: number, requestLine?: string, connection = 1): TracedChunk => ({ connection, direction: 'up', arrivedAt, sentAt, bytes: 100, ...(requestLine ? { requestLine } : {}) });
const down = (arrivedAt: number, sentAt: number, connection = 1): TracedChunk => ({ connection, direction: 'down', arrivedAt, sentAt, bytes: 50 });

describe('splitRun', () => {
  it('splits a run into each call’s client, link and server time, adding up to the run', () => {
    const trace = [
      up(0, 1, 'GET /healthz HTTP/1.1'), // before the run: left out
      down(3, 4),
      up(100.5, 110.5, 'GET /slots/search/?Tag=2020-01-01 HTTP/1.1'),
      down(112, 122),
      up(123, 133, 'POST /v2/slots/12/submissions/345/metrics HTTP/1.1'),
      up(123.2, 133.2), // the rest of the same request
      down(135, 145.1),
    ];
    const split = splitRun(trace, 100, 146)!;
    expect(split.calls).toEqual([
      { route: 'GET /slots/search/?Tag=…', client: 0.5, linkUp: 10, server: 1.5, linkDown: 10 },
      { route: 'POST /v2/slots/{id}/submissions/{id}/metrics', client: 1, linkUp: expect.closeTo(10.2, 9), server: expect.closeTo(1.8, 9), linkDown: expect.closeTo(10.1, 9) },
    ]);
    expect(split.tail).toBeCloseTo(0.9, 9);
    const parts = split.calls.reduce((total, call) => total + call.client + call.linkUp + call.server + call.linkDown, split.tail);
    expect(parts).toBeCloseTo(46, 9);
  });

  it('declines runs it cannot split for sure: two connections, or an answer with no request', () => {
    expect(splitRun([up(1, 11, 'GET / HTTP/1.1'), down(12, 22), up(23, 33, 'GET / HTTP/1.1', 2), down(34, 44, 2)], 0, 50)).toBeUndefined();
    expect(splitRun([down(1, 11), up(12, 22, 'GET / HTTP/1.1')], 0, 50)).toBeUndefined();
    expect(splitRun([], 0, 50)).toBeUndefined();
  });
});

describe('routeOf', () => {
  it('replaces ids in the path and values in the query', () => {
    expect(routeOf('POST /slots/7/submissions/99/status HTTP/1.1')).toBe('POST /slots/{id}/submissions/{id}/status');
    expect(routeOf('POST /v2/slots/7/submissions/99/quality?stage=validate&action=Continued HTTP/1.1')).toBe('POST /v2/slots/{id}/submissions/{id}/quality?stage=…&action=…');
  });
});

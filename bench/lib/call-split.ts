import type { TracedChunk } from './latency-proxy.js';

/** Where one call of a run spent its time, ms, from the proxy's timestamps. */
export interface CallSplit {
  /** `POST /v2/slots/{id}/submissions`: the request line, ids replaced. */
  route: string;
  /** From the previous answer leaving the proxy (or the run's start) to this request reaching it: the client's work. */
  client: number;
  /** The request held by the link (the delay, plus any lateness of the proxy). */
  linkUp: number;
  /** From the request leaving the proxy to the answer reaching it: the server's time, loopback included. */
  server: number;
  /** The answer held by the link. */
  linkDown: number;
}

export interface RunSplit {
  calls: CallSplit[];
  /** From the last answer leaving the proxy to the run's end: the client reading it. */
  tail: number;
}

/**
 * Splits a run, timed from `start` to `end` on the monotonic clock, into its calls using the
 * proxy's trace: each call is a request (one or more chunks up) and its answer (chunks down), one
 * after the other on one connection. Undefined when the run's traffic is not that shape (a second
 * connection, requests overlapping), so that no guess enters the figures.
 */
export function splitRun(trace: readonly TracedChunk[], start: number, end: number): RunSplit | undefined {
  const chunks = trace.filter((chunk) => chunk.arrivedAt >= start && chunk.sentAt <= end);
  if (chunks.length === 0 || chunks.some((chunk) => chunk.connection !== chunks[0]!.connection)) return undefined;
  const messages: Array<{ direction: 'up' | 'down'; first: TracedChunk; last: TracedChunk }> = [];
  for (const chunk of chunks) {
    const current = messages.at(-1);
    if (current?.direction === chunk.direction) current.last = chunk;
    else messages.push({ direction: chunk.direction, first: chunk, last: chunk });
  }
  if (messages.length % 2 !== 0) return undefined;
  const calls: CallSplit[] = [];
  let previousSent = start;
  for (let i = 0; i < messages.length; i += 2) {
    const request = messages[i]!;
    const answer = messages[i + 1]!;
    if (request.direction !== 'up' || request.first.requestLine === undefined) return undefined;
    calls.push({
      route: routeOf(request.first.requestLine),
      client: request.first.arrivedAt - previousSent,
      linkUp: request.last.sentAt - request.first.arrivedAt,
      server: answer.first.arrivedAt - request.last.sentAt,
      linkDown: answer.last.sentAt - answer.first.arrivedAt,
    });
    previousSent = answer.last.sentAt;
  }
  return { calls, tail: end - previousSent };
}

/** The request line without its version, numbers in the path and the query's values replaced. */
export function routeOf(requestLine: string): string {
  const target = requestLine.replace(/ HTTP\/1\.[01]$/, '');
  const [path = '', query] = target.split('?', 2);
  const shape = path.replace(/\/\d+(?=\/|$)/g, '/{id}');
  return query === undefined ? shape : `${shape}?${query.replace(/=[^&]*/g, '=…')}`;
}

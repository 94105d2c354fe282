import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { SERVER_VERSION } from '../../../version.js';
import { pinnedLookup, resolveTarget } from './target/guard.js';
import type { AlertTargetPolicy } from './target/policy.js';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first `bodyLimitBytes` of the body, as text. */
  body: string;
}

export interface PostOptions {
  policy: AlertTargetPolicy;
  timeoutMs: number;
  bodyLimitBytes: number;
  signal?: AbortSignal | undefined;
}

/** A request that got no answer: refused, reset, timed out. The message names the host, never the URL. */
export class HttpSendError extends Error {
  override readonly name = 'HttpSendError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * One POST of a JSON body, guarded: the host's addresses are checked against the target policy
 * and the socket connects to exactly those (no second DNS lookup); redirects are never
 * followed (a 3xx is returned as it is); at most `bodyLimitBytes` of the answer are read; the
 * whole exchange (DNS, connect, TLS, answer, body) must finish within `timeoutMs`. A new
 * connection each time, so nothing is reused past a check. Throws TargetRefusedError,
 * TargetUnresolvedError or HttpSendError.
 */
export async function postJson(target: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<HttpAnswer> {
  const url = new URL(target);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new HttpSendError(`cannot send to a ${url.protocol} URL`, undefined);
  const host = url.hostname;
  const bareHost = host.replace(/^\[(.*)\]$/, '$1');
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const addresses = await withSignal(resolveTarget(host, { plainText: url.protocol === 'http:', policy: options.policy }), signal, host, options.timeoutMs);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(answer!);
    };
    const onAbort = () => {
      const error = abortError(signal, host, options.timeoutMs);
      request.destroy(error);
      finish(error);
    };
    const request = send({
      method: 'POST',
      protocol: url.protocol,
      hostname: bareHost,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: { 'user-agent': `LucoTS/${SERVER_VERSION} (alerts)`, ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinnedLookup(addresses),
      agent: false,
      // The certificate is checked against the URL's host name, not the pinned address (TLS sends no IP as a server name).
      ...(url.protocol === 'https:' && isIP(bareHost) === 0 ? { servername: bareHost } : {}),
    });
    request.on('response', (response) => {
      readLimited(response, options.bodyLimitBytes).then(
        (text) => finish(undefined, { status: response.statusCode ?? 0, headers: response.headers, body: text }),
        (error: Error) => finish(new HttpSendError(`the answer from ${host} broke off (${error.message})`, (error as NodeJS.ErrnoException).code)),
      );
    });
    request.on('error', (error: NodeJS.ErrnoException) => finish(signal.aborted ? abortError(signal, host, options.timeoutMs) : new HttpSendError(describeSocketError(error, host, url.port), error.code)));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}

/** Reads a body up to `limit` bytes, then drops the connection rather than reading the rest. */
function readLimited(response: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        end();
        response.destroy();
      }
    });
    response.on('end', end);
    response.on('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
    response.on('close', end);
  });
}

function abortError(signal: AbortSignal, host: string, timeoutMs: number): HttpSendError {
  const reason = signal.reason as Error | undefined;
  if (reason?.name === 'TimeoutError') return new HttpSendError(`no answer from ${host} within ${timeoutMs} ms`, 'ETIMEDOUT');
  return new HttpSendError(`the send to ${host} was abandoned (the sender is stopping)`, 'ABORTED');
}

async function withSignal<T>(promise: Promise<T>, signal: AbortSignal, host: string, timeoutMs: number): Promise<T> {
  if (signal.aborted) throw abortError(signal, host, timeoutMs);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal, host, timeoutMs));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function describeSocketError(error: NodeJS.ErrnoException, host: string, port: string): string {
  const where = port === '' ? host : `${host}:${port}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${where}`;
    case 'ECONNRESET':
      return `connection reset by ${where}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable`;
    default:
      // TLS and protocol errors say what went wrong; they carry no URL.
      return `could not send to ${where}: ${error.code ? `${error.code} ` : ''}${error.message}`;
  }
}

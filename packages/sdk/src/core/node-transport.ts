import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FetchLike, RawResponse } from './transport.js';

/**
 * The SDK's default way to send a request: node:http(s) with keep-alive agents, answering with the
 * status, headers and text that are all the SDK reads. On Node 20 a fetch costs several times the
 * CPU of the same request through node:http (web streams, a Request and a Response per call, the
 * signal's listeners): the largest part of what a call through the SDK cost over the wire. What the
 * SDK relied on fetch for is kept: keep-alive with no-delay sockets, redirects followed as fetch
 * follows them, the same Accept-Encoding and decompression.
 */
export const nodeHttpFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/**
 * Shared by every client of the process, as fetch's global pool was. Idle sockets close after 4 s
 * (fetch's default), or sooner when the server's Keep-Alive hint says so.
 */
const AGENT_OPTIONS = { keepAlive: true, timeout: 4_000, noDelay: true, scheduling: 'lifo' } as const;
const agents = { 'http:': new HttpAgent(AGENT_OPTIONS), 'https:': new HttpsAgent(AGENT_OPTIONS) };

const MAX_REDIRECTS = 20;
/** As undici's: a connection not made by then fails, as never sent (safe to resend). */
export const CONNECT_TIMEOUT_MS = 10_000;
/** The code of that failure; transport.ts counts it among the codes of requests never sent. */
export const CONNECT_TIMEOUT_CODE = 'LUCO_CONNECT_TIMEOUT';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

export interface NodeRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

/**
 * One request and its answer read to the end. `onCancel` receives the function that aborts it
 * (the caller's timeout and signal), called at once, before anything is sent.
 */
export async function sendWithNodeHttp(url: string, init: NodeRequest, onCancel: (cancel: (reason: unknown) => void) => void): Promise<RawResponse> {
  let cancelled: { reason: unknown } | undefined;
  let current: { destroy(error: Error): void } | undefined;
  onCancel((reason) => {
    cancelled = { reason };
    current?.destroy(reason instanceof Error ? reason : new Error(String(reason)));
  });
  let target = new URL(url);
  let request = init;
  for (let redirects = 0; ; redirects++) {
    if (cancelled) throw cancelled.reason;
    const answer = await exchange(target, request, (handle) => (current = handle));
    const location = answer.headers.get('location');
    if (!REDIRECTS.has(answer.status) || location === null) return answer;
    if (redirects >= MAX_REDIRECTS) throw new TypeError('redirect count exceeded');
    const next = new URL(location, target);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new TypeError(`redirect to an unsupported URL scheme ${next.protocol}`);
    request = redirected(request, answer.status, next.origin !== target.origin);
    target = next;
  }
}

/** The request fetch would send after a redirect: 303 (and 301/302 after a POST) becomes a GET with no body; another origin gets no Authorization. */
function redirected(request: NodeRequest, status: number, crossOrigin: boolean): NodeRequest {
  const toGet = status === 303 ? request.method !== 'HEAD' : (status === 301 || status === 302) && request.method === 'POST';
  const headers = { ...request.headers };
  if (crossOrigin) delete headers.authorization;
  if (!toGet) return { ...request, headers };
  for (const name of BODY_HEADERS) delete headers[name];
  return { method: 'GET', headers };
}

function exchange(url: URL, init: NodeRequest, track: (handle: { destroy(error: Error): void }) => void): Promise<RawResponse> {
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') return Promise.reject(new TypeError(`unsupported URL scheme ${url.protocol}`));
  const headers: Record<string, string | number> = { 'accept-encoding': secure ? 'br, gzip, deflate' : 'gzip, deflate', ...init.headers };
  if (init.body !== undefined) headers['content-length'] = Buffer.byteLength(init.body);
  return new Promise<RawResponse>((resolve, reject) => {
    const send = secure ? httpsRequest : httpRequest;
    const request = send(url, { method: init.method, headers, agent: agents[secure ? 'https:' : 'http:'] }, (response) => {
      track(response);
      readText(response).then((text) => resolve({ status: response.statusCode ?? 0, headers: toHeaders(response.rawHeaders), text }), reject);
    });
    track(request);
    request.on('socket', (socket) => watchConnect(socket, secure, CONNECT_TIMEOUT_MS, () => request.destroy(connectTimeoutError())));
    request.on('error', reject);
    request.end(init.body);
  });
}

/**
 * Calls `onTimeout` if a socket still connecting (TCP, then TLS over https) is not connected within
 * `timeoutMs`; a reused keep-alive socket is connected already and is not watched.
 */
export function watchConnect(socket: { connecting?: boolean; once(event: string, listener: () => void): unknown; removeListener(event: string, listener: () => void): unknown }, secure: boolean, timeoutMs: number, onTimeout: () => void): void {
  if (!socket.connecting) return;
  const connected = secure ? 'secureConnect' : 'connect';
  const timer = setTimeout(onTimeout, timeoutMs);
  const done = () => {
    clearTimeout(timer);
    socket.removeListener(connected, done);
    socket.removeListener('close', done);
  };
  socket.once(connected, done);
  socket.once('close', done);
}

function connectTimeoutError(): Error {
  return Object.assign(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1000} s`), { code: CONNECT_TIMEOUT_CODE });
}

function readText(response: IncomingMessage): Promise<string> {
  let stream: Readable = response;
  const encoding = response.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(createGunzip());
  else if (encoding === 'deflate') stream = response.pipe(createInflate());
  else if (encoding === 'br') stream = response.pipe(createBrotliDecompress());
  if (stream !== response) response.on('error', (error) => stream.destroy(error));
  return new Promise<string>((resolve, reject) => {
    let text = '';
    let ended = false;
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => {
      ended = true;
      resolve(text);
    });
    stream.on('error', reject);
    // A body cut short without an error event (the socket closed mid-body) still fails.
    stream.on('close', () => {
      if (!ended) reject(Object.assign(new Error('the connection closed before the whole answer came'), { code: 'ECONNRESET' }));
    });
  });
}

function toHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, sendProblem, type ProblemBody } from './problem.js';

/**
 * Errors Fastify and Node answer before a route runs, written as problem documents like every
 * other error: a path that is not valid URL encoding (400), a path parameter longer than the
 * router takes (414), and requests Node's HTTP parser refuses (oversized headers 431, a broken
 * request 400, a request too slow to arrive 408).
 */

/** The longest path parameter the router takes (its default); longer is a 414. */
export const MAX_PATH_PARAMETER_LENGTH = 100;

/** Fastify's `frameworkErrors` option: router errors, with a request and reply to answer on. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // No route, so no onSend hooks: the request id header is set here.
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_BAD_URL') {
    void sendProblem(request, reply, { status: 400, slug: 'invalid-url', title: 'Bad Request', detail: 'The path is not valid URL encoding: a % escape is incomplete or not UTF-8' });
    return;
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void sendProblem(request, reply, { status: 414, slug: 'uri-too-long', title: 'URI Too Long', detail: `A path parameter is longer than ${MAX_PATH_PARAMETER_LENGTH} characters (ids have at most 10 digits)` });
    return;
  }
  request.log.error({ err: error }, 'routing failed');
  void sendProblem(request, reply, { status: 500, slug: 'internal', title: 'Internal Server Error', detail: `The server failed to route this request; quote request id ${request.id} when reporting it.` });
}

/** Fastify's `clientErrorHandler` option (Node's `clientError`): no request exists, only the socket. */
export function clientErrorHandler(error: ConnectionError, socket: Socket): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    socket.write(clientErrorResponse(status, requestTarget(error.rawPacket)));
  }
  socket.destroy(error);
}

const CLIENT_ERRORS: Record<number, { slug: string; detail: string }> = {
  400: { slug: 'invalid-request', detail: 'The request is not valid HTTP/1.1' },
  408: { slug: 'request-timeout', detail: 'The request did not arrive in time' },
  431: { slug: 'headers-too-large', detail: 'The request line and headers are too large (at most 16 KiB in all)' },
};

export function clientErrorResponse(status: 400 | 408 | 431, instance: string): string {
  const requestId = randomUUID();
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const { slug, detail } = CLIENT_ERRORS[status]!;
  const problem: ProblemBody = { type: `urn:lucots:problem:${slug}`, title, status, detail, instance, requestId };
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${status} ${title}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-request-id: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** The path of the refused request when its request line arrived; `/` otherwise. */
function requestTarget(packet: unknown): string {
  // Node passes the bytes it could not parse (Fastify's type says otherwise).
  const line = Buffer.isBuffer(packet) ? (packet.subarray(0, 2048).toString('latin1').split('\r\n', 1)[0] ?? '') : '';
  const target = /^[A-Z]+ (\/\S*) HTTP\/\d\.\d$/.exec(line)?.[1];
  return target?.split('?')[0] ?? '/';
}

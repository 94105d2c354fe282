import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpProblem } from '../errors.js';
import { InputError, listedProblems, type FieldProblem } from '../wire/input-error.js';
import { sendProblem } from './problem.js';

const LOCATION: Record<string, string> = { querystring: 'query', body: 'body', params: 'path', headers: 'header' };

/**
 * One error shape everywhere: RFC 9457 problem details naming the parameter or field. Bad input
 * is a 4xx, never a 500; only a real fault is a 500, logged with the request id.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const where = LOCATION[error.validationContext ?? ''] ?? error.validationContext ?? 'request';
      const errors = listedProblems(error.validation.map((issue) => validationProblem(issue, where)));
      return sendProblem(request, reply, {
        status: 400,
        slug: 'invalid-input',
        title: 'Bad Request',
        detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors,
      });
    }
    if (error instanceof InputError) {
      return sendProblem(request, reply, { status: error.status, slug: 'invalid-input', title: error.status === 422 ? 'Unprocessable Content' : 'Bad Request', detail: error.message, errors: error.problems });
    }
    if (error instanceof HttpProblem) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      return sendProblem(request, reply, { status: error.status, slug: error.slug, title: error.title, detail: error.message, extensions: error.extensions });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own 4xx: unparsable JSON, unsupported media type, body too large...
      return sendProblem(request, reply, { status, slug: slugFor(error.code), title: titleFor(status), detail: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, { status: 500, slug: 'internal', title: 'Internal Server Error', detail: `The server failed to handle this request; quote request id ${request.id} when reporting it.` });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, { status: 404, slug: 'no-route', title: 'Not Found', detail: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
}

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function validationProblem(issue: AjvIssue, where: string): FieldProblem & { in: string } {
  const path = (issue.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`))
    .join('')
    .replace(/^\./, '');
  const missing = typeof issue.params?.missingProperty === 'string' ? issue.params.missingProperty : undefined;
  const extra = typeof issue.params?.additionalProperty === 'string' ? issue.params.additionalProperty : undefined;
  const field = [path, missing ?? extra].filter(Boolean).join(path && (missing ?? extra) ? '.' : '') || where;
  let message = issue.message ?? 'is invalid';
  if (missing) message = 'is required';
  else if (extra) message = 'is not a known field';
  else if (issue.keyword === 'enum' && Array.isArray(issue.params?.allowedValues)) message = `must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}`;
  return { field, in: where, message };
}

function titleFor(status: number): string {
  return ({ 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 408: 'Request Timeout', 413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 431: 'Request Header Fields Too Large' } as Record<number, string>)[status] ?? 'Request Error';
}

function slugFor(code: string | undefined): string {
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported-media-type';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'too-large';
  return 'invalid-request';
}

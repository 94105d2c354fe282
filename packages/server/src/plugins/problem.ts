import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem } from '../wire/input-error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** Sends an RFC 9457 problem document; every error response goes through here. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: { status: number; slug: string; title: string; detail: string; errors?: FieldProblem[] | undefined; extensions?: Record<string, unknown> | undefined },
): FastifyReply {
  const body: ProblemBody = {
    ...problem.extensions,
    type: `urn:lucots:problem:${problem.slug}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
  };
  if (problem.errors && problem.errors.length > 0) body.errors = problem.errors;
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

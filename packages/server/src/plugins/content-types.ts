import type { FastifyInstance } from 'fastify';
import { jsonNestsDeeperThan } from '../wire/json-depth.js';
import { MAX_JSON_DEPTH } from '../wire/limits.js';
import { checkJsonBody } from '../wire/json-body-check.js';
import { InputError } from '../wire/input-error.js';

/**
 * JSON bodies arrive as `application/json` or, from LucoPy, `application/json-patch+json` (plain
 * JSON despite the name); any `+json` type is read as JSON. An empty body is allowed: LucoPy
 * POSTs with none, and routes that need one say so in their schema.
 *
 * Every JSON body passes here, so the rules for all of them live here: nesting deeper than
 * MAX_JSON_DEPTH, a NUL character in any string or key, and prototype keys are a 400 naming the
 * field.
 */
export function registerContentTypes(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  const parseJson = (_request: unknown, body: string, done: (error: Error | null, value?: unknown) => void) => {
    try {
      done(null, parseJsonBody(body));
    } catch (error) {
      done(error instanceof InputError ? error : InputError.of('body', `is not valid JSON: ${(error as Error).message}`));
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(/^application\/[\w.-]+\+json$/, { parseAs: 'string' }, parseJson);
}

export function parseJsonBody(body: string): unknown {
  if (body.trim() === '') return undefined;
  if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new InputError([{ field: 'body', in: 'body', message: `nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep` }]);
  }
  const value: unknown = JSON.parse(body);
  const problems = checkJsonBody(value);
  if (problems.length > 0) throw new InputError(problems);
  return value;
}

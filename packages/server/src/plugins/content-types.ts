import type { FastifyInstance } from 'fastify';
import { InputError } from '../wire/input-error.js';

/**
 * JSON bodies arrive as `application/json` or, from LucoPy, `application/json-patch+json` (plain
 * JSON despite the name); any `+json` type is read as JSON. An empty body is allowed: LucoPy
 * POSTs with none, and routes that need one say so in their schema.
 */
export function registerContentTypes(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  const parseJson = (_request: unknown, body: string, done: (error: Error | null, value?: unknown) => void) => {
    if (body.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(body));
    } catch (error) {
      done(InputError.of('body', `is not valid JSON: ${(error as Error).message}`));
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(/^application\/[\w.-]+\+json$/, { parseAs: 'string' }, parseJson);
}

import type { FastifyInstance } from 'fastify';
import { childPath } from '../wire/field-path.js';
import { InputError, type FieldProblem } from '../wire/input-error.js';
import { hasNul, NUL_KEY_MESSAGE, NUL_MESSAGE } from '../wire/nul-characters.js';

/**
 * No query value, query parameter name or path parameter may hold a NUL character (PostgreSQL
 * cannot compare text with one; see wire/nul-characters.ts). Checked for every route before its
 * schema, so reads and writes answer alike and no route can forget it. JSON bodies are checked
 * where they are parsed (plugins/content-types.ts).
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problems = [...nulProblems(request.params, 'path'), ...nulProblems(request.query, 'query')];
    if (problems.length > 0) throw new InputError(problems);
  });
}

/** Query and path objects are flat: each value is a string or a list of strings. */
function nulProblems(values: unknown, where: string): FieldProblem[] {
  if (typeof values !== 'object' || values === null) return [];
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (hasNul(name)) problems.push({ field: childPath('', name), in: where, message: NUL_KEY_MESSAGE });
    else if ((Array.isArray(value) ? value : [value]).some((item) => typeof item === 'string' && hasNul(item))) problems.push({ field: name, in: where, message: NUL_MESSAGE });
  }
  return problems;
}

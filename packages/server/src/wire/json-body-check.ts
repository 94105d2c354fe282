import { childPath } from './field-path.js';
import { MAX_LISTED_PROBLEMS, type FieldProblem } from './input-error.js';
import { hasNul, NUL_KEY_MESSAGE, NUL_MESSAGE } from './nul-characters.js';

/**
 * The rules every parsed JSON body obeys, whatever the route: no NUL character in any string or
 * key (see nul-characters.ts), and no `__proto__` key or `constructor.prototype` (which could
 * reach an object's prototype when copied), as Fastify's own JSON parser refuses them.
 * Returns the problems by field path, e.g. `metrics[1].metric`. Recursive: the nesting depth
 * is bounded before parsing (json-depth.ts).
 */
export function checkJsonBody(value: unknown): Array<FieldProblem & { in: string }> {
  const found: Array<FieldProblem & { in: string }> = [];
  const report = (field: string, message: string) => found.push({ field: field || 'body', in: 'body', message });
  const visit = (node: unknown, at: string): void => {
    if (found.length >= MAX_LISTED_PROBLEMS) return;
    if (typeof node === 'string') {
      if (hasNul(node)) report(at, NUL_MESSAGE);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, childPath(at, index)));
      return;
    }
    for (const [key, item] of Object.entries(node)) {
      const path = childPath(at, key);
      if (hasNul(key)) report(path, NUL_KEY_MESSAGE);
      else if (key === '__proto__') report(path, 'is not an allowed field name');
      else if (key === 'constructor' && typeof item === 'object' && item !== null && Object.hasOwn(item, 'prototype')) report(`${path}.prototype`, 'is not an allowed field name');
      else visit(item, path);
    }
  };
  visit(value, '');
  return found;
}

import { InputError } from './input-error.js';

/** TypeBox/JSON-schema pattern for a query boolean: LucoPy sends True/False, others true/false. */
export const QUERY_BOOLEAN_PATTERN = '^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|1|0)$';

export function parseQueryBoolean(field: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  throw InputError.of(field, `must be true or false, got ${JSON.stringify(value)}`);
}

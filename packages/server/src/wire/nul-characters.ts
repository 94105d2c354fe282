/**
 * PostgreSQL cannot store a NUL character (U+0000) in text, SQLite can: so that both databases
 * give one answer, no text the API receives may hold one. Query values and path parameters are
 * checked in plugins/nul-guard.ts, JSON bodies in wire/json-body-check.ts.
 */
export const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';
export const NUL_KEY_MESSAGE = 'is a field name with a NUL character (\\u0000); names must not contain one';

export function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

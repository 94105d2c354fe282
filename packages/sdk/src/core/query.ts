/** Query strings as Luco expects them: repeated keys for lists, booleans as True/False. */

export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/**
 * Booleans go out as `True`/`False`, the form LucoPy has always sent and the real Luco server is
 * known to accept. Null and undefined values are left out; arrays become repeated keys.
 */
export function buildQuery(params: QueryParams | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value as QueryScalar];
    for (const item of values) search.append(key, formatScalar(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function formatScalar(value: QueryScalar): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

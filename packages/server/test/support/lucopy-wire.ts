/**
 * Request forms exactly as LucoPy (Python `requests`) puts them on the wire: `urlencode(doseq=True)`
 * of Python values (dicts as their repr, booleans as True/False), `json.dumps` bodies with its
 * default separators, and `application/json-patch+json`.
 */

type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/** Python's repr() of a value: single-quoted strings unless they contain one, True/False/None. */
export function pyRepr(value: PyValue | undefined): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
    return `${quote}${escaped}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

/** urllib.parse.quote_plus: unreserved characters stay, space becomes +, the rest %XX (UTF-8). */
export function quotePlus(text: string): string {
  return Array.from(new TextEncoder().encode(text))
    .map((byte) => {
      const char = String.fromCharCode(byte);
      if (/[A-Za-z0-9_.\-~]/.test(char)) return char;
      if (char === ' ') return '+';
      return `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** urlencode(params, doseq=True) with str() of each value, as requests does. */
export function pyUrlencode(params: Array<[string, PyValue]>): string {
  const parts: string[] = [];
  for (const [key, value] of params) {
    if (value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) parts.push(`${quotePlus(key)}=${quotePlus(typeof item === 'string' ? item : pyRepr(item))}`);
  }
  return parts.join('&');
}

/** LucoPy's slot sequence definition list from a name. */
export function pyDefinition(name: Record<string, string>): PyValue[] {
  return Object.entries(name).map(([key, value], position) => ({ position, key, value }));
}

/** json.dumps with default separators (', ' and ': '). */
export function pyJsonDumps(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pyJsonDumps(v)}`).join(', ')}}`;
}

export const REQUESTS_HEADERS = { 'user-agent': 'python-requests/2.31.0', accept: '*/*', 'accept-encoding': 'gzip, deflate' };
export const JSON_PATCH = 'application/json-patch+json';

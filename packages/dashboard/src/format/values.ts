// Free-form JSON the server keeps as sent (check arguments, observed values, run data), shown
// as text; and URLs from such data, which become links only when they are http(s).

/** Any JSON value as short readable text: strings as they are, the rest as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** An object's entries as [key, text] pairs; a non-object gives one pair under `value`. */
export function entriesOf(value: unknown): [string, string][] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, formatValue(item)]);
  }
  return [['value', formatValue(value)]];
}

/** The URL if value is an absolute http or https URL (never javascript:, data: ...); else undefined. */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

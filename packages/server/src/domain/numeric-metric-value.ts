/**
 * A metric's stored JSON value as a number when it was recorded as a finite JSON number. Text
 * (even "12"), booleans and objects are not numbers here: the trends and series plot numbers only.
 */
export function numericMetricValue(json: string): number | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** How far back the sequence page's trend charts look, in days (the server allows at most 400). */
export const TREND_WINDOWS = [30, 90, 365] as const;

/** The trend window a sequence page's URL asks for (`?days=`), else 90 days. */
export function trendDays(query: URLSearchParams): number {
  const days = Number(query.get('days'));
  return (TREND_WINDOWS as readonly number[]).includes(days) ? days : 90;
}

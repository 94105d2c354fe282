/**
 * Test-only: LUCO_CLOCK_OFFSET_MS shifts the server's clock (whole milliseconds, may be negative),
 * so a test can put a real server a few seconds before a deadline instead of waiting for one.
 * Off unless set; the server logs a warning when it is.
 */
export function serverClock(env: NodeJS.ProcessEnv = process.env): { now: () => number; offsetMs: number } {
  const text = env.LUCO_CLOCK_OFFSET_MS;
  if (text === undefined || text === '') return { now: Date.now, offsetMs: 0 };
  if (!/^-?\d{1,13}$/.test(text)) throw new Error(`LUCO_CLOCK_OFFSET_MS must be a whole number of milliseconds, got ${JSON.stringify(text)}`);
  const offsetMs = Number(text);
  return { now: () => Date.now() + offsetMs, offsetMs };
}

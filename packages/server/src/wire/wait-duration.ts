import { InputError } from './input-error.js';

/**
 * The longest a gate request may be held open. Proxies often close a connection idle for 60 s;
 * the SDK asks for 50 s at a time to stay under that.
 */
export const MAX_GATE_WAIT_MS = 60_000;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * A long poll's wait: `60s`, `1500ms`, `1m`, or plain seconds (`30`); 0 answers at once. More
 * than MAX_GATE_WAIT_MS is a 400 naming the cap, not a silent cut.
 */
export function parseWaitMs(text: string, field: string): number {
  const match = /^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m)?$/i.exec(text.trim());
  if (!match) throw InputError.of(field, `must be a time span such as 60s, 1500ms, 1m or 30 (seconds), got ${JSON.stringify(text.slice(0, 40))}`);
  const ms = Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 's').toLowerCase()]!);
  if (ms > MAX_GATE_WAIT_MS) throw InputError.of(field, `must be at most ${MAX_GATE_WAIT_MS / 1000}s (the longest a request is held open); ask again to wait longer`);
  return ms;
}

import { Redactor } from '@lucots/sdk';
import type { Context } from '../context.js';
import { TAIL_CHARS } from './stderr-tail.js';

/**
 * A redactor for what `luco run` sends from the command's stderr: the SDK's patterns (tokens,
 * `password=`-style pairs, URL passwords...) and every client secret luco is configured with,
 * verbatim, wherever it comes from (flag, LUCO_CLIENT_SECRET, the config file).
 */
export async function runRedactor(ctx: Context): Promise<Redactor> {
  const redactor = new Redactor();
  redactor.add(ctx.env.LUCO_CLIENT_SECRET);
  try {
    redactor.add((await ctx.settings()).settings.clientSecret);
    redactor.add((await ctx.config())?.settings.clientSecret);
  } catch {
    // An unreadable config file holds no secret luco could have used; the run was warned about it.
  }
  return redactor;
}

/**
 * The end of the command's stderr as sent in a Failed status: secrets redacted over the whole kept
 * text before it is cut to TAIL_CHARS (so a secret at the cut is masked whole, not half shown), and
 * NUL characters, which Luco cannot store, replaced.
 */
export function failureTail(raw: string, redactor: Redactor): string {
  const redacted = redactor.redactFreeText(raw).replaceAll('\u0000', '\uFFFD');
  return redacted.slice(-TAIL_CHARS).trim();
}

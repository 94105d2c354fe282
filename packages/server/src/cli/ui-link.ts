import { HttpProblem } from '../errors.js';
import { LINK_TTL_SECONDS, SessionService, signInLinkUrl } from '../services/sessions/sessions.js';
import { openDatabase } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { databaseTarget } from './config.js';

const DEFAULT_PUBLIC_URL = 'http://localhost:8080';
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** `--ttl`: seconds (`90`, `90s`), minutes (`10m`) or hours (`1h`), from 60 seconds to 1 hour. */
export function parseLinkTtl(value: string, name = '--ttl'): number {
  const match = /^(\d{1,5})([smh]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] || 's']! : Number.NaN;
  if (!(seconds >= LINK_TTL_SECONDS.min && seconds <= LINK_TTL_SECONDS.max)) {
    throw new Error(`${name} must be a duration from 60s to 1h (e.g. 90s, 10m, 1h), got ${JSON.stringify(value)}`);
  }
  return seconds;
}

export interface UiLinkOptions {
  client: string;
  ttl?: number | undefined;
  db?: string | undefined;
  publicUrl?: string | undefined;
}

/**
 * `ui-link`: a one-time dashboard sign-in link for an active client, written straight to the
 * database (any instance serving it redeems it). undefined when there is no such active client.
 */
export async function createUiLink(options: UiLinkOptions, env: NodeJS.ProcessEnv = process.env): Promise<{ url: string; expiresOn: number } | undefined> {
  const database = openDatabase(databaseTarget(options.db, env));
  try {
    await migrateToLatest(database.db);
    const link = await new SessionService({ db: database.db, now: Date.now }).createLink(options.client, options.ttl ?? LINK_TTL_SECONDS.default);
    return { url: signInLinkUrl(options.publicUrl ?? (env.LUCO_PUBLIC_URL || DEFAULT_PUBLIC_URL), link.token), expiresOn: link.expiresOn };
  } catch (error) {
    if (error instanceof HttpProblem && error.status === 404) return undefined;
    throw error;
  } finally {
    await database.close();
  }
}

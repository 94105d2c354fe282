import { basename, dirname, extname, join, resolve } from 'node:path';
import { isPostgresUrl } from '../storage/db.js';

const PREFIX = 'admin-credentials';
/** For PostgreSQL there is no database file to sit beside: the files go to ./.luco. */
const POSTGRES_FOLDER = '.luco';

/** Letters, digits, `.`, `_` and `-` stay; anything else (`:`, `/`, `[`, spaces) becomes `_`. */
const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * `<host>-<port>-<database>` of a PostgreSQL URL, with node-postgres's fallbacks for what the
 * URL leaves out (PGHOST or localhost, PGPORT or 5432, PGDATABASE or the user name).
 */
export function postgresDatabaseLabel(url: string, env: NodeJS.ProcessEnv = process.env): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'postgres';
  }
  const host = decoded(parsed.hostname) || parsed.searchParams.get('host') || env.PGHOST || 'localhost';
  const port = parsed.port || parsed.searchParams.get('port') || env.PGPORT || '5432';
  const user = decoded(parsed.username) || env.PGUSER || env.USER || 'postgres';
  const database = decoded(parsed.pathname.replace(/^\//, '')) || env.PGDATABASE || user;
  return [host, port, database].map(safe).join('-');
}

/**
 * Where the first-start admin's id and secret go: one file per database, so no database's file
 * ever replaces another's.
 * - SQLite `<folder>/<stem>.<ext>`: `<folder>/admin-credentials.<stem>.json` (the default
 *   `.luco/luco.db` gives `.luco/admin-credentials.luco.json`);
 * - PostgreSQL: `./.luco/admin-credentials.<host>-<port>-<database>.json`;
 * - `:memory:` (a new database each start): `./.luco/admin-credentials.memory-<pid>.json`.
 */
export function adminCredentialsFile(target: string, env: NodeJS.ProcessEnv = process.env, pid = process.pid): string {
  // Absolute, so the log says exactly where.
  if (isPostgresUrl(target)) return resolve(POSTGRES_FOLDER, `${PREFIX}.${postgresDatabaseLabel(target, env)}.json`);
  if (target === ':memory:') return resolve(POSTGRES_FOLDER, `${PREFIX}.memory-${pid}.json`);
  const path = resolve(target);
  const stem = basename(path, extname(path)) || basename(path);
  return join(dirname(path), `${PREFIX}.${stem}.json`);
}

/** The single name older versions used for every database, in the same folder. */
export function legacyAdminCredentialsFile(file: string): string {
  return join(dirname(file), `${PREFIX}.json`);
}

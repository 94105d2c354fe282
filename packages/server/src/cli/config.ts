import { join } from 'node:path';
import { isRole, type Role } from '../auth/index.js';
import { isPostgresUrl } from '../storage/db.js';

export const DEFAULT_DATABASE = join('.luco', 'luco.db');

/** `--db`, else LUCO_DATABASE_URL, else ./.luco/luco.db. */
export function databaseTarget(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.LUCO_DATABASE_URL || DEFAULT_DATABASE;
}

/** Where the bootstrap credentials go: the SQLite file's folder, or ./.luco for PostgreSQL. */
export function credentialsFolder(target: string, sqliteFolder: string | undefined): string {
  return !isPostgresUrl(target) && sqliteFolder ? sqliteFolder : '.luco';
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new Error(`--port must be a number from 0 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

export function parseRole(value: string): Role {
  if (!isRole(value)) throw new Error(`--role must be reader, writer or admin, got ${JSON.stringify(value)}`);
  return value;
}

export function parsePoolSize(value: string): number {
  const size = Number(value);
  if (!/^\d+$/.test(value) || size < 1 || size > 1000) throw new Error(`--pool-size must be a whole number from 1 to 1000, got ${JSON.stringify(value)}`);
  return size;
}

import { join } from 'node:path';
import { isRole, type Role } from '../auth/index.js';
import { MAX_MATERIALIZE_DAYS } from '../services/materialization/window.js';
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

export function parseMaterializeDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days > MAX_MATERIALIZE_DAYS) throw new Error(`--materialize-days must be a whole number from 0 to ${MAX_MATERIALIZE_DAYS}, got ${JSON.stringify(value)}`);
  return days;
}

/** Fastify's trustProxy: a hop count, or addresses/CIDRs (comma-separated) of trusted proxies. */
export type TrustProxy = number | string;

/**
 * `--trust-proxy 1` (hops) or `--trust-proxy 10.0.0.0/8,127.0.0.1`. Trusting every proxy
 * (`true`) is not offered: any caller could then name any address and dodge per-address limits.
 */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new Error(`--trust-proxy hops must be from 1 to 10, got ${JSON.stringify(value)}`);
    return hops;
  }
  const items = text.split(',').map((item) => item.trim());
  const address = /^(?:[0-9.]+|[0-9a-fA-F:.]+)(?:\/\d{1,3})?$|^(?:loopback|linklocal|uniquelocal)$/;
  if (text === '' || items.some((item) => !address.test(item))) {
    throw new Error(`--trust-proxy must be a hop count or comma-separated addresses/CIDRs (or loopback, linklocal, uniquelocal), got ${JSON.stringify(value)}`);
  }
  return items.join(',');
}

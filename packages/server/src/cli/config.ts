import { join } from 'node:path';
import { isRole, type Role } from '../auth/index.js';
import { MAX_MATERIALIZE_DAYS } from '../services/materialization/window.js';

export const DEFAULT_DATABASE = join('.luco', 'luco.db');

/** `--db`, else LUCO_DATABASE_URL, else ./.luco/luco.db. */
export function databaseTarget(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.LUCO_DATABASE_URL || DEFAULT_DATABASE;
}

/*
 * Each parser names what it read in its message: the flag by default, or the environment
 * variable the value came from (see serve-environment.ts).
 */

export function parsePort(value: string, name = '--port'): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new Error(`${name} must be a number from 0 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

export function parseRole(value: string, name = '--role'): Role {
  if (!isRole(value)) throw new Error(`${name} must be reader, writer or admin, got ${JSON.stringify(value)}`);
  return value;
}

export function parsePoolSize(value: string, name = '--pool-size'): number {
  const size = Number(value);
  if (!/^\d+$/.test(value) || size < 1 || size > 1000) throw new Error(`${name} must be a whole number from 1 to 1000, got ${JSON.stringify(value)}`);
  return size;
}

export function parseMaterializeDays(value: string, name = '--materialize-days'): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days > MAX_MATERIALIZE_DAYS) throw new Error(`${name} must be a whole number from 0 to ${MAX_MATERIALIZE_DAYS}, got ${JSON.stringify(value)}`);
  return days;
}

/** --alert-backfill-days: whole days, 0 (a new rule looks only at what changes next) to 400. */
export function parseBackfillDays(value: string, name = '--alert-backfill-days'): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 400) throw new Error(`${name} must be a whole number of days from 0 to 400, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Fastify's trustProxy: a hop count, or addresses/CIDRs (comma-separated) of trusted proxies. */
export type TrustProxy = number | string;

/**
 * `--trust-proxy 1` (hops) or `--trust-proxy 10.0.0.0/8,127.0.0.1`. Trusting every proxy
 * (`true`) is not offered: any caller could then name any address and dodge per-address limits.
 */
export function parseTrustProxy(value: string, name = '--trust-proxy'): TrustProxy {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new Error(`${name} hops must be from 1 to 10, got ${JSON.stringify(value)}`);
    return hops;
  }
  const items = text.split(',').map((item) => item.trim());
  const address = /^(?:[0-9.]+|[0-9a-fA-F:.]+)(?:\/\d{1,3})?$|^(?:loopback|linklocal|uniquelocal)$/;
  if (text === '' || items.some((item) => !address.test(item))) {
    throw new Error(`${name} must be a hop count or comma-separated addresses/CIDRs (or loopback, linklocal, uniquelocal), got ${JSON.stringify(value)}`);
  }
  return items.join(',');
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function parseLogLevel(value: string, name = '--log-level'): LogLevel {
  const level = value.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new Error(`${name} must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
  return level as LogLevel;
}

/** `pretty`: one readable line per event, for a terminal; `json`: one JSON object a line, for log collectors. */
export type LogFormat = 'pretty' | 'json';

export function parseLogFormat(value: string, name = '--log-format'): LogFormat {
  const format = value.trim().toLowerCase();
  if (format !== 'pretty' && format !== 'json') throw new Error(`${name} must be pretty or json, got ${JSON.stringify(value)}`);
  return format;
}

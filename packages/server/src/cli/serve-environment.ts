import { parseLogFormat, parseLogLevel, parseMaterializeDays, parsePoolSize, parseTrustProxy, type LogFormat, type LogLevel, type TrustProxy } from './config.js';
import { parseSetting } from './usage-error.js';

/** The `serve` options that fall back to an environment variable, as commander leaves them. */
export interface ServeFlags {
  poolSize?: number | undefined;
  materializeDays?: number | undefined;
  logLevel?: LogLevel | undefined;
  logFormat?: LogFormat | undefined;
  trustProxy?: TrustProxy | undefined;
}

export interface ServeSettings {
  poolSize: number | undefined;
  materializeDays: number | undefined;
  logLevel: LogLevel;
  logFormat: LogFormat;
  trustProxy: TrustProxy | undefined;
}

/** A set, non-empty variable (an empty one counts as unset, so `VAR=` switches it off). */
function fromEnv<T>(env: NodeJS.ProcessEnv, name: string, parse: (value: string, name: string) => T): T | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : parseSetting(name, value, parse);
}

/**
 * Each flag, else its LUCO_* variable, else the default. Read when the command runs (inside
 * `run()`'s error handling), so a bad value is a usage error naming the variable, not a crash.
 */
export function resolveServeSettings(flags: ServeFlags, env: NodeJS.ProcessEnv, stdoutIsTerminal: boolean): ServeSettings {
  return {
    poolSize: flags.poolSize ?? fromEnv(env, 'LUCO_DB_POOL_SIZE', parsePoolSize),
    materializeDays: flags.materializeDays ?? fromEnv(env, 'LUCO_MATERIALIZE_DAYS', parseMaterializeDays),
    logLevel: flags.logLevel ?? fromEnv(env, 'LUCO_LOG_LEVEL', parseLogLevel) ?? 'info',
    // A person at a terminal reads lines; anything else (a file, a collector) gets JSON.
    logFormat: flags.logFormat ?? fromEnv(env, 'LUCO_LOG_FORMAT', parseLogFormat) ?? (stdoutIsTerminal ? 'pretty' : 'json'),
    trustProxy: flags.trustProxy ?? fromEnv(env, 'LUCO_TRUST_PROXY', parseTrustProxy),
  };
}

import { createSdkLog, type LogLevel, type Logger, type SdkLog } from '../../src/core/log.js';
import { Redactor } from '../../src/core/redact.js';
import type { BackoffPolicy } from '../../src/core/retry.js';

export interface CapturedLog {
  log: SdkLog;
  redactor: Redactor;
  /** Every line as written to the sink, with its fields serialised: what a log file would hold. */
  lines: string[];
  byLevel(level: Exclude<LogLevel, 'off'>): string[];
}

export function captureLog(level: LogLevel = 'debug', redactor: Redactor = new Redactor()): CapturedLog {
  const entries: Array<{ level: string; line: string }> = [];
  const record =
    (name: string) =>
    (message: string, ...rest: unknown[]) => {
      entries.push({ level: name, line: [message, ...rest.map((item) => JSON.stringify(item))].join(' ') });
    };
  const sink: Logger = { error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
  return {
    log: createSdkLog(sink, level, redactor),
    redactor,
    get lines() {
      return entries.map((entry) => entry.line);
    },
    byLevel: (wanted) => entries.filter((entry) => entry.level === wanted).map((entry) => entry.line),
  };
}

/** Deterministic backoff: random() = 0 gives delays of base/2, base, 2*base... */
export const TEST_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, random: () => 0 };

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An unsigned JWT with the given claims (the SDK never verifies signatures). */
export function makeJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.c2lnbmF0dXJl`;
}

/** Lets pending promise reactions run (several hops: fetch -> provider -> cycler -> caller). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/**
 * The delivery queue's options, and their checks and defaults: a bad option fails when the queue
 * is made, naming the option. Read by DeliveryQueue's constructor.
 */
import { ValidationError } from '../core/errors.js';
import { createSdkLog, isLogLevel, type Logger, type LogLevel, type SdkLog } from '../core/log.js';
import { Redactor } from '../core/redact.js';
import type { BackoffPolicy } from '../core/retry.js';
import { describe } from '../core/validate.js';
import type { BoundsSettings, DeliveryRecord } from './bounds.js';
import { DEFAULT_SERVER_ERROR_LIMIT } from './lane-backoff.js';
import type { SenderSettings } from './sender.js';
import { type DeliveryStore, MemoryStore } from './store.js';

export interface DeliveryBackoff {
  /** First wait after a failed attempt, ms (default 5 000). */
  initialDelayMs?: number | undefined;
  /** Longest wait, ms (default 300 000); each failure doubles the wait up to it. */
  maxDelayMs?: number | undefined;
  /** Jitter source in [0, 1): a wait is `delay × (0.5 + 0.5 × random())`. Default Math.random. */
  random?: (() => number) | undefined;
}

export interface DeliveryOptions {
  /** Where queued writes are kept: `new FileStore(folder)` to survive the process, or a MemoryStore (default). */
  store?: DeliveryStore | undefined;
  /** Most writes kept; beyond it the oldest are dropped (default 10 000). */
  maxItems?: number | undefined;
  /** Writes queued longer ago are dropped (default 7 days). */
  maxAgeMs?: number | undefined;
  /** Writes in flight at once, never two of one submission (default 4). */
  concurrency?: number | undefined;
  /** Waits between attempts while Luco is unreachable (5 s doubling to 5 min); Retry-After wins. */
  backoff?: DeliveryBackoff | undefined;
  /** After refused credentials, delivery pauses until `resume()` or this long (default 15 min). */
  authPauseMs?: number | undefined;
  /** Per-attempt timeout, ms (default: the client's). */
  requestTimeout?: number | undefined;
  /**
   * A write the server keeps failing with a server error (500) while it accepts other writes backs
   * off alone, its submission's later writes waiting behind it; it is dead-lettered once it has
   * failed `attempts` times (default 10) over at least `ageMs` (default 24 h), counted across
   * processes sharing a FileStore.
   */
  serverErrorLimit?: { attempts?: number | undefined; ageMs?: number | undefined } | undefined;
  /**
   * Writes the server refused as invalid (4xx other than 401/403/408/429 and a 409 with
   * Retry-After), or failed past `serverErrorLimit`, with the error; they are not retried.
   */
  onDeadLetter?: ((record: DeliveryRecord, error: unknown) => void | Promise<void>) | undefined;
  /**
   * Also deliver writes whose record names no server (queued by an SDK before records named their
   * server), as if queued for this queue's own. Default false: they stay in the store, untouched,
   * since nothing says they were meant for this server. Writes recorded for another server are
   * never delivered by this queue.
   */
  deliverUntargeted?: boolean | undefined;
  /** Where log lines go (default console); every line is redacted. */
  logger?: Logger | undefined;
  /** Default `LUCO_LOG`, else `warn`. */
  logLevel?: LogLevel | undefined;
  /** Warn at process exit when writes are still queued, saying where they are kept (default true). */
  warnOnExit?: boolean | undefined;
}

/** The options checked, with their defaults filled in. */
export interface DeliverySettings extends BoundsSettings, SenderSettings {
  store: DeliveryStore;
  log: SdkLog;
  warnOnExit: boolean;
  deliverUntargeted: boolean;
}

const DEFAULTS = {
  maxItems: 10_000,
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  concurrency: 4,
  initialDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  authPauseMs: 15 * 60_000,
} as const;

export function resolveDeliveryOptions(options: DeliveryOptions): DeliverySettings {
  const store = options.store ?? new MemoryStore();
  const level = options.logLevel ?? process.env.LUCO_LOG ?? 'warn';
  if (!isLogLevel(level)) throw new ValidationError('logLevel', `must be off, error, warn, info or debug, got ${describe(level)}`);
  const log = createSdkLog(options.logger ?? console, level, new Redactor());
  const maxItems = positive('maxItems', options.maxItems ?? DEFAULTS.maxItems, true);
  const maxAgeMs = positive('maxAgeMs', options.maxAgeMs ?? DEFAULTS.maxAgeMs);
  const concurrency = positive('concurrency', options.concurrency ?? DEFAULTS.concurrency, true);
  const initial = nonNegative('backoff.initialDelayMs', options.backoff?.initialDelayMs ?? DEFAULTS.initialDelayMs);
  const backoff: BackoffPolicy = {
    baseDelayMs: initial,
    maxDelayMs: Math.max(initial, nonNegative('backoff.maxDelayMs', options.backoff?.maxDelayMs ?? DEFAULTS.maxDelayMs)),
    maxRetryAfterMs: Number.POSITIVE_INFINITY,
    random: options.backoff?.random ?? Math.random,
  };
  const serverErrorLimit = {
    attempts: positive('serverErrorLimit.attempts', options.serverErrorLimit?.attempts ?? DEFAULT_SERVER_ERROR_LIMIT.attempts, true),
    ageMs: nonNegative('serverErrorLimit.ageMs', options.serverErrorLimit?.ageMs ?? DEFAULT_SERVER_ERROR_LIMIT.ageMs),
  };
  const authPauseMs = positive('authPauseMs', options.authPauseMs ?? DEFAULTS.authPauseMs);
  const requestTimeout = options.requestTimeout === undefined ? undefined : positive('requestTimeout', options.requestTimeout);
  if (options.onDeadLetter !== undefined && typeof options.onDeadLetter !== 'function') {
    throw new ValidationError('onDeadLetter', `must be a function, got ${describe(options.onDeadLetter)}`);
  }
  return {
    store,
    log,
    maxItems,
    maxAgeMs,
    concurrency,
    backoff,
    serverErrorLimit,
    authPauseMs,
    requestTimeout,
    onDeadLetter: options.onDeadLetter,
    warnOnExit: options.warnOnExit ?? true,
    deliverUntargeted: options.deliverUntargeted === true,
  };
}

function positive(field: string, value: unknown, integer = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0 || (integer && !Number.isSafeInteger(value))) {
    throw new ValidationError(field, `must be a positive ${integer ? 'integer' : 'number'}, got ${describe(value)}`);
  }
  return value;
}

function nonNegative(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ValidationError(field, `must be 0 or more, got ${describe(value)}`);
  return value;
}

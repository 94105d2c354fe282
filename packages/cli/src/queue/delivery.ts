import { DeliveryQueue, FileStore, type DeliveryRecord, type DeliveryStore, type Logger, type LogLevel, type LucoApi, MemoryStore } from '@lucots/sdk';
import type { Context } from '../context.js';
import { errorMessage } from '../errors.js';
import { ensureQueueDir } from './folder.js';

/** How long luco waits for delivery by default (`luco run --flush-timeout`, `luco queue flush --timeout`). */
export const DEFAULT_FLUSH_SECONDS = 10;

const LEVELS: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };
/** The queue's own line for a failed attempt; luco keeps its reason for its own report. */
const FAILED_ATTEMPT = /Could not deliver to Luco \((.+?)\); \d+ write\(s\) stay queued/;
/** luco says this itself, in its own terms (`luco login`, `luco queue flush`, not `resume()`). */
const PAUSED = /Delivery to Luco is paused/;

export interface OpenedQueue {
  queue: DeliveryQueue;
  folder: string;
  /** Writes for this server left by earlier runs and replayed when the queue opened. */
  backlog: number;
  /** Why the last delivery attempt failed (e.g. `Connection error (ECONNREFUSED): ...`), if one did. */
  lastFailure(): string | undefined;
}

export interface OpenQueueOptions {
  /** Writes Luco refused as invalid (they are not retried). */
  onDeadLetter: (record: DeliveryRecord, reason: string) => void;
  /** When the folder cannot be created: say so (the queue then keeps writes in memory only). */
  onFolderError?: (message: string) => void;
  /** Also deliver writes of an older luco, which did not record their server, to this one (`--to-current`). */
  deliverUntargeted?: boolean;
}

/**
 * A delivery queue on `folder` (a FileStore, created 0700), replaying what earlier runs left. The
 * queue's log lines go to stderr at luco's log level; the reason of a failed attempt is kept for
 * luco's own one-line report.
 */
export async function openQueue(ctx: Context, api: LucoApi, folder: string, options: OpenQueueOptions): Promise<OpenedQueue> {
  let store: DeliveryStore;
  try {
    await ensureQueueDir(folder);
    store = new FileStore(folder);
  } catch (error) {
    if (!options.onFolderError) throw error;
    options.onFolderError(`${errorMessage(error)}; queued writes are kept in memory only`);
    store = new MemoryStore();
  }
  let lastFailure: string | undefined;
  const level = ctx.logLevel();
  const sink = ctx.logger();
  const forward = (method: keyof Logger, message: string, rest: unknown[]): void => {
    const failed = FAILED_ATTEMPT.exec(message);
    if (failed) lastFailure = failed[1];
    if (LEVELS[method] > LEVELS[level]) return;
    if (PAUSED.test(message) && level !== 'debug') return;
    sink[method](message, ...rest);
  };
  const logger: Logger = {
    error: (message, ...rest) => forward('error', message, rest),
    warn: (message, ...rest) => forward('warn', message, rest),
    info: (message, ...rest) => forward('info', message, rest),
    debug: (message, ...rest) => forward('debug', message, rest),
  };
  const queue = await DeliveryQueue.open(api, {
    store,
    logger,
    // Info, whatever luco's level: the reason of a failed attempt is logged at info after the first.
    logLevel: level === 'debug' ? 'debug' : 'info',
    // luco says itself, at exit, what is still queued and where.
    warnOnExit: false,
    deliverUntargeted: options.deliverUntargeted === true,
    onDeadLetter: (record, error) => options.onDeadLetter(record, errorMessage(error)),
  });
  return { queue, folder: store.location, backlog: queue.stats().queued, lastFailure: () => lastFailure };
}

/** How a wait on the queue ended. */
export type WaitOutcome = 'done' | 'unavailable' | 'paused' | 'timeout' | 'interrupted';

/**
 * Waits until `done()`, or until waiting longer is pointless: an attempt (after `retriedBefore`
 * failed ones) failed because Luco is unreachable or busy (the queue is backing off; it is tried again later), delivery paused because
 * the credentials were refused, `timeoutMs` passed, or `signal` fired.
 */
export async function waitOnQueue(
  queue: DeliveryQueue,
  done: () => boolean,
  timeoutMs: number,
  options: { signal?: AbortSignal | undefined; retriedBefore?: number | undefined } = {},
): Promise<WaitOutcome> {
  const { signal } = options;
  // Failed attempts before this count: those since the writes waited on were queued.
  const retriedBefore = options.retriedBefore ?? queue.stats().retried;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done()) return 'done';
    const stats = queue.stats();
    if (stats.paused) return 'paused';
    if (stats.retried > retriedBefore && stats.nextAttemptAt !== null) return 'unavailable';
    if (signal?.aborted) return 'interrupted';
    const left = deadline - Date.now();
    if (left <= 0) return 'timeout';
    await new Promise((resolve) => setTimeout(resolve, Math.min(20, left)));
  }
}

/** Tries to deliver everything now (skipping the queue's back-off) and waits as `waitOnQueue` does. */
export async function flushQueue(queue: DeliveryQueue, timeoutMs: number, signal?: AbortSignal): Promise<WaitOutcome> {
  if (queue.stats().queued === 0) return 'done';
  // The flush itself is what resets the back-off; the wait decides when to stop waiting for it.
  void queue.flush({ timeout: timeoutMs }).catch(() => false);
  return waitOnQueue(queue, () => queue.stats().queued === 0, timeoutMs, { signal });
}

/** `3 write(s)`. */
export function writes(count: number): string {
  return `${count} write${count === 1 ? '' : 's'}`;
}

/** Where the queue keeps what is left, for a message: the folder, or memory (lost at exit). */
export function keptWhere(queue: DeliveryQueue): string {
  return queue.store.durable ? `queued in ${queue.store.location}` : 'kept in memory only and lost when luco exits (the queue folder could not be used)';
}

import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Callback = () => void;

/** The callbacks of the write unit now running in each transaction (GroupCommit sets it). */
const collectors = new WeakMap<Kysely<Database>, Callback[]>();

/**
 * Runs `callback` once the transaction `trx` has committed the write unit that asked, e.g. to wake
 * the deadline engine about a change only when the change is visible. Outside a GroupCommit unit
 * (a plain connection, no transaction) it runs at once. A unit that fails drops its callbacks.
 */
export function onCommit(trx: Kysely<Database>, callback: Callback): void {
  const collector = collectors.get(trx);
  if (collector) collector.push(callback);
  else queueMicrotask(callback);
}

/** For GroupCommit: collects what the unit about to run registers. */
export function collectCallbacks(trx: Kysely<Database>): Callback[] {
  const collector: Callback[] = [];
  collectors.set(trx, collector);
  return collector;
}

export function stopCollecting(trx: Kysely<Database>): void {
  collectors.delete(trx);
}

/** Runs callbacks after a commit; one that throws does not stop the others. */
export function runCallbacks(callbacks: readonly Callback[]): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      process.stderr.write(`luco-server: an after-commit callback failed: ${(error as Error).message}\n`);
    }
  }
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { collectCallbacks, runCallbacks, stopCollecting } from './after-commit.js';
import { faultPoint } from './fault-injection.js';

/** A piece of work that writes through the transaction it is given; it must not commit itself. */
export type WriteUnit<T> = (trx: Transaction<Database>) => Promise<T>;

interface Pending {
  unit: WriteUnit<unknown>;
  label: string;
  /** What the unit writes that another unit may write too (see `run`). */
  keys: readonly string[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** PostgreSQL deadlock and serialization failures: nothing was applied, running again is safe. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 4;

/**
 * Runs write units in shared transactions: the units that arrive during one event-loop turn run
 * one after another in a single transaction and share its commit (one WAL append on SQLite, one
 * flush on PostgreSQL). A failing unit is rolled back alone and fails alone: the batch then runs
 * again with each unit in its own savepoint (decision 0011), so a unit may run more than once and
 * must write only through the transaction. Every other unit's promise settles only after the
 * commit, so nothing is ever answered that is not durable. A unit and everything it writes (for a keyed request: its
 * idempotent answer too) commit together or not at all.
 */
export class GroupCommit {
  #pending: Pending[] = [];
  /** Units whose keys a transaction in flight holds: they wait for its end, in arrival order. */
  #held: Pending[] = [];
  /** Per key, how many transactions in flight hold it. */
  readonly #inFlight = new Map<string, number>();
  #scheduled = false;

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Runs the unit in the next shared transaction; `label` names it for fault injection and logs.
   * `keys` name what the unit writes that others may write too (e.g. an OpenLineage run): a unit
   * whose key a transaction in flight holds waits for that transaction's end and then runs in a
   * later one, rather than inside its own transaction on the other's uncommitted rows. On
   * PostgreSQL such a wait (a unique key or row lock) would stall every unit sharing the
   * waiting transaction until the other commit's flush. Units with the same key keep their order.
   */
  run<T>(label: string, unit: WriteUnit<T>, keys: readonly string[] = []): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ unit, label, keys, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Runs the unit in a transaction of its own, e.g. a long import that should not hold up others' commits. */
  alone<T>(label: string, unit: WriteUnit<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      void this.#commit([{ unit, label, keys: [], resolve: resolve as (value: unknown) => void, reject }]);
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = this.#takeRunnable();
    if (batch.length === 0) return;
    const keys = [...new Set(batch.flatMap((entry) => entry.keys))];
    for (const key of keys) this.#inFlight.set(key, (this.#inFlight.get(key) ?? 0) + 1);
    try {
      await this.#commit(batch);
    } finally {
      for (const key of keys) {
        const count = this.#inFlight.get(key)! - 1;
        if (count === 0) this.#inFlight.delete(key);
        else this.#inFlight.set(key, count);
      }
      if (this.#held.length > 0) {
        // Held units go first, in their order, so a key's units never overtake each other.
        this.#pending = [...this.#held, ...this.#pending];
        this.#held = [];
        this.#schedule();
      }
    }
  }

  /** The pending units free to run now; the others are held, and so is every later unit sharing a key with a held one. */
  #takeRunnable(): Pending[] {
    const pending = this.#pending;
    this.#pending = [];
    if (this.#inFlight.size === 0) return pending;
    const blocked = new Set(this.#inFlight.keys());
    const runnable: Pending[] = [];
    for (const entry of pending) {
      if (entry.keys.some((key) => blocked.has(key))) {
        for (const key of entry.keys) blocked.add(key);
        this.#held.push(entry);
      } else {
        runnable.push(entry);
      }
    }
    return runnable;
  }

  async #commit(batch: Pending[]): Promise<void> {
    // Several units run one after another with no savepoint first (two statements fewer per unit,
    // on the hottest path). Should one of them fail, the whole transaction is rolled back and the
    // batch runs again, each unit in its own savepoint, so that only the failing one fails.
    let isolate = false;
    for (let attempt = 1; ; attempt++) {
      const outcomes = new Map<Pending, Outcome>();
      const afterCommit: Array<() => void> = [];
      try {
        await this.db.transaction().execute(async (trx) => {
          try {
            if (!isolate) {
              // A unit's failure is the transaction's: nothing of the batch is applied.
              for (const entry of batch) {
                const callbacks = collectCallbacks(trx);
                outcomes.set(entry, { ok: true, value: await entry.unit(trx) });
                afterCommit.push(...callbacks);
              }
            } else {
              for (const [index, entry] of batch.entries()) {
                const callbacks = collectCallbacks(trx);
                const outcome = await runInSavepoint(trx, `unit_${index}`, entry.unit, callbacks);
                outcomes.set(entry, outcome);
                if (outcome.ok) afterCommit.push(...callbacks);
              }
            }
          } finally {
            stopCollecting(trx);
          }
          faultPoint('exit-before-commit', batch.map((entry) => entry.label));
        });
      } catch (error) {
        if (isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
        if (!isolate && batch.length > 1) {
          isolate = true;
          attempt = 0;
          continue;
        }
        for (const entry of batch) entry.reject(error);
        return;
      }
      faultPoint('exit-after-commit', batch.map((entry) => entry.label));
      runCallbacks(afterCommit);
      for (const entry of batch) {
        const outcome = outcomes.get(entry)!;
        if (outcome.ok) entry.resolve(outcome.value);
        else entry.reject(outcome.error);
      }
      return;
    }
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function runInSavepoint(trx: Transaction<Database>, name: string, unit: WriteUnit<unknown>, callbacks: Array<() => void>): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    await sql`savepoint ${sql.raw(name)}`.execute(trx);
    try {
      const value = await unit(trx);
      await sql`release savepoint ${sql.raw(name)}`.execute(trx);
      return { ok: true, value };
    } catch (error) {
      await sql`rollback to savepoint ${sql.raw(name)}`.execute(trx);
      await sql`release savepoint ${sql.raw(name)}`.execute(trx);
      // What the rolled-back attempt asked to run after the commit no longer applies.
      callbacks.length = 0;
      if (isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
      return { ok: false, error };
    }
  }
}

function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

import { EventEmitter } from 'node:events';
import { sql, type Kysely } from 'kysely';
import { onCommit } from './after-commit.js';
import { PgListener } from './pg-listener.js';
import type { Database } from './schema.js';

/**
 * What changed: a slot's health (`slot`), a write to a slot that left its health as it was
 * (`slotWrite`: e.g. a completion after a failed check, which the gate's verdict may still see),
 * sequences or their schedules, the notification outbox, or an alert channel.
 */
export type Change =
  | { topic: 'slot'; slotId: number }
  | { topic: 'slotWrite'; slotId: number }
  | { topic: 'schedules' }
  | { topic: 'outbox' }
  | { topic: 'channels' }
  | { topic: 'resync' };

const CHANNEL = 'luco_changes';

/**
 * Tells whoever waits (the deadline engine, the notification sender, the gate's waiters) that
 * something changed, once the change is committed: on SQLite through an in-process emitter after
 * the commit; on PostgreSQL through NOTIFY in the writing transaction (sent on commit), heard by
 * every instance's LISTEN connection. A `resync` change follows a lost and restored LISTEN
 * connection: listeners re-read instead of trusting they missed nothing. Changes only wake;
 * listeners always re-read the rows.
 */
export class ChangeFeed {
  readonly #emitter = new EventEmitter();
  #listener: PgListener | undefined;

  constructor(private readonly postgresUrl: string | undefined) {
    this.#emitter.setMaxListeners(0);
  }

  /** Announces a change made in `trx`; it reaches listeners after the commit. */
  async publish(trx: Kysely<Database>, change: Change): Promise<void> {
    await this.publishMany(trx, [change]);
  }

  /**
   * Announces several changes made in `trx` in one statement (each still reaches listeners as
   * its own change, after the commit): a chunk of the deadline scan costs one round trip, not one
   * per slot.
   */
  async publishMany(trx: Kysely<Database>, changes: readonly Change[]): Promise<void> {
    if (changes.length === 0) return;
    if (this.postgresUrl !== undefined) {
      const payloads = [...new Set(changes.map(encode))];
      await sql`select pg_notify(${CHANNEL}, payload) from unnest(cast(${payloads} as text[])) as payload`.execute(trx);
      return;
    }
    for (const change of changes) onCommit(trx, () => this.#emitter.emit('change', change));
  }

  /** For changes already committed (e.g. by the engine's own transaction). */
  async publishCommitted(db: Kysely<Database>, change: Change): Promise<void> {
    if (this.postgresUrl !== undefined) await sql`select pg_notify(${CHANNEL}, ${encode(change)})`.execute(db);
    else this.#emitter.emit('change', change);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.#ensureListening();
    this.#emitter.on('change', listener);
    return () => this.#emitter.off('change', listener);
  }

  async close(): Promise<void> {
    this.#emitter.removeAllListeners();
    await this.#listener?.stop();
    this.#listener = undefined;
  }

  #ensureListening(): void {
    if (this.postgresUrl === undefined || this.#listener !== undefined) return;
    this.#listener = new PgListener(
      this.postgresUrl,
      CHANNEL,
      (payload) => {
        const change = decode(payload);
        if (change) this.#emitter.emit('change', change);
      },
      () => this.#emitter.emit('change', { topic: 'resync' } satisfies Change),
      (error) => process.stderr.write(`luco-server: the change feed's LISTEN connection failed (${error.message}); reconnecting\n`),
    );
    this.#listener.start();
  }
}

function encode(change: Change): string {
  if (change.topic === 'slot') return `slot:${change.slotId}`;
  if (change.topic === 'slotWrite') return `write:${change.slotId}`;
  return change.topic;
}

function decode(payload: string): Change | undefined {
  if (payload === 'outbox' || payload === 'resync' || payload === 'schedules' || payload === 'channels') return { topic: payload };
  const match = /^(slot|write):(\d+)$/.exec(payload);
  if (!match) return undefined;
  return { topic: match[1] === 'slot' ? 'slot' : 'slotWrite', slotId: Number(match[2]) };
}

import type { AppContext } from '../../context.js';
import type { Change } from '../../storage/change-feed.js';
import { GateRepository } from '../../storage/repositories/gate.js';

/** What a waiter waits on: a slot (with the change mark it last read), or a tag with no slot yet. */
export type WatchTarget = { slotId: number; fingerprint: string } | { sequenceId: number; tag: string };

/** Why a wait ended: something it watches may have changed, its time ran out, its client left, or the server is closing. */
export type WakeReason = 'changed' | 'timeout' | 'aborted' | 'closing';

interface Waiter {
  target: WatchTarget;
  done(reason: WakeReason): void;
}

/** How often waiters' slots are re-checked in one read, in case a wake-up was missed. */
export const DEFAULT_SWEEP_MS = 5_000;
const SWEEP_CHUNK = 500;

/**
 * The gate's long polls on this instance. Waiters share the instance's one change-feed
 * subscription (on PostgreSQL its one LISTEN connection): a change only wakes the waiters of that
 * slot, which then re-read it. As a fallback for a missed wake-up, one read every `sweepMs`
 * compares the change marks of all watched slots and wakes those whose slot moved; nothing polls
 * while nobody waits.
 */
export class SlotWaiters {
  readonly #bySlot = new Map<number, Set<Waiter>>();
  readonly #byTag = new Map<string, Set<Waiter>>();
  readonly #repository: GateRepository;
  readonly #sweepMs: number;
  #unsubscribe: (() => void) | undefined;
  #sweepTimer: NodeJS.Timeout | undefined;
  #sweeping = false;
  #closing = false;
  #changes = 0;
  #size = 0;

  constructor(
    private readonly ctx: Pick<AppContext, 'db' | 'changes'>,
    options: { sweepMs?: number | undefined } = {},
  ) {
    this.#repository = new GateRepository(ctx.db);
    this.#sweepMs = options.sweepMs ?? DEFAULT_SWEEP_MS;
  }

  /** Counts the changes heard; read it before reading a slot and pass it to `wait`. */
  get changeCount(): number {
    return this.#changes;
  }

  /** How many requests wait now. */
  get size(): number {
    return this.#size;
  }

  /**
   * Resolves when `target` may have changed since the read made at `seenChanges` (at once if a
   * change was heard in between), after `timeoutMs`, when `signal` aborts, or when the server closes.
   */
  wait(target: WatchTarget, seenChanges: number, timeoutMs: number, signal?: AbortSignal): Promise<WakeReason> {
    if (this.#closing) return Promise.resolve('closing');
    if (signal?.aborted) return Promise.resolve('aborted');
    this.#subscribe();
    if (this.#changes !== seenChanges) return Promise.resolve('changed');
    return new Promise((resolve) => {
      let finished = false;
      const onAbort = () => waiter.done('aborted');
      const waiter: Waiter = {
        target,
        done: (reason) => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.#remove(waiter);
          resolve(reason);
        },
      };
      const timer = setTimeout(() => waiter.done('timeout'), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#add(waiter);
    });
  }

  /** Ends every wait ('closing'): the requests answer with what they have, and new ones do not wait. */
  close(): void {
    this.#closing = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#wakeAll('closing');
  }

  #subscribe(): void {
    this.#unsubscribe ??= this.ctx.changes.subscribe((change) => this.#onChange(change));
  }

  #onChange(change: Change): void {
    this.#changes++;
    if (change.topic === 'slot' || change.topic === 'slotWrite') {
      this.#wake(this.#bySlot.get(change.slotId));
      if (this.#byTag.size > 0) void this.#wakeTagOf(change.slotId);
    } else if (change.topic === 'resync') {
      this.#wakeAll('changed');
    } else if (change.topic === 'schedules') {
      for (const waiters of [...this.#byTag.values()]) this.#wake(waiters);
    }
  }

  /** A slot that was written may be the one a tag's waiters wait to appear. */
  async #wakeTagOf(slotId: number): Promise<void> {
    try {
      const key = await this.#repository.slotKey(slotId);
      if (key) this.#wake(this.#byTag.get(tagKey(key.sequenceId, key.tag)));
    } catch {
      // The sweep re-checks these waiters.
    }
  }

  #wake(waiters: Set<Waiter> | undefined, reason: WakeReason = 'changed'): void {
    if (waiters) for (const waiter of [...waiters]) waiter.done(reason);
  }

  #wakeAll(reason: WakeReason): void {
    for (const waiters of [...this.#bySlot.values(), ...this.#byTag.values()]) this.#wake(waiters, reason);
  }

  #add(waiter: Waiter): void {
    const { map, key } = this.#slotOf(waiter.target);
    let waiters = map.get(key);
    if (!waiters) map.set(key, (waiters = new Set()));
    waiters.add(waiter);
    this.#size++;
    this.#sweepTimer ??= setInterval(() => void this.#sweep(), this.#sweepMs).unref();
  }

  #remove(waiter: Waiter): void {
    const { map, key } = this.#slotOf(waiter.target);
    const waiters = map.get(key);
    if (!waiters?.delete(waiter)) return;
    if (waiters.size === 0) map.delete(key);
    this.#size--;
    if (this.#size === 0 && this.#sweepTimer) {
      clearInterval(this.#sweepTimer);
      this.#sweepTimer = undefined;
    }
  }

  #slotOf(target: WatchTarget): { map: Map<number | string, Set<Waiter>>; key: number | string } {
    return 'slotId' in target
      ? { map: this.#bySlot as Map<number | string, Set<Waiter>>, key: target.slotId }
      : { map: this.#byTag as Map<number | string, Set<Waiter>>, key: tagKey(target.sequenceId, target.tag) };
  }

  /** The fallback: one read per SWEEP_CHUNK watched slots, waking the waiters whose slot moved. */
  async #sweep(): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      const slotIds = [...this.#bySlot.keys()];
      for (let start = 0; start < slotIds.length; start += SWEEP_CHUNK) {
        const rows = await this.#repository.slots(slotIds.slice(start, start + SWEEP_CHUNK));
        for (const slotId of slotIds.slice(start, start + SWEEP_CHUNK)) {
          const fingerprint = rows.get(slotId)?.fingerprint;
          for (const waiter of [...(this.#bySlot.get(slotId) ?? [])]) {
            if (!('slotId' in waiter.target) || waiter.target.fingerprint !== fingerprint) waiter.done('changed');
          }
        }
      }
      for (const waiters of [...this.#byTag.values()]) {
        const first = [...waiters][0];
        if (!first || 'slotId' in first.target) continue;
        if ((await this.#repository.slotIdByTag(first.target.sequenceId, first.target.tag)) !== undefined) this.#wake(waiters);
      }
    } catch {
      // A failed sweep is tried again at the next tick; events still wake waiters meanwhile.
    } finally {
      this.#sweeping = false;
    }
  }
}

function tagKey(sequenceId: number, tag: string): string {
  return `${sequenceId}:${tag}`;
}

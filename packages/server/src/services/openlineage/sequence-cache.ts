import type { Kysely } from 'kysely';
import type { SlotSequence } from '../../domain/slot-sequence.js';
import { onCommit } from '../../storage/after-commit.js';
import type { ChangeFeed } from '../../storage/change-feed.js';
import type { Database } from '../../storage/schema.js';
import type { LineageJobRef } from './event.js';

/**
 * The job -> slot sequence lookups of the ingest, kept between writes: a new run's sequence costs
 * one guard read (LineageRepository.sequenceState) instead of the lookup's reads. Emptied when
 * sequences change (the change feed's `schedules`, sent by imports, and `resync`); an entry is
 * only kept once its transaction committed and no change came while it was read. The guard read
 * still catches a change whose notice has not arrived (another instance's import on PostgreSQL).
 */
export class JobSequenceCache {
  readonly #entries = new Map<string, SlotSequence>();
  #generation = 0;
  readonly #unsubscribe: () => void;

  constructor(changes: ChangeFeed) {
    this.#unsubscribe = changes.subscribe((change) => {
      if (change.topic === 'schedules' || change.topic === 'resync') this.clear();
    });
  }

  get(job: LineageJobRef): SlotSequence | undefined {
    return this.#entries.get(keyOf(job));
  }

  /** Keeps `sequence` for `job` once `trx` commits, unless sequences changed meanwhile. */
  rememberOnCommit(trx: Kysely<Database>, job: LineageJobRef, sequence: SlotSequence): void {
    const generation = this.#generation;
    onCommit(trx, () => {
      if (generation === this.#generation && sequence.isActive) this.#entries.set(keyOf(job), sequence);
    });
  }

  forget(job: LineageJobRef): void {
    this.#entries.delete(keyOf(job));
  }

  clear(): void {
    this.#generation += 1;
    this.#entries.clear();
  }

  close(): void {
    this.#unsubscribe();
    this.clear();
  }
}

function keyOf(job: LineageJobRef): string {
  return JSON.stringify([job.namespace, job.name]);
}

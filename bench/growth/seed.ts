// Seeds a migrated, client-free database with the growth data set through the server's storage
// layer (Kysely on its schema): multi-row inserts, one transaction per chunk of slots, with the
// indexes the migrations create already in place.
import { statSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../packages/server/src/storage/db.js';
import { migrateToLatest } from '../../packages/server/src/storage/migrate.js';
import type { Database } from '../../packages/server/src/storage/schema.js';
import { nameKey } from '../../packages/server/src/wire/names.js';
import { buildSequences, fillSlot, planSlots, random, slotCountFor, type SeedEvent, type SeedSequence, type SeedSlot, type SeedSubmission } from './dataset.js';

/** Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
/** Slots (with their submissions and events) per transaction. */
const SLOTS_PER_TRANSACTION = 2_000;
const WRITER = 'bench-pipeline';

export interface SeedResult {
  now: number;
  sequences: SeedSequence[];
  slots: SeedSlot[];
  rows: { sequences: number; slots: number; submissions: number; statusEvents: number };
  seconds: number;
  rowsPerSecond: number;
}

/** Slots per sequence (index i: sequence i + 1); by default apportioned as the growth set does. */
export interface SeedShape {
  shares?: readonly number[] | undefined;
}

export async function seedDatabase(target: string, submissions: number, now: number, shape: SeedShape = {}): Promise<SeedResult> {
  const started = process.hrtime.bigint();
  const handle = openDatabase(target);
  try {
    await migrateToLatest(handle.db);
    const generated = generate(submissions, now, shape);
    await insertSequences(handle.db, generated.sequences, now);
    for (const chunk of generated.chunks()) {
      await handle.db.transaction().execute(async (trx) => {
        await inBatches(chunk.slots, 10, (batch) => trx.insertInto('slots').values(batch.map(slotRow)).execute());
        await inBatches(chunk.submissions, 8, (batch) => trx.insertInto('submissions').values(batch.map(submissionRow)).execute());
        await inBatches(chunk.events, 8, (batch) => trx.insertInto('status_events').values(batch.map(eventRow)).execute());
      });
    }
    if (handle.dialect === 'postgres') await finishPostgres(handle.db);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rows = generated.rows();
    const total = rows.sequences * 4 + rows.slots + rows.submissions + rows.statusEvents;
    return { now, sequences: generated.sequences, slots: generated.slots, rows, seconds, rowsPerSecond: total / seconds };
  } finally {
    await handle.close();
  }
}

/** The data set without a database (what `seedDatabase` wrote for the same size and clock). */
export function regenerate(submissions: number, now: number): SeedResult {
  const generated = generate(submissions, now);
  for (const chunk of generated.chunks()) void chunk;
  return { now, sequences: generated.sequences, slots: generated.slots, rows: generated.rows(), seconds: 0, rowsPerSecond: 0 };
}

/** The sequences and slots, and the slots' submissions and events chunk by chunk (filling in each slot's roll-up). */
function generate(submissions: number, now: number, shape: SeedShape = {}) {
  const sequences = shape.shares ? buildSequences(shape.shares.reduce((sum, share) => sum + share, 0), now, shape.shares) : buildSequences(slotCountFor(submissions), now);
  const slots = planSlots(sequences, submissions, now);
  let nextSubmissionId = 1;
  let statusEvents = 0;
  function* chunks(): Generator<{ slots: SeedSlot[]; submissions: SeedSubmission[]; events: SeedEvent[] }> {
    const rand = random(11);
    for (let start = 0; start < slots.length; start += SLOTS_PER_TRANSACTION) {
      const chunk = slots.slice(start, start + SLOTS_PER_TRANSACTION);
      const submissionRows: SeedSubmission[] = [];
      const eventRows: SeedEvent[] = [];
      for (const slot of chunk) {
        const filled = fillSlot(slot, nextSubmissionId, now, rand);
        nextSubmissionId += filled.submissions.length;
        submissionRows.push(...filled.submissions);
        eventRows.push(...filled.events);
      }
      statusEvents += eventRows.length;
      yield { slots: chunk, submissions: submissionRows, events: eventRows };
    }
    if (nextSubmissionId - 1 !== submissions) throw new Error(`generated ${nextSubmissionId - 1} submissions, wanted ${submissions}`);
  }
  const rows = () => ({ sequences: sequences.length, slots: slots.length, submissions: nextSubmissionId - 1, statusEvents });
  return { sequences, slots, chunks, rows };
}

/** The database's size on disk, in MiB: the SQLite file, or PostgreSQL's database. */
export async function databaseSizeMiB(target: string): Promise<number> {
  const handle = openDatabase(target);
  try {
    if (handle.dialect === 'sqlite') {
      await sql`pragma wal_checkpoint(truncate)`.execute(handle.db);
      return statSync(target).size / 2 ** 20;
    }
    const row = await sql<{ bytes: number }>`select pg_database_size(current_database())::bigint as bytes`.execute(handle.db);
    return Number(row.rows[0]?.bytes ?? Number.NaN) / 2 ** 20;
  } finally {
    await handle.close();
  }
}

async function insertSequences(db: Kysely<Database>, sequences: readonly SeedSequence[], now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await inBatches(sequences, 10, (batch) =>
      trx
        .insertInto('slot_sequences')
        .values(
          batch.map((sequence) => ({
            id: sequence.id,
            name_key: nameKey(sequence.name),
            type: sequence.type,
            is_active: 1,
            parameters_json: JSON.stringify(sequence.parameters),
            delivery_json: JSON.stringify([sequence.schedule]),
            cadence: sequence.schedule.cadence,
            materialized_through: sequence.materializedThrough,
            created_on: sequence.createdOn,
            updated_on: Math.min(sequence.createdOn + 3_600_000, now),
          })),
        )
        .execute(),
    );
    const parts = sequences.flatMap((sequence) => sequence.name.map((part, position) => ({ slot_sequence_id: sequence.id, position, key: part.key, value: part.value })));
    await inBatches(parts, 4, (batch) => trx.insertInto('slot_sequence_name_parts').values(batch).execute());
  });
}

/**
 * Explicit ids leave PostgreSQL's serial sequences behind: move them on. Then vacuum and analyze,
 * as autovacuum soon would after a bulk load (statistics, and a visibility map for index-only scans).
 */
async function finishPostgres(db: Kysely<Database>): Promise<void> {
  for (const table of ['slot_sequences', 'slots', 'submissions', 'status_events']) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 1))`.execute(db);
  }
  await sql`vacuum (analyze)`.execute(db);
}

async function inBatches<T>(rows: readonly T[], columns: number, insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size));
}

function slotRow(slot: SeedSlot) {
  return {
    id: slot.id,
    slot_sequence_id: slot.sequenceId,
    tag: slot.tag,
    expected_by: slot.expectedBy,
    submission_count: slot.submissionCount,
    last_submission_id: slot.lastSubmissionId,
    last_submission_status: slot.lastSubmissionStatus,
    delivered_on: slot.deliveredOn,
    created_on: slot.createdOn,
    updated_on: slot.updatedOn,
  };
}

function submissionRow(submission: SeedSubmission) {
  return {
    id: submission.id,
    slot_id: submission.slotId,
    status: submission.status,
    has_failures: submission.hasFailures ? 1 : 0,
    started_on: submission.startedOn,
    ended_on: submission.endedOn,
    created_on: submission.startedOn,
    updated_on: submission.updatedOn,
  };
}

function eventRow(event: SeedEvent) {
  return {
    submission_id: event.submissionId,
    run_id: event.runId,
    status: event.status,
    stage: event.stage,
    type: event.type,
    message: event.message,
    modified_by: WRITER,
    created_on: event.createdOn,
  };
}

import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Each sequence's failed-slot count, last delivery and earliest due slot without a submission,
 * kept, for the sequences overview's filters and orders on them (decision 0019). Computed per
 * sequence they grow with its slots: at 1M submissions the overview reads every sequence's failed
 * slots, and the last delivery of every sequence a filter keeps. A count that each roll-up updated
 * in place would make every write that changes one wait on its sequence's row (decision 0016).
 * Instead, row triggers on `slots` append the sequence's id to `sequence_stats_stale` whenever a
 * slot that is failed, delivered, or scheduled and not yet submitted appears, changes or goes;
 * `SequenceStatsRepository.fold` recomputes those sequences now and then. The overview reads the
 * kept figures of a sequence with no stale mark and computes the others, so its answers are
 * exact. Same tables and triggers on both databases.
 */

/** The roll-ups the kept figures depend on: Failed, and the two delivered ones. */
const COUNTED = `('Failed', 'CompletedWithoutFailures', 'CompletedWithFailures')`;

/** A slot (row `r`) the kept figures depend on: failed, delivered, or scheduled without a submission yet. */
function matters(r: 'old' | 'new'): string {
  return `(${r}.last_submission_status in ${COUNTED} or (${r}.last_submission_status is null and ${r}.expected_by is not null))`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`create table sequence_stats (slot_sequence_id integer primary key, failed_count integer not null, last_delivery_at bigint, first_unsubmitted_due bigint)`.execute(db);
  if (postgres) await sql`create table sequence_stats_stale (id bigserial primary key, slot_sequence_id integer not null)`.execute(db);
  else await sql`create table sequence_stats_stale (id integer primary key autoincrement, slot_sequence_id integer not null)`.execute(db);
  await sql`create index sequence_stats_stale_sequence on sequence_stats_stale (slot_sequence_id)`.execute(db);

  // An update marks when the slot mattered before or after and anything the figures read moved.
  const changed =
    `(${matters('old')} or ${matters('new')}) and (` +
    `old.last_submission_status is distinct from new.last_submission_status or old.expected_by is distinct from new.expected_by ` +
    `or old.created_on is distinct from new.created_on or old.slot_sequence_id <> new.slot_sequence_id)`;
  if (postgres) {
    await sql
      .raw(
        `create function sequence_stats_mark() returns trigger language plpgsql as $$ begin
          if tg_op in ('UPDATE', 'DELETE') then insert into sequence_stats_stale (slot_sequence_id) values (old.slot_sequence_id); end if;
          if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.slot_sequence_id <> old.slot_sequence_id) then
            insert into sequence_stats_stale (slot_sequence_id) values (new.slot_sequence_id);
          end if;
          return null;
        end $$`,
      )
      .execute(db);
    // The triggers come before the fill below: creating them waits for writes to slots in flight
    // and holds new ones until this migration commits, so the fill misses no change.
    await sql.raw(`create trigger sequence_stats_insert after insert on slots for each row when (${matters('new')}) execute function sequence_stats_mark()`).execute(db);
    await sql.raw(`create trigger sequence_stats_delete after delete on slots for each row when (${matters('old')}) execute function sequence_stats_mark()`).execute(db);
    await sql
      .raw(`create trigger sequence_stats_update after update of last_submission_status, expected_by, created_on, slot_sequence_id on slots for each row when (${changed}) execute function sequence_stats_mark()`)
      .execute(db);
  } else {
    const mark = (row: 'new' | 'old') => `insert into sequence_stats_stale (slot_sequence_id) values (${row}.slot_sequence_id);`;
    await sql.raw(`create trigger sequence_stats_insert after insert on slots for each row when ${matters('new')} begin ${mark('new')} end`).execute(db);
    await sql.raw(`create trigger sequence_stats_delete after delete on slots for each row when ${matters('old')} begin ${mark('old')} end`).execute(db);
    await sql
      .raw(
        `create trigger sequence_stats_update after update of last_submission_status, expected_by, created_on, slot_sequence_id on slots for each row when ${changed} begin ${mark('old')} ` +
          `insert into sequence_stats_stale (slot_sequence_id) select new.slot_sequence_id where new.slot_sequence_id <> old.slot_sequence_id; end`,
      )
      .execute(db);
  }
  await sql
    .raw(
      `insert into sequence_stats (slot_sequence_id, failed_count, last_delivery_at, first_unsubmitted_due)
       select q.id,
         (select count(*) from slots where slots.slot_sequence_id = q.id and slots.last_submission_status = 'Failed'),
         (select max(coalesce(slots.expected_by, slots.created_on)) from slots where slots.slot_sequence_id = q.id and slots.last_submission_status in ('CompletedWithoutFailures', 'CompletedWithFailures')),
         (select min(slots.expected_by) from slots where slots.slot_sequence_id = q.id and slots.last_submission_status is null and slots.expected_by is not null)
       from slot_sequences as q`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const name of ['sequence_stats_insert', 'sequence_stats_delete', 'sequence_stats_update']) {
    await sql.raw(postgres ? `drop trigger if exists ${name} on slots` : `drop trigger if exists ${name}`).execute(db);
  }
  if (postgres) await sql`drop function if exists sequence_stats_mark()`.execute(db);
  await sql`drop table if exists sequence_stats_stale`.execute(db);
  await sql`drop table if exists sequence_stats`.execute(db);
}

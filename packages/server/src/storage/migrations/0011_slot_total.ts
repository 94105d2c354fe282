import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL: the number of slots, exact and read in constant time, for the unfiltered slots
 * overview's `totalCount` (decision 0018). `count(*)` visits every slot (about 5 ms per 100,000),
 * and a counter row that each new slot updated would make every slot-creating write wait on it.
 * Statement triggers append one row of `slot_total_deltas` per slot-inserting (or deleting)
 * statement, which no other writer waits on; `SlotTotalRepository.fold` moves them into the
 * single `slot_total` row now and then. The total is that row plus the deltas not folded yet.
 * SQLite counts its slots from its smallest index in a few hundredths of a millisecond at 1M:
 * nothing is kept there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create table slot_total (id smallint primary key check (id = 1), slots bigint not null)`.execute(db);
  await sql`create table slot_total_deltas (id bigserial primary key, slots integer not null)`.execute(db);
  await sql
    .raw(
      `create function slot_total_inserted() returns trigger language plpgsql as $$ begin
        insert into slot_total_deltas (slots) select count(*) from added_slots having count(*) > 0;
        return null;
      end $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function slot_total_deleted() returns trigger language plpgsql as $$ begin
        insert into slot_total_deltas (slots) select -count(*) from removed_slots having count(*) > 0;
        return null;
      end $$`,
    )
    .execute(db);
  // The triggers come first: creating them locks out inserts into slots until this migration
  // commits, so the count below and the triggers' deltas neither miss nor double a slot.
  await sql`create trigger slot_total_insert after insert on slots referencing new table as added_slots for each statement execute function slot_total_inserted()`.execute(db);
  await sql`create trigger slot_total_delete after delete on slots referencing old table as removed_slots for each statement execute function slot_total_deleted()`.execute(db);
  await sql`insert into slot_total (id, slots) select 1, count(*) from slots`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger if exists slot_total_insert on slots`.execute(db);
  await sql`drop trigger if exists slot_total_delete on slots`.execute(db);
  await sql`drop function if exists slot_total_inserted()`.execute(db);
  await sql`drop function if exists slot_total_deleted()`.execute(db);
  await sql`drop table if exists slot_total_deltas`.execute(db);
  await sql`drop table if exists slot_total`.execute(db);
}

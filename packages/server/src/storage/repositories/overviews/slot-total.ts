import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema.js';

/**
 * The exact number of slots on PostgreSQL, in constant time (migration 0011, decision 0018): the
 * folded total plus the deltas the triggers appended since the last fold, read in one statement,
 * so one snapshot sees a fold either wholly or not at all.
 */
export class SlotTotalRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async total(): Promise<number> {
    const row = await sql<{ total: number | string }>`
      select t.slots + coalesce((select sum(d.slots) from slot_total_deltas as d), 0) as total
      from slot_total as t where t.id = 1`.execute(this.db);
    return Number(row.rows[0]!.total);
  }

  /**
   * Moves the deltas into the total, in one statement. Folds running at once (several instances)
   * stay exact: a delta another fold is deleting is waited for and then skipped, and each adds
   * only what it deleted. Returns how many deltas it folded.
   */
  async fold(): Promise<number> {
    const result = await sql<{ folded: number | string }>`
      with moved as (delete from slot_total_deltas returning slots),
      summed as (select count(*) as folded, coalesce(sum(slots), 0) as slots from moved),
      updated as (update slot_total set slots = slot_total.slots + summed.slots from summed where slot_total.id = 1 and summed.folded > 0)
      select folded from summed`.execute(this.db);
    return Number(result.rows[0]?.folded ?? 0);
  }
}

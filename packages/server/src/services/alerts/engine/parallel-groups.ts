import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from '../../../storage/schema.js';

/**
 * How many transactions the engine runs at once: several on PostgreSQL, where each statement is a
 * network round trip and independent slots can be handled on separate pooled connections; one on
 * SQLite, which has a single writer (parallel transactions would only queue).
 */
export function engineParallelism(db: Kysely<Database>): number {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 4 : 1;
}

/**
 * Splits `items` into at most `groups` lists by slot: every item of one slot lands in the same
 * list, in its original order, so a slot's changes are still handled one after another.
 */
export function groupBySlot<T extends { slotId: number }>(items: readonly T[], groups: number): T[][] {
  if (groups <= 1 || items.length <= 1) return items.length === 0 ? [] : [[...items]];
  const lists: T[][] = Array.from({ length: groups }, () => []);
  for (const item of items) lists[item.slotId % groups]!.push(item);
  return lists.filter((list) => list.length > 0);
}

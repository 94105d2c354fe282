// The query plan of the series statement, as the server runs it (EXPLAIN QUERY PLAN on SQLite,
// EXPLAIN ANALYZE on PostgreSQL): which indexes answer it, kept with the results.
import { sql } from 'kysely';
import { openDatabase } from '../../packages/server/src/storage/db.js';
import { seriesStatement, type SeriesQuery } from '../../packages/server/src/storage/repositories/metric-series.js';

export async function explainSeries(target: string, query: SeriesQuery, limit: number): Promise<string[]> {
  const handle = openDatabase(target);
  try {
    const statement = seriesStatement(handle.dialect, query, query.order ?? 'asc', undefined, limit);
    if (handle.dialect === 'sqlite') {
      const plan = await sql<{ id: number; parent: number; detail: string }>`explain query plan ${statement}`.execute(handle.db);
      const depth = new Map<number, number>();
      return plan.rows.map((row) => {
        const level = (depth.get(row.parent) ?? -1) + 1;
        depth.set(row.id, level);
        return `${'  '.repeat(level)}${row.detail}`;
      });
    }
    const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, costs off, timing off, summary on) ${statement}`.execute(handle.db);
    return plan.rows.map((row) => row['QUERY PLAN']);
  } finally {
    await handle.close();
  }
}

import pg from 'pg';
import { Kysely, PostgresDialect } from '/work/main/node_modules/kysely/dist/esm/index.js';
import { SlotOverviewRepository } from '/work/main/packages/server/src/storage/repositories/overviews/slots.js';
const now = Date.now();
const pool = new pg.Pool({ connectionString: process.argv[2]! });
const captured: Array<{ sql: string; parameters: readonly unknown[] }> = [];
const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }), log: (e) => { if (e.level === 'query') captured.push({ sql: e.query.sql, parameters: e.query.parameters }); } });
const repo = new SlotOverviewRepository(db, 'postgres');
const f = { nameValues: { values: [process.argv[3]!], operator: 'or' as const } };
const total = await repo.count(f, now);
await repo.page(f, now, { key: 'expectedBy', direction: 'desc' }, 20, 0, total);
console.log('total', total);
for (const q of captured) {
  for (let i = 0; i < 3; i++) await pool.query(q.sql, q.parameters as unknown[]);
  const r = await pool.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
  console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
  console.log('----');
}
await pool.end();

import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

/**
 * The least a server can do for a durable write, in its own process: bare Fastify with one table
 * of three columns and its primary key, nothing of LucoTS. `GET /healthz` reads the database once
 * (`select 1`, as luco-server's does); `POST /write` parses the metric body and inserts one row per
 * metric in one statement, committed before the answer. SQLite also serves `POST /write-shared`,
 * where the writes of one turn of the event loop share a commit (the best a group commit can do).
 * argv[2]: a SQLite file path or a PostgreSQL URL.
 */
interface Body {
  metrics?: Array<{ name?: unknown; value?: unknown }>;
}

const target = process.argv[2]!;
const app = Fastify();

function rowsOf(body: Body): Array<[string, number]> {
  return (body.metrics ?? []).map((metric) => [String(metric.name), Number(metric.value)]);
}

if (target.startsWith('postgres')) {
  const pool = new pg.Pool({ connectionString: target, max: 10 });
  await pool.query('create table if not exists floor_writes (id bigserial primary key, name text not null, value double precision not null)');
  app.get('/healthz', async () => {
    await pool.query('select 1');
    return { status: 'ok' };
  });
  app.post('/write', async (request, reply) => {
    const rows = rowsOf(request.body as Body);
    const values = rows.map((_, index) => `($${index * 2 + 1}, $${index * 2 + 2})`).join(', ');
    await pool.query(`insert into floor_writes (name, value) values ${values}`, rows.flat());
    return reply.code(201).send({ stored: rows.length });
  });
  app.addHook('onClose', async () => pool.end());
} else {
  const db = new Database(target);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table if not exists floor_writes (id integer primary key, name text not null, value real not null)');
  const ping = db.prepare('select 1');
  const insert = db.prepare('insert into floor_writes (name, value) values (?, ?)');
  const insertAll = db.transaction((rows: Array<[string, number]>) => {
    for (const row of rows) insert.run(...row);
  });
  app.get('/healthz', async () => {
    ping.get();
    return { status: 'ok' };
  });
  app.post('/write', async (request, reply) => {
    const rows = rowsOf(request.body as Body);
    insertAll(rows);
    return reply.code(201).send({ stored: rows.length });
  });

  // The writes of one turn go in one transaction, committed by the first setImmediate after it.
  let waiting: Array<() => void> = [];
  const commitTurn = () => {
    const done = waiting;
    waiting = [];
    db.exec('commit');
    for (const resolve of done) resolve();
  };
  app.post('/write-shared', async (request, reply) => {
    const rows = rowsOf(request.body as Body);
    if (waiting.length === 0) {
      db.exec('begin');
      setImmediate(commitTurn);
    }
    for (const row of rows) insert.run(...row);
    await new Promise<void>((resolve) => waiting.push(resolve));
    return reply.code(201).send({ stored: rows.length });
  });
  app.addHook('onClose', async () => void db.close());
}

await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ port: (app.server.address() as { port: number }).port });
process.on('disconnect', () => void app.close().then(() => process.exit(0)));

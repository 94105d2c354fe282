import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/storage/db.js';
import { SqliteCheckpointer } from '../../src/storage/sqlite-checkpointer.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('a SQLite file is checkpointed off the request path, and closes with no WAL left behind', async () => {
  dir = mkdtempSync(join(tmpdir(), 'luco-checkpoint-'));
  const path = join(dir, 'luco.db');
  const stderr = vi.spyOn(process.stderr, 'write');
  const handle = openDatabase(path);
  await sql`create table filler (id integer primary key, data text not null)`.execute(handle.db);
  const row = 'x'.repeat(4000);
  // About 8 MB: twice the WAL size at which SQLite would otherwise checkpoint inside a write.
  for (let batch = 0; batch < 20; batch++) {
    await handle.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 100; i++) await sql`insert into filler (data) values (${row})`.execute(trx);
    });
  }
  const deadline = Date.now() + 5_000;
  while (statSync(path).size < 8_000_000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(statSync(path).size).toBeGreaterThanOrEqual(8_000_000);
  // The worker did it: had it failed, the connection would have said so and checkpointed inline.
  expect(stderr.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('checkpoint'))).toEqual([]);
  stderr.mockRestore();
  await handle.close();
  expect(existsSync(`${path}-wal`)).toBe(false);
  const reopened = openDatabase(path);
  const count = await sql<{ n: number }>`select count(*) as n from filler`.execute(reopened.db);
  expect(count.rows[0]?.n).toBe(2000);
  await reopened.close();
});

it('under a steady stream of writes the log still starts over: its file stays near the restart size', async () => {
  dir = mkdtempSync(join(tmpdir(), 'luco-checkpoint-'));
  const path = join(dir, 'luco.db');
  const connection = new SQLite(path);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('busy_timeout = 5000');
  connection.exec('create table filler (id integer primary key, data text not null)');
  // 256 frames: a 1 MiB log at 4 KiB pages.
  const checkpointer = new SqliteCheckpointer(connection, path, { intervalMs: 20, restartFrames: 256 });
  const insert = connection.prepare('insert into filler (data) values (?)');
  const writeBatch = connection.transaction(() => {
    for (let i = 0; i < 25; i++) insert.run('x'.repeat(4000));
  });
  // The worker started (its first checkpoint has run).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const sizes: number[] = [];
  // 40 MB written, one transaction after another as a busy server commits them, with a turn of
  // the event loop between two.
  for (let batch = 0; batch < 400; batch++) {
    writeBatch();
    sizes.push(statSync(`${path}-wal`).size);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  // Once the writes stop, a long log is started over once, not again and again.
  connection.transaction(() => {
    for (let i = 0; i < 500; i++) insert.run('x'.repeat(4000));
  })();
  let restarts = 0;
  const pragma = connection.pragma.bind(connection);
  connection.pragma = ((source: string, options?: SQLite.PragmaOptions) => {
    if (source.includes('RESTART')) restarts++;
    return pragma(source, options);
  }) as typeof connection.pragma;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const restartsWhenIdle = restarts;
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(restartsWhenIdle).toBeGreaterThanOrEqual(1);
  expect(restarts).toBe(restartsWhenIdle);
  await checkpointer.stop();
  // Left alone, the log holds all 40 MB and only grows. Started over, its file is cut back to the
  // restart size (journal_size_limit) and grows again from there.
  const startsOver = sizes.filter((size, index) => index > 0 && size < sizes[index - 1]!).length;
  expect(startsOver).toBeGreaterThanOrEqual(3);
  expect(Math.max(...sizes)).toBeLessThan(20_000_000);
  expect((connection.prepare('select count(*) as n from filler').get() as { n: number }).n).toBe(10_500);
  connection.close();
});

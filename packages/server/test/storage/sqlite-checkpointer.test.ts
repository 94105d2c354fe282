import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/storage/db.js';

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

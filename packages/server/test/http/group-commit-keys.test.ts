import { sql, type Kysely, type Transaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { GroupCommit } from '../../src/storage/group-commit.js';
import type { Database } from '../../src/storage/schema.js';
import { createPostgresDatabase, testDialect } from '../support/test-database.js';

// Keyed units (GroupCommit.run's `keys`) on the project's database: a unit whose key a transaction
// in flight holds runs after that transaction ends, in a transaction of its own, never waiting
// inside a shared transaction on the other's uncommitted rows (which on PostgreSQL stalls every
// unit sharing it until the other commit's flush).

let database: DatabaseHandle;
let drop: (() => Promise<void>) | undefined;

beforeEach(async () => {
  if (testDialect() === 'postgres') {
    const created = await createPostgresDatabase();
    database = openDatabase(created.url);
    drop = created.drop;
  } else {
    database = openDatabase(':memory:');
  }
  await sql`create table runs (id text primary key, note text not null)`.execute(database.db);
});
afterEach(async () => {
  await database.close();
  await drop?.();
  drop = undefined;
});

/** A unit that records which transaction ran it and when it started, and inserts its row if the id is new. */
function recorder() {
  const started: string[] = [];
  const transactionOf = new Map<string, Transaction<Database>>();
  const unit = (name: string, id: string, gate?: Promise<void>) => async (trx: Transaction<Database>) => {
    started.push(name);
    transactionOf.set(name, trx);
    const inserted = await sql<{ id: string }>`insert into runs (id, note) values (${id}, ${name}) on conflict (id) do nothing returning id`.execute(trx);
    await gate;
    return inserted.rows.length === 1 ? 'inserted' : 'known';
  };
  return { started, transactionOf, unit };
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 5_000) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const stored = async (db: Kysely<Database>) => (await sql<{ id: string; note: string }>`select id, note from runs order by note`.execute(db)).rows;

describe('GroupCommit keys', () => {
  it('a unit whose key is in flight waits for that commit, then finds its row; units of other keys do not wait', async () => {
    const commits = new GroupCommit(database.db);
    const { started, transactionOf, unit } = recorder();
    const held = gate();
    const first = commits.run('start', unit('start', 'run-1', held.promise), ['run-1']);
    await until(() => started.includes('start'));

    const second = commits.run('complete', unit('complete', 'run-1'), ['run-1']);
    const other = commits.run('other', unit('other', 'run-2'), ['run-2']);
    // On PostgreSQL another key commits beside the open transaction (SQLite has one connection).
    if (testDialect() === 'postgres') await expect(other).resolves.toBe('inserted');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).not.toContain('complete');

    held.open();
    await expect(first).resolves.toBe('inserted');
    // Run after the first committed: it sees the committed row instead of waiting on it.
    await expect(second).resolves.toBe('known');
    await expect(other).resolves.toBe('inserted');
    expect(started).toEqual(['start', 'other', 'complete']);
    expect(transactionOf.get('complete')).not.toBe(transactionOf.get('start'));
    expect(transactionOf.get('complete')).not.toBe(transactionOf.get('other'));
    expect(await stored(database.db)).toEqual([
      { id: 'run-2', note: 'other' },
      { id: 'run-1', note: 'start' },
    ]);
  });

  it('held units keep their order, and a later unit sharing a key with a held one is held behind it', async () => {
    const commits = new GroupCommit(database.db);
    const { started, unit } = recorder();
    const held = gate();
    const first = commits.run('a', unit('a', 'x', held.promise), ['x']);
    await until(() => started.includes('a'));
    const later = [
      commits.run('b', unit('b', 'x'), ['x', 'y']),
      // Free of the in-flight key, but after `b` on key y: it must not overtake `b`.
      commits.run('c', unit('c', 'y'), ['y']),
      commits.run('d', unit('d', 'x'), ['x']),
    ];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual(['a']);
    held.open();
    await Promise.all([first, ...later]);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(await Promise.all(later)).toEqual(['known', 'inserted', 'known']);
  });

  it('a failed unit releases its keys: the held unit runs, and its own failure stays its own', async () => {
    const commits = new GroupCommit(database.db);
    const { started, unit } = recorder();
    const held = gate();
    const failing = commits.run(
      'fails',
      async (trx) => {
        await unit('fails', 'z')(trx);
        await held.promise;
        throw new Error('bad unit');
      },
      ['z'],
    );
    await until(() => started.includes('fails'));
    const next = commits.run('next', unit('next', 'z'), ['z']);
    held.open();
    await expect(failing).rejects.toThrow('bad unit');
    // The failed unit's row was rolled back: the held one inserts it.
    await expect(next).resolves.toBe('inserted');
    expect(await stored(database.db)).toEqual([{ id: 'z', note: 'next' }]);
  });

  it('units without keys are never held', async () => {
    const commits = new GroupCommit(database.db);
    const { started, unit } = recorder();
    const held = gate();
    const first = commits.run('keyed', unit('keyed', 'k', held.promise), ['k']);
    await until(() => started.includes('keyed'));
    const plain = commits.run('plain', unit('plain', 'k'));
    if (testDialect() === 'postgres') {
      // Not held by the key: it runs at once, and then waits on the row like any writer.
      await until(() => started.includes('plain'));
    }
    held.open();
    await expect(first).resolves.toBe('inserted');
    await expect(plain).resolves.toBe('known');
  });
});

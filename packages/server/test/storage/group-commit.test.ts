import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { GroupCommit } from '../../src/storage/group-commit.js';

let database: DatabaseHandle;

beforeEach(async () => {
  database = openDatabase(':memory:');
  await sql`create table notes (id integer primary key, text text not null)`.execute(database.db);
});
afterEach(async () => database.close());

const insert = (id: number) => async (trx: DatabaseHandle['db']) => {
  await sql`insert into notes (id, text) values (${id}, ${`note ${id}`})`.execute(trx);
  return id;
};
const stored = async () => (await sql<{ id: number }>`select id from notes order by id`.execute(database.db)).rows.map((row) => row.id);

describe('GroupCommit', () => {
  it('runs the units of one event-loop turn in one transaction, in order, each settling with its own result', async () => {
    const commits = new GroupCommit(database.db);
    const transactions = vi.spyOn(database.db, 'transaction');
    const results = await Promise.all([commits.run('a', insert(1)), commits.run('b', insert(2)), commits.run('c', insert(3))]);
    expect(results).toEqual([1, 2, 3]);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(await stored()).toEqual([1, 2, 3]);
    await commits.run('d', insert(4));
    expect(transactions).toHaveBeenCalledTimes(2);
  });

  it('a failing unit is rolled back alone: its writes vanish, the others commit', async () => {
    const commits = new GroupCommit(database.db);
    const failing = async (trx: DatabaseHandle['db']) => {
      await insert(20)(trx);
      throw new Error('bad unit');
    };
    const results = await Promise.allSettled([commits.run('a', insert(10)), commits.run('b', failing), commits.run('c', insert(30))]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as Error).message).toBe('bad unit');
    expect(await stored()).toEqual([10, 30]);
  });

  it('a batch whose units all succeed runs no savepoint; one that fails runs again, each unit in its own', async () => {
    const statements: string[] = [];
    const logged = new GroupCommit(
      database.db.withPlugin({
        transformQuery: (args) => {
          if (args.node.kind === 'RawNode') statements.push(args.node.sqlFragments.join('?'));
          return args.node;
        },
        transformResult: async (args) => args.result,
      }),
    );
    const runs: number[] = [];
    const counted = (id: number) => async (trx: DatabaseHandle['db']) => {
      runs.push(id);
      return insert(id)(trx);
    };
    await Promise.all([logged.run('a', counted(1)), logged.run('b', counted(2))]);
    expect(statements.filter((text) => text.includes('savepoint'))).toEqual([]);
    expect(runs).toEqual([1, 2]);

    runs.length = 0;
    const failing = async (trx: DatabaseHandle['db']) => {
      runs.push(4);
      await insert(4)(trx);
      throw new Error('bad unit');
    };
    const results = await Promise.allSettled([logged.run('c', counted(3)), logged.run('d', failing), logged.run('e', counted(5))]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The first try stopped at the failure and was rolled back; the second isolated each unit.
    expect(runs).toEqual([3, 4, 3, 4, 5]);
    expect(statements.filter((text) => text.startsWith('savepoint'))).toHaveLength(3);
    expect(await stored()).toEqual([1, 2, 3, 5]);
  });

  it('a unit alone that fails leaves nothing behind', async () => {
    const commits = new GroupCommit(database.db);
    await expect(
      commits.alone('import', async (trx) => {
        await insert(1)(trx);
        await insert(2)(trx);
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect(await stored()).toEqual([]);
  });

  it('no unit settles before the commit that makes it durable: another connection already sees its rows', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'luco-group-commit-'));
    const writer = openDatabase(join(folder, 'luco.db'));
    const reader = openDatabase(join(folder, 'luco.db'));
    try {
      await sql`create table notes (id integer primary key, text text not null)`.execute(writer.db);
      const commits = new GroupCommit(writer.db);
      const seenWhenSettled = await Promise.all(
        [1, 2].map((id) => commits.run(String(id), insert(id)).then(async () => (await sql<{ id: number }>`select id from notes order by id`.execute(reader.db)).rows.map((row) => row.id))),
      );
      expect(seenWhenSettled).toEqual([
        [1, 2],
        [1, 2],
      ]);
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it('a deadlock or serialization failure (PostgreSQL 40P01/40001) runs the unit again; other errors do not', async () => {
    const commits = new GroupCommit(database.db);
    let attempts = 0;
    const flaky = async (trx: DatabaseHandle['db']) => {
      attempts++;
      await insert(attempts)(trx);
      if (attempts < 3) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return attempts;
    };
    await expect(commits.run('flaky', flaky)).resolves.toBe(3);
    expect(await stored()).toEqual([3]);

    let plain = 0;
    await expect(
      commits.run('plain', async () => {
        plain++;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      }),
    ).rejects.toThrow('unique violation');
    expect(plain).toBe(1);
  });
});

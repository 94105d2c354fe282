import { sql, type KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { PreparedQuery } from '../../src/storage/prepared-query.js';
import { runInTransaction } from '../../src/storage/sqlite-direct.js';

let database: DatabaseHandle;
let other: DatabaseHandle | undefined;

beforeEach(async () => {
  database = openDatabase(':memory:');
  await sql`create table notes (id integer primary key, text text not null, tag text)`.execute(database.db);
});
afterEach(async () => {
  await database.close();
  await other?.close();
  other = undefined;
});

/** A prepared insert that counts how often Kysely had to build it. */
function countedInsert() {
  const counted = { builds: 0 };
  const insert = new PreparedQuery(3, (db, id: number, text: string, tag: string | null) => {
    counted.builds++;
    return db.insertInto('notes' as never).values({ id, text, tag } as never);
  });
  return { insert, counted };
}

const notes = async (handle: DatabaseHandle) => (await sql<{ id: number; text: string; tag: string | null }>`select id, text, tag from notes order by id`.execute(handle.db)).rows;

describe('PreparedQuery', () => {
  it('builds a statement once per database and runs it with each call\u2019s values, in and out of transactions', async () => {
    const { insert, counted } = countedInsert();
    await insert.execute(database.db, 1, 'one', null);
    await database.db.transaction().execute(async (trx) => {
      await insert.execute(trx, 2, 'two', 'b');
      await insert.execute(trx, 3, 'three', null);
    });
    expect(await notes(database)).toEqual([
      { id: 1, text: 'one', tag: null },
      { id: 2, text: 'two', tag: 'b' },
      { id: 3, text: 'three', tag: null },
    ]);
    expect(counted.builds).toBe(1);

    other = openDatabase(':memory:');
    await sql`create table notes (id integer primary key, text text not null, tag text)`.execute(other.db);
    await insert.execute(other.db, 7, 'elsewhere', null);
    expect(await notes(other)).toEqual([{ id: 7, text: 'elsewhere', tag: null }]);
    expect(counted.builds).toBe(2);
  });

  it('gives back what the statement returns', async () => {
    const returning = new PreparedQuery(2, (db, id: number, text: string) => db.insertInto('notes' as never).values({ id, text } as never).returning(sql<number>`id * 10`.as('tenfold')));
    expect((await returning.execute(database.db, 4, 'four')).rows).toEqual([{ tenfold: 40 }]);
    expect((await returning.execute(database.db, 5, 'five')).rows).toEqual([{ tenfold: 50 }]);
  });

  it('refuses a statement that does not send each of its values as a parameter', async () => {
    const unused = new PreparedQuery(2, (db, id: number, _text: string) => db.insertInto('notes' as never).values({ id, text: 'fixed' } as never));
    await expect(unused.execute(database.db, 1, 'ignored')).rejects.toThrow(/must use each of its 2 values as a parameter/);
    // Written into the SQL text instead of sent: every run would send the first build's text.
    const inlined = new PreparedQuery(1, (db, text: string) => db.insertInto('notes' as never).values({ id: 1, text: sql.raw(`'${String(text)}'`) } as never));
    await expect(inlined.execute(database.db, 'x')).rejects.toThrow(/must use each of its 1 values as a parameter/);
    expect(await notes(database)).toEqual([]);
  });

  it('plugins on the database still see every run', async () => {
    const seen: string[] = [];
    const observer: KyselyPlugin = {
      transformQuery: (args) => {
        seen.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const { insert, counted } = countedInsert();
    await insert.execute(database.db.withPlugin(observer), 1, 'one', null);
    await insert.execute(database.db.withPlugin(observer), 2, 'two', null);
    expect(seen).toEqual(['InsertQueryNode', 'InsertQueryNode']);
    expect(counted.builds).toBe(1);
  });
});

describe('PreparedQuery in a SQLite transaction (run on the connection directly)', () => {
  const observer: KyselyPlugin = { transformQuery: (args) => args.node, transformResult: async (args) => args.result };

  it('runs directly only inside a transaction without plugins', async () => {
    expect(runInTransaction(database.db, 'select 1 as one', [])).toBeUndefined();
    await database.db.transaction().execute(async (trx) => {
      expect(await runInTransaction(trx, 'select ? as one', [1])).toEqual({ rows: [{ one: 1 }] });
      expect(runInTransaction(trx.withPlugin(observer), 'select 1 as one', [])).toBeUndefined();
    });
  });

  it('gives the results Kysely\u2019s driver gives, for writes and reads, and for raw sql statements', async () => {
    const { insert } = countedInsert();
    const read = new PreparedQuery(1, (_db, id: number) => sql<{ text: string }>`select text from notes where id >= ${id} order by id`);
    const outside = await insert.execute(database.db, 1, 'one', null);
    const inside = await database.db.transaction().execute(async (trx) => ({ write: await insert.execute(trx, 2, 'two', null), read: await read.execute(trx, 1) }));
    expect(outside).toEqual({ rows: [], numAffectedRows: 1n, insertId: 1n });
    expect(inside.write).toEqual({ rows: [], numAffectedRows: 1n, insertId: 2n });
    expect(inside.read.rows).toEqual([{ text: 'one' }, { text: 'two' }]);
    expect((await read.execute(database.db, 2)).rows).toEqual([{ text: 'two' }]);
  });

  it('a failing statement rejects, and its transaction rolls back', async () => {
    const { insert } = countedInsert();
    await insert.execute(database.db, 1, 'one', null);
    const failed = database.db.transaction().execute(async (trx) => {
      await insert.execute(trx, 2, 'two', null);
      await insert.execute(trx, 1, 'again', null);
    });
    await expect(failed).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await notes(database)).toEqual([{ id: 1, text: 'one', tag: null }]);
  });

  it('a statement outside the transaction waits for its end instead of running inside it', async () => {
    const { insert } = countedInsert();
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    const rolledBack = database.db.transaction().execute(async (trx) => {
      await insert.execute(trx, 1, 'in the transaction', null);
      opened();
      // The transaction stays open across timers, as a write waiting on something else would.
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('roll back');
    });
    await open;
    const outside = insert.execute(database.db, 2, 'outside', null);
    await expect(rolledBack).rejects.toThrow('roll back');
    await outside;
    expect(await notes(database)).toEqual([{ id: 2, text: 'outside', tag: null }]);
  });

  it('plugins on a transaction still see every run', async () => {
    const seen: string[] = [];
    const counting: KyselyPlugin = { transformQuery: (args) => (seen.push(args.node.kind), args.node), transformResult: async (args) => args.result };
    const { insert } = countedInsert();
    await database.db.transaction().execute(async (trx) => insert.execute(trx.withPlugin(counting), 1, 'one', null));
    expect(seen).toEqual(['InsertQueryNode']);
  });
});

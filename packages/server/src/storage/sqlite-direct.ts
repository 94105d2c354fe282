import type { Kysely, QueryResult, SqliteDatabase } from 'kysely';
import type { Database } from './schema.js';

/** Per Kysely instance (its dialect adapter, which its transactions share): the SQLite connection it was given. */
const connections = new WeakMap<object, SqliteDatabase>();

/** Lets prepared statements of `db`'s transactions run on `database` directly (see `runInTransaction`). */
export function registerDirectSqlite(db: Kysely<Database>, database: SqliteDatabase): void {
  connections.set(db.getExecutor().adapter, database);
}

/**
 * Runs a compiled statement of an open SQLite transaction on its connection, without Kysely's
 * executor: the same calls and result as Kysely's SQLite driver, with none of the promise layers
 * around them (several microseconds a statement, a write path's largest cost after SQLite's own).
 * Only inside a transaction: the transaction holds the driver's only connection, and statements
 * of one transaction run one at a time in the order they are issued. undefined when `db` is not
 * such a transaction, or has plugins, which must see every statement.
 */
export function runInTransaction<R>(db: Kysely<Database>, sql: string, parameters: readonly unknown[]): Promise<QueryResult<R>> | undefined {
  if (!db.isTransaction) return undefined;
  const executor = db.getExecutor();
  if (executor.plugins.length > 0) return undefined;
  const connection = connections.get(executor.adapter);
  if (!connection) return undefined;
  try {
    const statement = connection.prepare(sql);
    if (statement.reader) return Promise.resolve({ rows: statement.all(parameters) as R[] });
    const { changes, lastInsertRowid } = statement.run(parameters);
    return Promise.resolve({ rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) });
  } catch (error) {
    return Promise.reject(error);
  }
}

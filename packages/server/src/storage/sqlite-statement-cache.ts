import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared; the server issues far fewer shapes than this. */
const DEFAULT_CAPACITY = 500;

/**
 * Hands Kysely's SQLite driver a database whose `prepare` reuses compiled statements. Kysely
 * prepares every query afresh, and compiling the SQL cost as much as running it on the write
 * paths (see docs/benchmarks.md). Safe because the driver runs one query at a time to the end
 * (`all`/`run`); the server never streams, which could leave a shared statement mid-iteration.
 */
export function withStatementCache(connection: SqliteConnection, capacity = DEFAULT_CAPACITY): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close: () => {
      statements.clear();
      connection.close();
    },
    prepare: (sql: string) => {
      const cached = statements.get(sql);
      if (cached) {
        // Move to the back: the map's order is least recently used first.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = connection.prepare(sql);
      if (statements.size >= capacity) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

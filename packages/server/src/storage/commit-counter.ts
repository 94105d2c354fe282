import type { Database as SqliteConnection } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import type pg from 'pg';

/**
 * Counts the commits that make writes durable (a WAL append on SQLite, a WAL flush on
 * PostgreSQL): a COMMIT of a transaction that changed something, or a statement that changed
 * something outside a transaction (its own implicit commit). Read-only transactions and statements
 * are not counted: they write nothing to the WAL. For measuring only (the tests and benchmarks
 * that check "one commit per write": `openDatabase(target, { countCommits: true })`); the server
 * never turns it on, since it adds a statement per statement on SQLite and one per commit on PostgreSQL.
 */
export class CommitCounter {
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(): void {
    this.#count++;
  }
}

function firstWord(text: string): string {
  return /^\s*([a-z]+)/i.exec(text)?.[1]?.toLowerCase() ?? '';
}

/**
 * SQLite: wraps the database Kysely's driver prepares statements on. SQLite's `total_changes()`
 * (rows inserted, updated or deleted on this connection) before and after each statement says
 * whether it changed anything; a COMMIT counts when its transaction did.
 */
export function countSqliteCommits(database: SqliteDatabase, connection: SqliteConnection, counter: CommitCounter): SqliteDatabase {
  const totalChanges = connection.prepare('select total_changes()').pluck();
  const changes = () => Number(totalChanges.get());
  let changesAtBegin = 0;
  const observe = <T>(text: string, execute: () => T): T => {
    const verb = firstWord(text);
    const inTransaction = connection.inTransaction;
    const before = changes();
    const result = execute();
    const after = changes();
    if (verb === 'begin') changesAtBegin = after;
    else if (verb === 'commit' || verb === 'end') {
      if (after !== changesAtBegin) counter.add();
    } else if (!inTransaction && after !== before) counter.add();
    return result;
  };
  return {
    close: () => database.close(),
    prepare: (text: string): SqliteStatement => {
      const statement = database.prepare(text);
      return {
        get reader() {
          return statement.reader;
        },
        all: (parameters) => observe(text, () => statement.all(parameters)),
        run: (parameters) => observe(text, () => statement.run(parameters)),
        iterate: (parameters) => observe(text, () => statement.iterate(parameters)),
      };
    },
  };
}

/** Statements that change data or schema when run outside a transaction (each is then its own commit). */
const CHANGING = new Set(['insert', 'update', 'delete', 'merge', 'create', 'alter', 'drop', 'truncate']);

/**
 * PostgreSQL: wraps one pooled connection's `query`. Before a COMMIT it asks whether the
 * transaction was given a transaction id (`txid_current_if_assigned()`: PostgreSQL assigns one at
 * the first change, and only such a transaction writes a commit record); outside a transaction, a
 * changing statement counts (a `with` counts when it inserts, updates or deletes).
 */
export function countPostgresCommits(client: pg.PoolClient, counter: CommitCounter): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
  let inTransaction = false;
  const counted = (...args: unknown[]): Promise<pg.QueryResult> => {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: unknown } | undefined)?.text as string | undefined) ?? '';
    const verb = firstWord(text);
    if (verb === 'begin' || verb === 'start') {
      inTransaction = true;
      return query(...args);
    }
    if (verb === 'rollback' || verb === 'abort') {
      inTransaction = false;
      return query(...args);
    }
    if ((verb === 'commit' || verb === 'end') && inTransaction) {
      return query('select txid_current_if_assigned() as xid').then(async (probe) => {
        const changed = (probe.rows[0] as { xid: unknown } | undefined)?.xid != null;
        const result = await query(...args);
        inTransaction = false;
        if (changed) counter.add();
        return result;
      });
    }
    const changes = CHANGING.has(verb) || (verb === 'with' && /\b(insert|update|delete)\b/i.test(text));
    if (inTransaction || !changes) return query(...args);
    return query(...args).then((result) => {
      counter.add();
      return result;
    });
  };
  (client as unknown as { query: typeof counted }).query = counted;
}

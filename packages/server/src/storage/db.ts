import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { preparePrivateFile, preparePrivateFolder, tightenPrivateFile, warnOnStderr, type Warn } from './private-files.js';
import { CommitCounter, countPostgresCommits, countSqliteCommits } from './commit-counter.js';
import type { Database } from './schema.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { registerDirectSqlite } from './sqlite-direct.js';
import { withStatementCache } from './sqlite-statement-cache.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, safe to log (a PostgreSQL password is masked). */
  location: string;
  /** The PostgreSQL connection string (for a dedicated LISTEN connection); undefined for SQLite. */
  postgresUrl?: string | undefined;
  /** The durable commits so far, when opened with `countCommits` (tests and benchmarks). */
  commits?: CommitCounter | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL pool size (default 10). */
  poolSize?: number | undefined;
  /** Told when an idle pooled PostgreSQL connection fails (e.g. the server restarted); default: stderr. */
  onConnectionError?: ((error: Error) => void) | undefined;
  /** Told when a SQLite file or folder is more open than it should be (default: stderr). */
  warn?: Warn | undefined;
  /** Count the commits that write (`handle.commits`); for tests and benchmarks, off in the server. */
  countCommits?: boolean | undefined;
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** Opens a SQLite file (created with its folder), `:memory:`, or a `postgres://` URL. */
export function openDatabase(target: string, options: OpenOptions = {}): DatabaseHandle {
  if (isPostgresUrl(target)) return openPostgres(target, options);
  return openSqlite(target, options.warn ?? warnOnStderr, options.countCommits === true ? new CommitCounter() : undefined);
}

/** The files SQLite keeps beside the database in WAL mode (and a rollback journal, if one was left). */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

function openSqlite(target: string, warn: Warn, commits: CommitCounter | undefined): DatabaseHandle {
  const inMemory = target === ':memory:';
  const path = inMemory ? target : resolve(target);
  // The database holds client secrets' hashes and data: owner-only, created so before SQLite
  // opens it (SQLite gives the -wal/-shm files the database file's mode).
  if (!inMemory) {
    preparePrivateFolder(dirname(path), warn);
    preparePrivateFile(path, warn);
  }
  const sqlite = new SQLite(path);
  // WAL lets readers run beside the writer; synchronous=NORMAL in WAL mode loses nothing that
  // was committed when the process is killed (only an OS crash or power cut could).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Side files left by an older version (or an earlier umask) may be more open than the database.
  if (!inMemory) for (const suffix of SIDE_FILES) tightenPrivateFile(`${path}${suffix}`, warn);
  const checkpointer = inMemory ? undefined : new SqliteCheckpointer(sqlite, path);
  const cached = withStatementCache(sqlite);
  const database = commits ? countSqliteCommits(cached, sqlite, commits) : cached;
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  registerDirectSqlite(db, database);
  return {
    db,
    dialect: 'sqlite',
    location: path,
    commits,
    close: async () => {
      // The worker's connection goes first, so the server's is the last and checkpoints at close.
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

let bigintParserSet = false;

function openPostgres(url: string, options: OpenOptions): DatabaseHandle {
  if (!bigintParserSet) {
    // Epoch-millisecond bigints fit a JS number exactly; read them as numbers, not strings.
    pg.types.setTypeParser(20, (value: string) => Number(value));
    bigintParserSet = true;
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // Without a listener, an idle connection dropped by the database would crash the process;
  // the pool replaces it on the next query.
  pool.on('error', options.onConnectionError ?? ((error) => process.stderr.write(`luco-server: idle PostgreSQL connection failed: ${error.message}\n`)));
  const commits = options.countCommits === true ? new CommitCounter() : undefined;
  if (commits) pool.on('connect', (client) => countPostgresCommits(client, commits));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: maskPassword(url), postgresUrl: url, commits, close: () => db.destroy() };
}

export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

import type { Database as SqliteConnection } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const DEFAULT_INTERVAL_MS = 250;
/** SQLite's own default, restored if the worker fails. */
const AUTOCHECKPOINT_PAGES = 1000;
/**
 * WAL frames (pages) at which the worker starts the log over: 16,384 pages, 64 MiB at the default
 * 4 KiB page size. The server's connection also cuts a longer log file back to this size.
 */
export const DEFAULT_RESTART_FRAMES = 16_384;

/**
 * The worker's code: its own connection copies the WAL back into the database file (PASSIVE:
 * it never waits for, nor blocks, the server's connection). Inline, so it runs the same from
 * the built package and from the TypeScript sources under test; the driver is passed by path.
 *
 * SQLite starts its log over only when a write begins while every frame has been copied back, and
 * under a steady stream of writes a PASSIVE checkpoint is always a few commits behind: the log
 * grew without end (4 GB in 40 s of the OpenLineage benchmark) and every read and commit slowed
 * with it. So once the log passes `restartFrames`, the worker copies what is left (a second
 * PASSIVE, which leaves little), pauses, and asks the server's connection to run a RESTART
 * checkpoint between two of its transactions: as the only writer it never waits for one, it
 * copies the few frames written since and syncs, and its next write starts the log over.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const connection = new SQLite(workerData.path, { fileMustExist: true });
let awaitingRestart = false;
// The log's length just after the server restarted it. After a RESTART any write starts the log
// over, so the same length means nothing was written since: no second RESTART for an idle log.
let idleLog = -1;
const checkpoint = () => {
  if (awaitingRestart) return;
  const [passive] = connection.pragma('wal_checkpoint(PASSIVE)');
  if (passive.log < workerData.restartFrames || passive.log === idleLog) return;
  connection.pragma('wal_checkpoint(PASSIVE)');
  awaitingRestart = true;
  parentPort.postMessage('restart');
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'restarted') {
    idleLog = connection.pragma('wal_checkpoint(PASSIVE)')[0].log;
    awaitingRestart = false;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  connection.close();
  parentPort.close();
});
`;

/**
 * Runs WAL checkpoints on a worker thread instead of inside whichever write happens to cross
 * SQLite's auto-checkpoint threshold: that write used to stall for 5 to 20 ms (copying and
 * syncing the WAL), which was the p99 of metric writes (see docs/benchmarks.md). If the worker
 * fails, the connection goes back to checkpointing itself.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  #stopping = false;
  readonly #exited: Promise<void>;

  constructor(
    private readonly connection: SqliteConnection,
    path: string,
    { intervalMs = DEFAULT_INTERVAL_MS, restartFrames = DEFAULT_RESTART_FRAMES }: { intervalMs?: number; restartFrames?: number } = {},
  ) {
    connection.pragma('wal_autocheckpoint = 0');
    // A log file that grew past the restart size (e.g. under an older version) is cut back to it
    // by the first commit after the log starts over.
    const pageSize = Number(connection.pragma('page_size', { simple: true }));
    connection.pragma(`journal_size_limit = ${restartFrames * pageSize}`);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, intervalMs, restartFrames } });
    // Never keeps the process alive on its own; close() stops it.
    this.#worker.unref();
    this.#worker.on('error', (error) => this.#fallBack(error.message));
    this.#worker.on('message', (message) => {
      if (message === 'restart') this.#restartLog();
    });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    void this.#exited.then(() => {
      if (!this.#stopping) this.#fallBack('it exited');
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#worker.postMessage('stop');
    const timer = setTimeout(() => void this.#worker.terminate(), 2_000);
    await this.#exited;
    clearTimeout(timer);
  }

  /** The worker's request: a RESTART checkpoint on this connection, once it is between transactions. */
  #restartLog(): void {
    if (this.#stopping || !this.connection.open) return;
    if (this.connection.inTransaction) {
      setTimeout(() => this.#restartLog(), 1).unref();
      return;
    }
    try {
      this.connection.pragma('wal_checkpoint(RESTART)');
    } catch (error) {
      process.stderr.write(`luco-server: a WAL restart checkpoint failed (${(error as Error).message}); the worker asks again\n`);
    }
    this.#worker.postMessage('restarted');
  }

  #fallBack(reason: string): void {
    if (this.#stopping || !this.connection.open) return;
    this.connection.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    process.stderr.write(`luco-server: the SQLite checkpoint worker stopped (${reason}); checkpointing inline again\n`);
  }
}
